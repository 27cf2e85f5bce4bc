import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, Redacted, Tracer } from "effect"
import { FetchHttpClient } from "effect/http"
import { json, type Loopback, loopback } from "../../test/loopback.ts"
import { UltraCartClient } from "../runtime/client.ts"
import { uploadMultimedia } from "./upload.ts"

/** An UltraCart stand-in that hands out `url` as the presigned upload URL. */
const presigning = (url: () => string) =>
  loopback((request, res) =>
    request.url.includes("/conversation/upload_url/")
      ? json(res, 200, { conversation_multimedia_upload_url: { key: "k1", url: url() }, success: true })
      : json(res, 404, {})
  )

const client = (api: Loopback) =>
  UltraCartClient.layer({
    baseUrl: `${api.origin}/rest/v2`,
    simpleKey: Redacted.make("upload-test-key"),
    retry: { initialDelay: 5, maxDelay: 20 }
  }).pipe(Layer.provide(FetchHttpClient.layer))

const bytes = new Uint8Array([1, 2, 3, 4])

describe("uploadMultimedia: the PUT goes through the shared transport policy", () => {
  it.live("does not follow a redirect to another origin: the bytes are sent once, to one place", () =>
    Effect.gen(function* () {
      const elsewhere = yield* loopback((_, res) => json(res, 200, {}))
      const storage = yield* loopback((_, res) => {
        res.writeHead(307, { location: `${elsewhere.origin}/bucket/k1` })
        res.end()
      })
      const api = yield* presigning(() => `${storage.origin}/bucket/k1?X-Amz-Signature=abcdef0123456789`)
      const error = yield* Effect.flip(
        uploadMultimedia(bytes, "png", "image/png").pipe(Effect.provide(client(api)))
      )
      assert.strictEqual(error._tag, "UnexpectedStatus")
      assert.strictEqual("status" in error ? error.status : 0, 307)
      assert.strictEqual(storage.requests.length, 1)
      assert.strictEqual(elsewhere.requests.length, 0)
      assert.notInclude(JSON.stringify(error), "abcdef0123456789")
    })
  )

  it.live("refuses a presigned URL that is plain http off loopback, data: or file:, before any PUT", () =>
    Effect.gen(function* () {
      for (const url of [
        "http://storage.example.com/bucket/k1",
        "data:text/plain,hello",
        "file:///etc/passwd"
      ]) {
        const api = yield* presigning(() => url)
        const error = yield* Effect.flip(
          uploadMultimedia(bytes, "png", "image/png").pipe(Effect.provide(client(api)))
        )
        assert.strictEqual(error._tag, "ResponseDecode", url)
        assert.strictEqual(
          "operationId" in error ? error.operationId : "",
          "getConversationMultimediaUploadUrl"
        )
        assert.strictEqual(api.requests.length, 1, "only the presign request")
      }
    })
  )

  it.live("sends no trace headers without a tracer, and does with one", () =>
    Effect.gen(function* () {
      const storage = yield* loopback((_, res) => json(res, 200, {}))
      const api = yield* presigning(() => `${storage.origin}/bucket/k1`)
      yield* uploadMultimedia(bytes, "png", "image/png").pipe(Effect.provide(client(api)))
      const tracer = Tracer.make({ span: (options) => new Tracer.NativeSpan(options) })
      yield* uploadMultimedia(bytes, "png", "image/png").pipe(
        Effect.provide(client(api)),
        Effect.withTracer(tracer)
      )
      const [untraced, traced] = storage.requests
      assert.isUndefined(untraced?.headers.traceparent)
      assert.isUndefined(untraced?.headers.b3)
      assert.isUndefined(untraced?.headers["x-ultracart-simple-key"])
      assert.strictEqual(untraced?.headers["accept-encoding"], "identity")
      assert.isString(traced?.headers.traceparent)
      assert.deepStrictEqual([...Buffer.from(untraced?.body ?? "", "utf8")], [...bytes])
    })
  )

  it.live("times out a PUT that gets no response (per-attempt timeout), not retried, socket closed", () =>
    Effect.gen(function* () {
      const storage = yield* loopback(() => {
        // never answer
      })
      const api = yield* presigning(() => `${storage.origin}/bucket/k1`)
      const error = yield* Effect.flip(
        // 5 s: the PUT must reach the storage server before the timeout for it to see the abort,
        // and under the full `npm test` graph a request has taken 150 ms just to arrive.
        uploadMultimedia(bytes, "png", "image/png", { timeout: "5 seconds" }).pipe(
          Effect.provide(client(api))
        )
      )
      assert.strictEqual(error._tag, "Timeout")
      assert.strictEqual(storage.requests.length, 1)
      yield* waitFor(() => storage.aborted() === 1)
    })
  )

  it.live(
    "an oversized storage response body does not stop a successful PUT, and is not read past the limit",
    () =>
      Effect.gen(function* () {
        const storage = yield* loopback((_, res) => {
          res.writeHead(200, { "content-type": "application/xml" })
          const chunk = Buffer.alloc(64 * 1024, "x")
          const pump = (): void => {
            while (!res.destroyed && res.write(chunk)) {
              // fill until backpressure
            }
            if (!res.destroyed) res.once("drain", pump)
          }
          pump()
        })
        const api = yield* presigning(() => `${storage.origin}/bucket/k1`)
        const uploaded = yield* uploadMultimedia(bytes, "png", "image/png", { maxResponseBytes: 1024 }).pipe(
          Effect.provide(client(api))
        )
        assert.strictEqual(uploaded.key, "k1")
        yield* waitFor(() => storage.aborted() === 1)
      })
  )
})

/**
 * Polls a condition on real time (for effects the server observes asynchronously). No deadline of
 * its own: the suite's hang timeout is the bound, so load cannot turn a slow close into a failure.
 */
const waitFor = Effect.fnUntraced(function* (condition: () => boolean) {
  while (!condition()) yield* Effect.sleep(Duration.millis(10))
})
