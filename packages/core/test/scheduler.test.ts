/**
 * The client's scheduler over a real socket, against the mock enforcing UltraCart's limits (scaled
 * down): the "Done when" (`pnpm mock --rate-limit 20/2`), two clients sharing a queue, a
 * rate 429 pausing and resuming, `"off"`, and the budget a facade user sees.
 */
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Deferred, Effect, Fiber, Layer, Redacted, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterEach, describe, expect, it } from "vitest"
import {
  type ConversationClient,
  conversations,
  createConversationClient,
  getConversation,
  type RateBudget,
  rateBudget,
  rateBudgetChanges,
  UltraCartClient
} from "../src/index.ts"

const started: Array<MockServer> = []
const clients: Array<ConversationClient> = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()))
  await Promise.all(started.splice(0).map((mock) => mock.close()))
})

/** The mock with `--rate-limit 20/2` (concurrent requests rejected), every answer 100 ms late. */
const limitedMock = async (buckets = [{ limit: 20, seconds: 2 }]) => {
  const mock = await startMockServer({ port: 0, rateLimit: { buckets, concurrent: "reject" } })
  started.push(mock)
  return mock
}

const slow = (mock: MockServer) => mock.injectFault({ latencyMs: 100, times: "always" })

const facade = (mock: MockServer, options: Parameters<typeof createConversationClient>[0] | object = {}) => {
  const client = createConversationClient({
    baseUrl: mock.baseUrl,
    simpleKey: mock.simpleKey,
    retry: { initialDelay: 5, maxDelay: 20 },
    ...options
  })
  clients.push(client)
  return client
}

/** What a raw request needs: the key and UltraCart's API version header. */
const rawHeaders = (mock: MockServer) => ({
  "x-ultracart-simple-key": mock.simpleKey,
  "x-ultracart-api-version": "2017-03-01"
})

const anyConversation = async (mock: MockServer): Promise<string> => {
  const response = await fetch(`${mock.baseUrl}/conversation/conversations?_limit=1`, {
    headers: rawHeaders(mock)
  })
  const body = (await response.json()) as { conversations: Array<{ conversation_uuid: string }> }
  if (body.conversations === undefined) throw new Error(`${response.status} ${JSON.stringify(body)}`)
  return body.conversations[0]!.conversation_uuid
}

