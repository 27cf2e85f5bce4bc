import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpClientRequest, HttpClientResponse } from "effect/http"
import {
  contentCoding,
  declaredLength,
  defaultMaxResponseBytes,
  largestMaxResponseBytes,
  readBody,
  resolveMaxResponseBytes
} from "./body.ts"

const request = HttpClientRequest.get("http://127.0.0.1/x")

/** A Web body that hands out `chunks` (then ends, or repeats the last forever) and records pulls and cancels. */
const source = (chunks: ReadonlyArray<Uint8Array>, options: { endless?: boolean } = {}) => {
  const seen = { pulls: 0, cancelled: false }
  let index = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        seen.pulls++
        const chunk = chunks[Math.min(index++, chunks.length - 1)]
        if (chunk === undefined || (!options.endless && index > chunks.length)) return controller.close()
        controller.enqueue(chunk)
      },
      cancel() {
        seen.cancelled = true
      }
    },
    // Pull only when read, so "not read" is observable.
    { highWaterMark: 0 }
  )
  return { stream, seen }
}

const response = (
  body: ReadableStream<Uint8Array> | null,
  headers: Record<string, string> = {},
  status = 200
) => HttpClientResponse.fromWeb(request, new Response(body, { status, headers }))

describe("reading a body under a limit", () => {
  it.effect("reads a body in chunks into one buffer, up to and including the limit", () =>
    Effect.gen(function* () {
      const { stream } = source([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5])])
      const read = yield* readBody(response(stream), 5)
      assert.strictEqual(read._tag, "Read")
      if (read._tag === "Read") assert.deepStrictEqual([...read.bytes], [1, 2, 3, 4, 5])
    })
  )

  it.effect("stops one byte past the limit, reports how much arrived, and cancels the body", () =>
    Effect.gen(function* () {
      const { stream, seen } = source([new Uint8Array(4), new Uint8Array(2), new Uint8Array(100)])
      const read = yield* readBody(response(stream), 5)
      assert.deepStrictEqual(read, { _tag: "TooLarge", limit: 5, bytesRead: 6, declaredLength: undefined })
      assert.isTrue(seen.cancelled)
      assert.strictEqual(seen.pulls, 2)
    })
  )

  it.effect("ends an endless body at the limit with at most one chunk beyond it", () =>
    Effect.gen(function* () {
      const chunk = new Uint8Array(64 * 1024)
      const { stream, seen } = source([chunk], { endless: true })
      const limit = 1024 * 1024
      const read = yield* readBody(response(stream), limit)
      assert.strictEqual(read._tag, "TooLarge")
      if (read._tag === "TooLarge") {
        assert.isAbove(read.bytesRead, limit)
        assert.isAtMost(read.bytesRead, limit + chunk.byteLength)
      }
      assert.isTrue(seen.cancelled)
    })
  )

  it.effect("refuses a declared Content-Length over the limit without reading a byte", () =>
    Effect.gen(function* () {
      const { stream, seen } = source([new Uint8Array(10)])
      const read = yield* readBody(response(stream, { "content-length": "10" }), 5)
      assert.deepStrictEqual(read, { _tag: "TooLarge", limit: 5, bytesRead: 0, declaredLength: 10 })
      assert.strictEqual(seen.pulls, 0)
    })
  )

  it.effect("leaves an encoded body unread, whatever its size", () =>
    Effect.gen(function* () {
      const { stream, seen } = source([new Uint8Array(10)])
      const read = yield* readBody(response(stream, { "content-encoding": "gzip" }), 5)
      assert.deepStrictEqual(read, { _tag: "Encoded", coding: "gzip" })
      assert.strictEqual(seen.pulls, 0)
    })
  )

  it.effect("reads a null body (204) as empty", () =>
    Effect.gen(function* () {
      const read = yield* readBody(response(null, {}, 204), 5)
      assert.strictEqual(read._tag, "Read")
      if (read._tag === "Read") assert.strictEqual(read.bytes.byteLength, 0)
    })
  )

  it("reads content codings and lengths strictly", () => {
    assert.isUndefined(contentCoding(undefined))
    assert.isUndefined(contentCoding(""))
    assert.isUndefined(contentCoding(" Identity "))
    assert.strictEqual(contentCoding("gzip"), "gzip")
    assert.strictEqual(contentCoding("identity, BR"), "br")
    assert.strictEqual(declaredLength("42"), 42)
    for (const bad of [undefined, "", "-1", "1e3", "0x10", "12, 12", "99999999999999999"]) {
      assert.isUndefined(declaredLength(bad), String(bad))
    }
  })

  it("accepts maxResponseBytes only as a whole number of bytes in range", () => {
    assert.strictEqual(resolveMaxResponseBytes(undefined, defaultMaxResponseBytes), 32 * 1024 * 1024)
    assert.strictEqual(resolveMaxResponseBytes(1, 7), 1)
    assert.strictEqual(resolveMaxResponseBytes(largestMaxResponseBytes, 7), largestMaxResponseBytes)
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, largestMaxResponseBytes + 1]) {
      assert.throws(() => resolveMaxResponseBytes(bad, 7), RangeError, undefined, String(bad))
    }
  })
})
