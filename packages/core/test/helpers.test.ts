import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Option, Redacted, Scope, Stream } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import { getConversations } from "../src/generated/operations/getConversations.gen.ts"
import { conversations } from "../src/helpers/conversations.ts"
import { keepAlive } from "../src/helpers/keepAlive.ts"
import { messagesSince } from "../src/helpers/messages.ts"
import { uploadMultimedia } from "../src/helpers/upload.ts"
import { UltraCartClient } from "../src/runtime/client.ts"
import { mockClient, mockServer } from "./mock.ts"

/** Waits on the real clock (I/O completes in real time even when the test runs on the TestClock). */
const realDelay = (ms: number) =>
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))

/** Polls until `condition` holds; a condition that never holds is caught by the suite's hang timeout. */
const waitUntil = Effect.fnUntraced(function* (condition: () => boolean, _what: string) {
  while (!condition()) yield* realDelay(5)
})

describe("conversations(): paging", () => {
  it.live("streams every conversation across pages, stopping on a short page", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const program = Effect.gen(function* () {
        const all = yield* getConversations({ _limit: 200 })
        const paged = yield* Stream.runCollect(conversations({}, { pageSize: 7 }))
        return { all: all.conversations ?? [], paged }
      })
      const { all, paged } = yield* program.pipe(Effect.provide(mockClient(mock)))
      assert.isAbove(all.length, 14)
      assert.deepStrictEqual(
        paged.map((c) => c.conversation_uuid),
        all.map((c) => c.conversation_uuid)
      )
      const pages = mock.requests().slice(1)
      const expectedPages = Math.ceil(all.length / 7) + (all.length % 7 === 0 ? 1 : 0)
      assert.strictEqual(pages.length, expectedPages)
      assert.deepStrictEqual(
        pages.map((r) => new URLSearchParams(r.query).get("_offset")),
        pages.map((_, i) => String(i * 7))
      )
    })
  )

  it.live("stops once total_records is reached, without fetching an empty page", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const total = yield* Effect.map(
        getConversations({ _limit: 200 }),
        (r) => r.conversations?.length ?? 0
      ).pipe(Effect.provide(mockClient(mock)))
      mock.reset()
      // A page size dividing the total exactly: the last page is full, so only total_records can stop it.
      const pageSize = [5, 4, 3, 2, 1].find((n) => total % n === 0) ?? 1
      const count = yield* Stream.runCount(conversations({}, { pageSize })).pipe(
        Effect.provide(mockClient(mock))
      )
      assert.strictEqual(count, total)
      assert.strictEqual(mock.requests().length, total / pageSize)
    })
  )

  it.live("is lazy: taking the first items fetches only the pages needed", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const first = yield* Stream.runCollect(conversations({}, { pageSize: 4 }).pipe(Stream.take(6))).pipe(
        Effect.provide(mockClient(mock))
      )
      assert.strictEqual(first.length, 6)
      assert.strictEqual(mock.requests().length, 2)
    })
  )
})

describe("messagesSince(): tailing", () => {
  it.live("emits existing then arriving messages in order, with no gaps and no duplicates", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const uuid = "tail me/please ü"
      mock.addConversation({ conversation_uuid: uuid })
      const before = mock.addMessage(uuid, { body: "before" })
      const start = before.message_epoch ?? 0
      mock.addMessage(uuid, { body: "m0" })
      mock.addMessage(uuid, { body: "m1" })
      const expected = ["before", "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(
          messagesSince(uuid, start, { every: "20 millis", limit: 2 }).pipe(Stream.take(expected.length))
        ).pipe(Effect.provide(mockClient(mock)))
      )
      // Messages arrive while the tail runs: singly, and in a burst larger than one page.
      yield* realDelay(60)
      mock.addMessage(uuid, { body: "m2" })
      yield* realDelay(45)
      for (const body of ["m3", "m4", "m5", "m6"]) mock.addMessage(uuid, { body })
      yield* realDelay(30)
      mock.addMessage(uuid, { body: "m7" })
      mock.addMessage(uuid, { body: "m8" })
      const messages = yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        messages.map((m) => m.body),
        expected
      )
      const ids = messages.map((m) => m.conversation_message_uuid)
      assert.strictEqual(new Set(ids).size, ids.length)
      const polls = mock.requests().filter((r) => r.operationId === "getConversationMessages")
      assert.isAbove(polls.length, 3)
      for (const poll of polls) assert.strictEqual(poll.pathParams.conversation_uuid, uuid)
    })
  )
})

