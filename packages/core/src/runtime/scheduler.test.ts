import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Fiber, Redacted, Result } from "effect"
import { TestClock } from "effect/testing"
import { resolveConfig } from "./config.ts"
import { conversationApiDefaults } from "./defaults.ts"
import { RateLimited } from "./errors.ts"
import {
  isRefusedUnprocessed,
  type Priority,
  type ResolvedRateLimit,
  rateLimitSignal,
  resolveRateLimit,
  ultracartRateLimit
} from "./rateLimit.ts"
import { isRetryable } from "./retry.ts"
import { makeScheduling, Scheduler, schedulerKey } from "./scheduler.ts"
import { sha256Hex } from "./sha256.ts"

const limits = (overrides: Partial<ResolvedRateLimit> = {}): ResolvedRateLimit => ({
  maxConcurrent: 1,
  buckets: [],
  backgroundReserve: 0.1,
  ...overrides
})

/** Lets forked fibers run until `done()` holds (no clock involved: only scheduling turns). */
const settle = (done: () => boolean) =>
  Effect.gen(function* () {
    for (let i = 0; i < 1000 && !done(); i++) yield* Effect.yieldNow
    assert.isTrue(done(), "the fibers did not reach the expected state")
  })

/** Forks a request through `scheduler` that records `name` when it starts and ends at once. */
const request = (scheduler: Scheduler, priority: Priority, name: string, log: Array<string>) =>
  Effect.forkChild(
    scheduler.run(
      priority,
      Effect.sync(() => log.push(name))
    )
  )

const rateLimited = (fields: { ucRestError?: string; retryAfterMillis?: number }) =>
  new RateLimited({ message: "getConversation: 429", method: "GET", path: "/p", status: 429, ...fields })

