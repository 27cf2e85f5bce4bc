/**
 * The hostile-responder matrix (test/hostile.ts) on core's fetch transports: the Promise facade
 * (its default, FetchTransport over global fetch), Effect with FetchHttpClient, and Effect with
 * FetchTransport (the direct-fetch path). The Node adapter's suite runs the
 * same matrix over its two transports (FetchTransport, undici), and the Bun and Deno suites over
 * their fetch. README.md's fault matrix
 * shows the rows.
 */
import { afterAll, beforeAll, describe, it } from "@effect/vitest"
import { ConfigProvider, type Duration, Effect, Layer, Redacted } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import { createConversationClient } from "../src/facade.ts"
import { ConversationApi } from "../src/generated/ConversationApi.gen.ts"
import { UltraCartClient } from "../src/runtime/client.ts"
import type { UltraCartClientOptions } from "../src/runtime/config.ts"
import * as FetchTransport from "../src/runtime/fetchTransport.ts"
import type { CallOptions } from "../src/runtime/operation.ts"
import {
  assertBadKeyRefused,
  assertNoSecret,
  badKeys,
  effectCallOptions,
  effectClientOptions,
  type Hostile,
  type HostileCallOptions,
  type HostileClientOptions,
  hostileClient,
  hostileMatrix,
  json,
  type Kit,
  outcomeOf,
  promiseOutcome,
  runHostileCase,
  startHostile
} from "./hostile.ts"

const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled)
})
afterAll(() => {
  process.off("unhandledRejection", onUnhandled)
  if (unhandled.length > 0) throw new Error(`unhandled rejections: ${unhandled.map(String).join("; ")}`)
})

const effectOptions = (client: HostileClientOptions): UltraCartClientOptions => effectClientOptions(client)
const callOptions = (options: HostileCallOptions | undefined): CallOptions | undefined =>
  effectCallOptions(options)

const fetchLayer = (
  options: UltraCartClientOptions,
  http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
) => {
  const client = UltraCartClient.layer(options).pipe(Layer.provide(http))
  return Layer.merge(client, ConversationApi.layer.pipe(Layer.provide(client)))
}

const effectKitOver = (label: string, http: Layer.Layer<HttpClient.HttpClient>): Kit => ({
  label,
  call: (kind, client, options) =>
    outcomeOf(
      Effect.gen(function* () {
        const api = yield* ConversationApi
        return kind === "safe"
          ? yield* api.getConversation({ conversation_uuid: "c1" }, callOptions(options))
          : yield* api.startConversation({ body: {} }, callOptions(options))
      }).pipe(Effect.provide(fetchLayer(effectOptions(client), http)))
    )
})

const effectKit = effectKitOver("Effect + FetchHttpClient", FetchHttpClient.layer)
/** Core's direct-fetch transport (runtime/fetchTransport.ts): fetch called without HttpClient.execute. */
const directKit = effectKitOver("Effect + FetchTransport (direct fetch)", FetchTransport.layer)

const facadeKit: Kit = {
  label: "facade (global fetch)",
  call: async (kind, client, options) => {
    const uc = createConversationClient({
      ...client,
      timeout: client.timeout as Duration.Input,
      retry: { ...client.retry, maxRetryAfter: client.retry.maxRetryAfter as Duration.Input }
    })
    try {
      return await promiseOutcome(
        kind === "safe"
          ? uc.getConversation({ conversation_uuid: "c1" }, callOptions(options))
          : uc.startConversation({ body: {} }, callOptions(options))
      )
    } finally {
      await uc.dispose()
    }
  }
}

for (const kit of [effectKit, directKit, facadeKit]) {
  describe(`hostile responses: ${kit.label}`, () => {
    for (const testCase of hostileMatrix) {
      for (const kind of ["safe", "unsafe"] as const) {
        const [expected, requests] = testCase[kind]
        it(`${testCase.name} → ${kind === "safe" ? "getConversation" : "startConversation"}: ${expected}, ${requests} request(s)`, () =>
          runHostileCase(kit, testCase, kind))
      }
    }
  })
}