describe("keepAlive(): a scoped fiber on a schedule", () => {
  it.effect("beats immediately, then every interval on the TestClock, and stops with its scope", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const beats = () => mock.requests().filter((r) => r.operationId === "getAgentKeepAlive").length
      const scope = yield* Scope.make()
      const layer = mockClient(mock)
      const fiber = yield* keepAlive("30 seconds").pipe(Scope.provide(scope), Effect.provide(layer))
      yield* waitUntil(() => beats() === 1, "the first beat")
      yield* TestClock.adjust("29 seconds")
      yield* realDelay(50)
      assert.strictEqual(beats(), 1)
      yield* TestClock.adjust("1 second")
      yield* waitUntil(() => beats() === 2, "the second beat")
      yield* TestClock.adjust("30 seconds")
      yield* waitUntil(() => beats() === 3, "the third beat")
      yield* Scope.close(scope, Exit.void)
      yield* TestClock.adjust("5 minutes")
      yield* realDelay(50)
      assert.strictEqual(beats(), 3)
      assert.isDefined(fiber)
    })
  )

  it.effect("keeps beating after a transient failure, stops on Unauthorized", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const beats = () => mock.requests().filter((r) => r.operationId === "getAgentKeepAlive").length
      // Every attempt of the first beat fails (1 + 2 retries), so the beat itself fails transiently.
      mock.injectFault({ operationId: "getAgentKeepAlive", status: 503, times: 3 })
      const fiber = yield* keepAlive("10 seconds").pipe(
        Effect.provide(
          mockClient(mock, "simpleKey", { retry: { maxRetries: 2, initialDelay: 1, maxDelay: 1 } })
        )
      )
      for (let i = 1; i <= 3; i++) {
        yield* waitUntil(() => beats() >= i, `attempt ${i}`)
        yield* TestClock.adjust("1 millis")
      }
      yield* TestClock.adjust("10 seconds")
      yield* waitUntil(() => beats() === 4, "the beat after the failed one")
      mock.injectFault({ operationId: "getAgentKeepAlive", status: 401 })
      yield* TestClock.adjust("10 seconds")
      const error = yield* Fiber.join(fiber).pipe(Effect.flip)
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(beats(), 5)
    })
  )
})

describe("uploadMultimedia()", () => {
  it.live("gets a presigned URL, PUTs the bytes without UltraCart credentials, and returns key and URL", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const sent: Array<HttpClientRequest.HttpClientRequest> = []
      const recording = Layer.effect(
        HttpClient.HttpClient,
        Effect.gen(function* () {
          const client = yield* HttpClient.HttpClient
          return HttpClient.tapRequest(client, (request) => Effect.sync(() => sent.push(request)))
        })
      ).pipe(Layer.provide(FetchHttpClient.layer))
      const client = UltraCartClient.layer({
        baseUrl: mock.baseUrl,
        simpleKey: Redacted.make(mock.simpleKey)
      }).pipe(Layer.provide(recording))
      mock.injectFault({ operationId: "uploadPut", status: 503 })
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])
      const result = yield* uploadMultimedia(bytes, "png", "image/png", {
        retry: { initialDelay: 1, maxDelay: 5 }
      }).pipe(Effect.provide(client))
      assert.isTrue(result.key.endsWith(".png"))
      const stored = mock.upload(result.key)
      assert.deepStrictEqual(
        stored?.bytes === undefined ? undefined : Array.from(stored.bytes),
        Array.from(bytes)
      )
      assert.strictEqual(stored?.contentType, "image/png")
      const puts = sent.filter((r) => r.method === "PUT")
      // The first PUT met the injected 503 and was retried.
      assert.strictEqual(puts.length, 2)
      for (const put of puts) {
        const target = HttpClientRequest.toUrl(put)
        assert.strictEqual(Option.isSome(target) ? target.value.href : undefined, new URL(result.url).href)
        assert.isUndefined(put.headers["x-ultracart-simple-key"])
        assert.isUndefined(put.headers.authorization)
        assert.isUndefined(put.headers["x-ultracart-api-version"])
      }
      const apiCall = sent.find((r) => r.method === "GET")
      assert.strictEqual(apiCall?.headers["x-ultracart-simple-key"], mock.simpleKey)
    })
  )
})