describe("scheduler", () => {
  it.effect("runs at most maxConcurrent requests at once, in arrival order", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits())
      const gate = yield* Deferred.make<void>()
      const log: Array<string> = []
      const holder = yield* Effect.forkChild(
        scheduler.run(
          "interactive",
          Effect.andThen(
            Effect.sync(() => log.push("holder")),
            Deferred.await(gate)
          )
        )
      )
      yield* settle(() => log.length === 1)
      yield* request(scheduler, "interactive", "a", log)
      yield* request(scheduler, "interactive", "b", log)
      yield* settle(() => scheduler.snapshot(0).queueLength === 2)
      assert.deepStrictEqual(log, ["holder"])
      assert.strictEqual(scheduler.snapshot(0).inFlight, 1)
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(holder)
      yield* settle(() => log.length === 3)
      assert.deepStrictEqual(log, ["holder", "a", "b"])
    })
  )

  it.effect("lets an interactive call jump ahead of queued background calls", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits())
      const gate = yield* Deferred.make<void>()
      const log: Array<string> = []
      yield* Effect.forkChild(scheduler.run("interactive", Deferred.await(gate)))
      yield* settle(() => scheduler.snapshot(0).inFlight === 1)
      yield* request(scheduler, "background", "poll 1", log)
      yield* request(scheduler, "background", "poll 2", log)
      yield* settle(() => scheduler.snapshot(0).queueLength === 2)
      yield* request(scheduler, "interactive", "click", log)
      yield* settle(() => scheduler.snapshot(0).queueLength === 3)
      assert.deepStrictEqual(scheduler.snapshot(0).queued, { interactive: 1, background: 2 })
      yield* Deferred.succeed(gate, undefined)
      yield* settle(() => log.length === 3)
      assert.deepStrictEqual(log, ["click", "poll 1", "poll 2"])
    })
  )

  it.effect("keeps every bucket within its limit on the TestClock, and reports the wait", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits({ buckets: [{ limit: 2, seconds: 10 }] }))
      const log: Array<string> = []
      yield* request(scheduler, "interactive", "1", log)
      yield* request(scheduler, "interactive", "2", log)
      yield* request(scheduler, "interactive", "3", log)
      yield* settle(() => log.length === 2 && scheduler.snapshot(0).queueLength === 1)
      const budget = scheduler.snapshot(0)
      assert.deepStrictEqual(budget.buckets, [{ limit: 2, seconds: 10, used: 2, remaining: 0 }])
      assert.strictEqual(budget.usedLastHour, 2)
      assert.strictEqual(budget.usedLastDay, 2)
      assert.strictEqual(budget.nextFreeSlotMillis, 10_000)
      yield* TestClock.adjust("9999 millis")
      yield* settle(() => true)
      assert.deepStrictEqual(log, ["1", "2"])
      yield* TestClock.adjust("1 millis")
      yield* settle(() => log.length === 3)
      assert.strictEqual(scheduler.snapshot(10_000).buckets[0]?.used, 1)
    })
  )

  it.effect("keeps the reserve of each bucket for interactive calls: background waits", () =>
    Effect.gen(function* () {
      // limit 10, reserve 0.2: background calls may use 8, the last 2 are for people.
      const scheduler = new Scheduler(
        limits({ buckets: [{ limit: 10, seconds: 60 }], backgroundReserve: 0.2 })
      )
      const log: Array<string> = []
      for (let i = 0; i < 9; i++) yield* request(scheduler, "background", `poll ${i}`, log)
      yield* settle(() => log.length === 8 && scheduler.snapshot(0).queueLength === 1)
      yield* request(scheduler, "interactive", "click", log)
      yield* settle(() => log.length === 9)
      assert.strictEqual(log[8], "click")
      assert.strictEqual(scheduler.snapshot(0).queued.background, 1)
      yield* TestClock.adjust("60 seconds")
      yield* settle(() => log.length === 10)
    })
  )

  it.effect("pauses after a rate 429 until the named bucket has leaked one request, then resumes", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits({ buckets: [{ limit: 1000, seconds: 3600 }] }))
      const signal = rateLimitSignal(
        rateLimited({ ucRestError: "rate of 1000 per 3600 second(s) exceeded." })
      )
      assert.deepStrictEqual(signal, { kind: "rate", bucket: { limit: 1000, seconds: 3600 } })
      scheduler.pause(signal!, 0)
      assert.strictEqual(scheduler.snapshot(0).pausedForMillis, 3600)
      const log: Array<string> = []
      yield* request(scheduler, "interactive", "after", log)
      yield* settle(() => scheduler.snapshot(0).queueLength === 1)
      yield* TestClock.adjust("3599 millis")
      yield* settle(() => true)
      assert.deepStrictEqual(log, [])
      yield* TestClock.adjust("1 millis")
      yield* settle(() => log.length === 1)
      // Retry-After, when sent, decides the pause.
      scheduler.pause(rateLimitSignal(rateLimited({ retryAfterMillis: 7000 }))!, 3600)
      assert.strictEqual(scheduler.snapshot(3600).pausedForMillis, 7000)
      assert.strictEqual(scheduler.snapshot(3600).nextFreeSlotMillis, 7000)
    })
  )

  it.effect("removes an interrupted waiter from the queue and hands its turn on", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits())
      const gate = yield* Deferred.make<void>()
      const log: Array<string> = []
      yield* Effect.forkChild(scheduler.run("interactive", Deferred.await(gate)))
      yield* settle(() => scheduler.snapshot(0).inFlight === 1)
      const gone = yield* request(scheduler, "interactive", "gone", log)
      yield* request(scheduler, "background", "next", log)
      yield* settle(() => scheduler.snapshot(0).queueLength === 2)
      yield* Fiber.interrupt(gone)
      assert.strictEqual(scheduler.snapshot(0).queueLength, 1)
      yield* Deferred.succeed(gate, undefined)
      yield* settle(() => log.length === 1)
      assert.deepStrictEqual(log, ["next"])
      assert.strictEqual(scheduler.snapshot(0).inFlight, 0)
    })
  )

  it.effect("gives the slot back when the request fails or is interrupted", () =>
    Effect.gen(function* () {
      const scheduler = new Scheduler(limits())
      const exit = yield* Effect.exit(scheduler.run("interactive", Effect.fail("boom")))
      assert.isTrue(Exit.isFailure(exit))
      const running = yield* Effect.forkChild(scheduler.run("interactive", Effect.never))
      yield* settle(() => scheduler.snapshot(0).inFlight === 1)
      yield* Fiber.interrupt(running)
      assert.strictEqual(scheduler.snapshot(0).inFlight, 0)
      assert.strictEqual(scheduler.snapshot(0).usedLastHour, 2)
    })
  )
})