describe("scheduler against the mock's rate limits (20 per 2 s, concurrent requests rejected)", () => {
  it("10 raw concurrent requests get a concurrency 429; the same 10 through the facade all succeed", async () => {
    const raw = await limitedMock()
    const uuid = await anyConversation(raw)
    slow(raw)
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${raw.baseUrl}/conversation/conversations/${uuid}`, {
          headers: rawHeaders(raw)
        }).then(async (response) => {
          await response.arrayBuffer()
          return response.status
        })
      )
    )
    expect(statuses).toContain(429)
    expect(raw.rateLimit().rejected.concurrent).toBeGreaterThan(0)

    const mock = await limitedMock()
    const uuid2 = await anyConversation(mock)
    slow(mock)
    const client = facade(mock)
    const events: Array<RateBudget> = []
    const unsubscribe = client.budget.subscribe((budget) => events.push(budget))
    const results = await Promise.all(
      Array.from({ length: 10 }, () => client.getConversation({ conversation_uuid: uuid2 }))
    )
    unsubscribe()
    expect(results.map((r) => r.conversation?.conversation_uuid)).toEqual(Array(10).fill(uuid2))
    expect(mock.rateLimit().rejected).toEqual({ rate: 0, concurrent: 0 })
    // The budget saw the queue and never more than one request in flight.
    expect(Math.max(...events.map((b) => b.queueLength))).toBeGreaterThan(0)
    expect(Math.max(...events.map((b) => b.inFlight))).toBe(1)
    const now = client.budget.current()
    expect(now).toMatchObject({ enabled: true, maxConcurrent: 1, inFlight: 0, queueLength: 0 })
    expect(now.usedLastHour).toBe(10)
    expect(now.usedLastDay).toBe(10)
    expect(now.buckets).toEqual([
      { limit: 1000, seconds: 3600, used: 10, remaining: 990 },
      { limit: 10000, seconds: 86400, used: 10, remaining: 9990 }
    ])
    expect(now.nextFreeSlotMillis).toBe(0)
    expect(JSON.stringify([...events, now])).not.toContain(mock.simpleKey)
  })

  it("two client instances with the same key share one queue", async () => {
    const mock = await limitedMock()
    const uuid = await anyConversation(mock)
    slow(mock)
    const one = facade(mock)
    const two = facade(mock)
    let most = 0
    const unsubscribe = one.budget.subscribe((budget) => {
      most = Math.max(most, budget.queueLength)
    })
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? one : two).getConversation({ conversation_uuid: uuid })
      )
    )
    unsubscribe()
    expect(mock.rateLimit().rejected).toEqual({ rate: 0, concurrent: 0 })
    // One's budget counts two's requests too: it is the same scheduler.
    expect(one.budget.current().usedLastHour).toBe(6)
    expect(two.budget.current().usedLastHour).toBe(6)
    // Calls of both clients waited in that one queue.
    expect(most).toBeGreaterThanOrEqual(1)
  })

  it("a rate 429 pauses the credential's queue until the bucket leaks, then resumes (even startConversation)", async () => {
    // The server allows 2 per second; the client assumes UltraCart's 1000 per hour, so it learns
    // the real limit only from the 429's UC-REST-ERROR text.
    const mock = await limitedMock([{ limit: 2, seconds: 1 }])
    const client = facade(mock)
    let paused = 0
    const unsubscribe = client.budget.subscribe((budget) => {
      paused = Math.max(paused, budget.pausedForMillis)
    })
    // Not retry-safe, but UltraCart's limiter refuses it unprocessed: each one that meets a 429 is
    // retried after the pause, so every call succeeds. No clock: the loop ends at the first 429.
    for (let i = 0; i < 50 && mock.rateLimit().rejected.rate === 0; i++) {
      const started = await client.startConversation({ body: {} })
      expect(started.conversation?.conversation_uuid).toBeTypeOf("string")
    }
    unsubscribe()
    expect(mock.rateLimit().rejected.rate).toBeGreaterThanOrEqual(1)
    expect(mock.rateLimit().rejected.concurrent).toBe(0)
    expect(paused).toBeGreaterThan(0)
  })

  it('"off" sends unscheduled: the mock sees concurrent requests again', async () => {
    const mock = await limitedMock()
    const uuid = await anyConversation(mock)
    slow(mock)
    const client = facade(mock, { rateLimit: "off", retry: false })
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.getConversation({ conversation_uuid: uuid }))
    )
    expect(settled.some((r) => r.status === "rejected")).toBe(true)
    expect(mock.rateLimit().rejected.concurrent).toBeGreaterThan(0)
    expect(client.budget.current().enabled).toBe(false)
  })

  it("Effect users get the budget as a value and as a Stream; the paging helper runs in the background", async () => {
    const mock = await limitedMock()
    const uuid = await anyConversation(mock)
    slow(mock)
    const layer = UltraCartClient.layer({
      baseUrl: mock.baseUrl,
      simpleKey: Redacted.make(mock.simpleKey)
    }).pipe(Layer.provide(FetchHttpClient.layer))
    const program = Effect.gen(function* () {
      const subscribed = yield* Deferred.make<void>()
      const changes = yield* Effect.forkChild(
        rateBudgetChanges.pipe(
          Stream.tap(() => Deferred.succeed(subscribed, undefined)),
          Stream.takeUntil((b) => b.usedLastHour >= 4 && b.inFlight === 0 && b.queueLength === 0),
          Stream.runCollect
        )
      )
      yield* Deferred.await(subscribed)
      // Two pages of the paging helper (background) and two direct calls (interactive), at once.
      yield* Effect.all(
        [
          Stream.runCollect(Stream.take(conversations({}, { pageSize: 2 }), 4)),
          getConversation({ conversation_uuid: uuid }),
          getConversation({ conversation_uuid: uuid })
        ],
        { concurrency: "unbounded" }
      )
      const seen = yield* Effect.map(Fiber.join(changes), (chunk) => [...chunk])
      return { seen, now: yield* rateBudget }
    })
    const { seen, now } = await Effect.runPromise(program.pipe(Effect.provide(layer)))
    expect(seen.every((budget) => budget.inFlight <= 1 && budget.enabled)).toBe(true)
    // Whichever went first, a page waited as background work at some point.
    expect(Math.max(...seen.map((b) => b.queued.background))).toBeGreaterThanOrEqual(1)
    expect(now.usedLastHour).toBeGreaterThanOrEqual(4)
    expect(now.queueLength).toBe(0)
    expect(now.buckets[0]).toMatchObject({ limit: 1000, seconds: 3600 })
    expect(JSON.stringify([...seen, now])).not.toContain(mock.simpleKey)
    expect(mock.rateLimit().rejected).toEqual({ rate: 0, concurrent: 0 })
  })
})