/** A responder that must never be reached, for the cases refused before any I/O. */
const withServer = async (run: (server: Hostile) => Promise<void>): Promise<void> => {
  const server = await startHostile(json(200, { conversation: {} }))
  try {
    await run(server)
  } finally {
    await server.close()
  }
}

describe("credentials that cannot be header values", () => {
  for (const [name, key] of badKeys) {
    it(`${name}: UltraCartClient.layer fails with an UltraCartConfigError naming simpleKey, before any request`, () =>
      withServer(async (server) => {
        const outcome = await outcomeOf(
          Effect.provide(
            Effect.void,
            fetchLayer({ ...effectOptions(hostileClient(server)), simpleKey: Redacted.make(key) })
          )
        )
        if (outcome.kind !== "error") throw new Error(`expected an UltraCartConfigError, got ${outcome.kind}`)
        assertBadKeyRefused(outcome.error, "simpleKey", key, server)
      }))

    it(`${name}: an oauthToken fails the same way, naming oauthToken`, () =>
      withServer(async (server) => {
        const { simpleKey: _, ...rest } = effectOptions(hostileClient(server))
        const outcome = await outcomeOf(
          Effect.provide(Effect.void, fetchLayer({ ...rest, oauthToken: Redacted.make(key) }))
        )
        if (outcome.kind !== "error") throw new Error(`expected an UltraCartConfigError, got ${outcome.kind}`)
        assertBadKeyRefused(outcome.error, "oauthToken", key, server)
      }))

    it(`${name}: layerConfig names ULTRACART_SIMPLE_KEY`, () =>
      withServer(async (server) => {
        const layer = UltraCartClient.layerConfig().pipe(
          Layer.provide(FetchHttpClient.layer),
          Layer.provide(
            ConfigProvider.layer(
              ConfigProvider.fromUnknown({ ULTRACART_SIMPLE_KEY: key, ULTRACART_BASE_URL: server.baseUrl })
            )
          )
        )
        const outcome = await outcomeOf(Effect.provide(Effect.void, layer))
        if (outcome.kind !== "error") throw new Error(`expected an UltraCartConfigError, got ${outcome.kind}`)
        assertBadKeyRefused(outcome.error, "ULTRACART_SIMPLE_KEY", key, server)
      }))

    it(`${name}: createConversationClient throws the UltraCartConfigError at once`, () =>
      withServer(async (server) => {
        let thrown: unknown
        try {
          createConversationClient({ ...hostileClient(server), timeout: 1000, retry: false, simpleKey: key })
        } catch (error) {
          thrown = error
        }
        assertBadKeyRefused(thrown, "simpleKey", key, server)
      }))

    it(`${name}: a credential from an Effect is checked per request: InvalidRequest, no I/O, no retry`, () =>
      withServer(async (server) => {
        const outcome = await outcomeOf(
          Effect.gen(function* () {
            const api = yield* ConversationApi
            return yield* api.getConversation({ conversation_uuid: "c1" })
          }).pipe(
            Effect.provide(
              fetchLayer({
                ...effectOptions(hostileClient(server)),
                simpleKey: Effect.succeed(Redacted.make(key))
              })
            )
          )
        )
        if (outcome.kind !== "error") throw new Error(`expected InvalidRequest, got ${outcome.kind}`)
        if (outcome.error._tag !== "InvalidRequest") throw new Error(`got ${outcome.error._tag}`)
        assertNoSecret(outcome.error, [key])
        if (server.requests() !== 0) throw new Error(`expected no request, saw ${server.requests()}`)
      }))

    it(`${name}: the facade's token function is checked per request the same way`, () =>
      withServer(async (server) => {
        const uc = createConversationClient({
          baseUrl: server.baseUrl,
          oauthToken: async () => key,
          retry: { initialDelay: 1, maxDelay: 2 }
        })
        const outcome = await promiseOutcome(uc.getConversation({ conversation_uuid: "c1" }))
        await uc.dispose()
        if (outcome.kind !== "error" || outcome.error._tag !== "InvalidRequest") {
          throw new Error(`expected InvalidRequest, got ${JSON.stringify(outcome)}`)
        }
        assertNoSecret(outcome.error, [key])
        if (server.requests() !== 0) throw new Error(`expected no request, saw ${server.requests()}`)
      }))
  }
})