describe("scheduler registry", () => {
  it("shares one scheduler per credential and base URL, keyed by a hash", () => {
    const key = Redacted.make(`registry-key-${Math.random()}`)
    const one = makeScheduling("http://127.0.0.1:1/rest/v2", ultracartRateLimit, key)
    const two = makeScheduling(
      "http://127.0.0.1:1/rest/v2",
      ultracartRateLimit,
      Redacted.make(Redacted.value(key))
    )
    const other = makeScheduling("http://127.0.0.1:2/rest/v2", ultracartRateLimit, key)
    assert.strictEqual(one.schedulerFor(key), two.schedulerFor(key))
    assert.notStrictEqual(one.schedulerFor(key), other.schedulerFor(key))
    assert.strictEqual(schedulerKey("b", "k"), sha256Hex("b\nk"))
    assert.notInclude(schedulerKey("b", Redacted.value(key)), Redacted.value(key))
    const budget = JSON.stringify(one.budget(0))
    assert.notInclude(budget, Redacted.value(key))
    assert.isTrue(one.budget(0).enabled)
  })

  it("keys a credential Effect by the value it yields (one scheduler per token)", () => {
    const scheduling = makeScheduling("http://127.0.0.1:3/rest/v2", ultracartRateLimit, undefined)
    assert.isFalse(scheduling.budget(0).enabled)
    const a = scheduling.schedulerFor(Redacted.make("token-a-scheduler-test"))
    const a2 = scheduling.schedulerFor(Redacted.make("token-a-scheduler-test"))
    const b = scheduling.schedulerFor(Redacted.make("token-b-scheduler-test"))
    assert.strictEqual(a, a2)
    assert.notStrictEqual(a, b)
    assert.isTrue(scheduling.budget(0).enabled)
  })

  it('does nothing with rateLimit "off"', () => {
    const scheduling = makeScheduling("http://127.0.0.1:4/rest/v2", "off", Redacted.make("k"))
    assert.isUndefined(scheduling.schedulerFor(Redacted.make("k")))
    assert.isFalse(scheduling.budget(0).enabled)
  })

  it("hashes with SHA-256", () => {
    assert.strictEqual(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert.strictEqual(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert.strictEqual(
      sha256Hex("a".repeat(1000)),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
    )
    // FIPS 180-2's two-block vector: 56 bytes, so the length no longer fits the first block.
    assert.strictEqual(
      sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    )
  })

  it("agrees with node:crypto on every padding boundary and on multi-byte UTF-8", () => {
    const sample = "kéy-🔑-ß-中-\u0000-~"
    for (let length = 0; length <= 300; length++) {
      const text = sample.repeat(20).slice(0, length)
      assert.strictEqual(
        sha256Hex(text),
        createHash("sha256").update(text, "utf8").digest("hex"),
        `length ${length}`
      )
    }
    const long = "x".repeat(70_000)
    assert.strictEqual(sha256Hex(long), createHash("sha256").update(long, "utf8").digest("hex"))
  })
})

describe("rateLimit option", () => {
  it("defaults to UltraCart's published limits and accepts off", () => {
    assert.deepStrictEqual(resolveRateLimit(undefined), Result.succeed(ultracartRateLimit))
    assert.deepStrictEqual(resolveRateLimit("off"), Result.succeed("off"))
    assert.deepStrictEqual(
      resolveRateLimit({ buckets: [{ limit: 20, seconds: 2 }] }),
      Result.succeed({ maxConcurrent: 1, buckets: [{ limit: 20, seconds: 2 }], backgroundReserve: 0.1 })
    )
  })

  it.effect("refuses nonsense with an UltraCartConfigError naming rateLimit, before any request", () =>
    Effect.gen(function* () {
      for (const rateLimit of [
        "on",
        { maxConcurrent: 0 },
        { maxConcurrent: 1.5 },
        { buckets: [{ limit: -1, seconds: 2 }] },
        { buckets: [{ limit: 1, seconds: Number.POSITIVE_INFINITY }] },
        { buckets: "1000/3600" },
        { backgroundReserve: 1 },
        { burst: 3 }
      ]) {
        const error = yield* Effect.flip(
          resolveConfig(
            { simpleKey: Redacted.make("k"), rateLimit: rateLimit as never },
            conversationApiDefaults
          )
        )
        assert.strictEqual(error._tag, "UltraCartConfigError")
        assert.strictEqual(error.option, "rateLimit")
      }
    })
  )
})

describe("429 rule", () => {
  it("reads UltraCart's rate and concurrency texts, and Retry-After", () => {
    assert.deepStrictEqual(
      rateLimitSignal(rateLimited({ ucRestError: "rate of 10000 per 86400 second(s) exceeded." })),
      {
        kind: "rate",
        bucket: { limit: 10000, seconds: 86400 }
      }
    )
    assert.strictEqual(
      rateLimitSignal(rateLimited({ ucRestError: "concurrent requests exceeded: only 1 request at a time" }))
        ?.kind,
      "concurrent"
    )
    assert.deepStrictEqual(rateLimitSignal(rateLimited({ retryAfterMillis: 0 })), {
      kind: "rate",
      retryAfterMillis: 0
    })
    assert.deepStrictEqual(rateLimitSignal(rateLimited({ ucRestError: "Injected" })), { kind: "unknown" })
  })

  it("retries a 429 UltraCart refused unprocessed even for operations not retry-safe, and no other", () => {
    const rate = rateLimited({ ucRestError: "rate of 1000 per 3600 second(s) exceeded." })
    const concurrent = rateLimited({ ucRestError: "concurrent requests exceeded" })
    const bare = rateLimited({ retryAfterMillis: 1000, ucRestError: "Injected fault: status 429" })
    assert.isTrue(isRefusedUnprocessed(rate))
    assert.isTrue(isRetryable(rate, false))
    assert.isTrue(isRetryable(concurrent, false))
    assert.isFalse(isRetryable(bare, false))
    assert.isTrue(isRetryable(bare, true))
  })
})
