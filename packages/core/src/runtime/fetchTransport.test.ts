import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import { getConversation } from "../generated/operations/getConversation.gen.ts"
import { UltraCartClient } from "./client.ts"
import { directFetchOf } from "./directFetch.ts"
import * as FetchTransport from "./fetchTransport.ts"

const key = "SECRET-KEY-0123456789abcdef"

/** A fetch that records what it was called with and answers `body` (JSON, with a declared length). */
const recordingFetch = (body: unknown = { conversation: { conversation_uuid: "c1" } }) => {
  const calls: Array<{ input: unknown; init: RequestInit | undefined }> = []
  const fetch = (async (input: unknown, init?: RequestInit) => {
    calls.push({ input, init })
    const text = JSON.stringify(body)
    return new Response(text, {
      status: 200,
      headers: {
        "content-type": "application/json",
        "content-length": String(new TextEncoder().encode(text).length)
      }
    })
  }) as typeof globalThis.fetch
  return { calls, fetch }
}

const clientOver = (http: Layer.Layer<HttpClient.HttpClient>, fetch: typeof globalThis.fetch) =>
  UltraCartClient.layer({
    baseUrl: "https://example.test/rest/v2",
    simpleKey: Redacted.make(key),
    rateLimit: "off"
  }).pipe(Layer.provide(http), Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch)))

const headersOf = (init: RequestInit | undefined): Record<string, string> => {
  const record: Record<string, string> = {}
  new Headers(init?.headers).forEach((value, name) => {
    record[name] = value
  })
  return record
}

describe("FetchTransport", () => {
  it.effect(
    "calls fetch directly (a URL string), with the request's headers, redirects off and identity encoding",
    () =>
      Effect.gen(function* () {
        const { calls, fetch } = recordingFetch()
        const result = yield* getConversation(
          { conversation_uuid: "c1" },
          { headers: { "x-extra": "1" } }
        ).pipe(Effect.provide(clientOver(FetchTransport.layer, fetch)))
        assert.strictEqual(result.conversation?.conversation_uuid, "c1")
        assert.strictEqual(calls.length, 1)
        const [call] = calls
        assert.strictEqual(typeof call?.input, "string")
        assert.strictEqual(call?.input, "https://example.test/rest/v2/conversation/conversations/c1")
        assert.strictEqual(call?.init?.redirect, "manual")
        assert.strictEqual(call?.init?.method, "GET")
        assert.instanceOf(call?.init?.signal, AbortSignal)
        const headers = headersOf(call?.init)
        assert.strictEqual(headers["x-ultracart-simple-key"], key)
        assert.strictEqual(headers["accept-encoding"], "identity")
        assert.strictEqual(headers.accept, "application/json")
        assert.strictEqual(headers["x-extra"], "1")
      })
  )

  it.effect("keeps the application's RequestInit, under the request's own headers and manual redirects", () =>
    Effect.gen(function* () {
      const { calls, fetch } = recordingFetch()
      yield* getConversation({ conversation_uuid: "c1" }).pipe(
        Effect.provide(clientOver(FetchTransport.layer, fetch)),
        Effect.provideService(FetchHttpClient.RequestInit, {
          cache: "no-store",
          redirect: "follow",
          headers: { "x-from-init": "yes", "accept-encoding": "gzip" }
        })
      )
      const init = calls[0]?.init
      assert.strictEqual(init?.cache, "no-store")
      assert.strictEqual(init?.redirect, "manual")
      const headers = headersOf(init)
      assert.strictEqual(headers["x-from-init"], "yes")
      assert.strictEqual(headers["accept-encoding"], "identity")
    })
  )

  it.effect("goes through HttpClient.execute (URL object, http.client span) when a tracer is installed", () =>
    Effect.gen(function* () {
      const { calls, fetch } = recordingFetch()
      const names: Array<string> = []
      const tracer = Tracer.make({
        span(options) {
          names.push(options.name)
          return new Tracer.NativeSpan(options)
        }
      })
      yield* getConversation({ conversation_uuid: "c1" }).pipe(
        Effect.provide(clientOver(FetchTransport.layer, fetch)),
        Effect.withTracer(tracer)
      )
      assert.instanceOf(calls[0]?.input, URL)
      assert.include(names, "getConversation")
      assert.isTrue(
        names.some((name) => name !== "getConversation"),
        "HttpClient's own span is made"
      )
    })
  )

  it.effect("marks only its own client: a client derived from it goes through execute", () =>
    Effect.gen(function* () {
      const { calls, fetch } = recordingFetch()
      const derived = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(
          Effect.service(HttpClient.HttpClient),
          HttpClient.mapRequest(HttpClientRequest.setHeader("x-derived", "1"))
        )
      ).pipe(Layer.provide(FetchTransport.layer))
      const marked = yield* Effect.service(HttpClient.HttpClient).pipe(Effect.provide(FetchTransport.layer))
      const unmarked = yield* Effect.service(HttpClient.HttpClient).pipe(Effect.provide(derived))
      assert.isDefined(directFetchOf(marked))
      assert.isUndefined(directFetchOf(unmarked))
      yield* getConversation({ conversation_uuid: "c1" }).pipe(Effect.provide(clientOver(derived, fetch)))
      assert.instanceOf(calls[0]?.input, URL)
      assert.strictEqual(headersOf(calls[0]?.init)["x-derived"], "1")
    })
  )
})
