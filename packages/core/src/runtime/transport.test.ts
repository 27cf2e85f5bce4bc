import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { json, loopback } from "../../test/loopback.ts"
import { exchange } from "./transport.ts"

const key = "SECRET-KEY-0123456789abcdef"
const site = { operationId: "op", method: "GET", path: "/x" }

describe("exchange", () => {
  it.live("scrubs the platform's own error text, which quotes the bad header value", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, {}))
      const http = yield* HttpClient.HttpClient
      for (const bad of [`${key}\r\nX-Injected: 1`, `${key}\nX-Injected: 1`, `${key}\u0000tail`]) {
        const request = HttpClientRequest.get(`${server.origin}/x`).pipe(
          HttpClientRequest.setHeader("x-secret", bad)
        )
        const error = yield* Effect.flip(
          exchange(http, request, site, { maxResponseBytes: 1000, secrets: [bad] })
        )
        assert.strictEqual(error._tag, "Transport")
        // Node's fetch quotes the value ("… is an invalid header value"); the marker shows it was cut out.
        assert.include(error.detail, "<redacted>")
        for (const rendered of [
          String(error),
          JSON.stringify(error),
          error.message,
          error.stack ?? "",
          inspect(error),
          Cause.pretty(Cause.fail(error))
        ]) {
          assert.notInclude(rendered, key)
        }
      }
      assert.strictEqual(server.requests.length, 0)
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )

  it.live("asks for identity encoding, whatever the caller's headers say", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, { ok: true }))
      const http = yield* HttpClient.HttpClient
      const request = HttpClientRequest.get(`${server.origin}/x`).pipe(
        HttpClientRequest.setHeader("accept-encoding", "gzip, br")
      )
      const response = yield* exchange(http, request, site, { maxResponseBytes: 1000, secrets: [] })
      assert.strictEqual(response.text, '{"ok":true}')
      assert.strictEqual(server.requests[0]?.headers["accept-encoding"], "identity")
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )

  it.live("reports a redirect instead of following it", () =>
    Effect.gen(function* () {
      const elsewhere = yield* loopback((_, res) => json(res, 200, {}))
      const server = yield* loopback((_, res) => {
        res.writeHead(307, { location: `${elsewhere.origin}/x` })
        res.end()
      })
      const http = yield* HttpClient.HttpClient
      const request = HttpClientRequest.put(`${server.origin}/x`).pipe(
        HttpClientRequest.bodyUint8Array(new Uint8Array([1, 2, 3]))
      )
      const response = yield* exchange(http, request, site, { maxResponseBytes: 1000, secrets: [] })
      assert.strictEqual(response.status, 307)
      assert.strictEqual(elsewhere.requests.length, 0)
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )
})
