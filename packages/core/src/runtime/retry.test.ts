import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Exit, Fiber, Schedule } from "effect"
import { TestClock } from "effect/testing"
import {
  BadRequest,
  RateLimited,
  ServerError,
  Timeout,
  Transport,
  type UltraCartError,
  UnexpectedStatus
} from "./errors.ts"
import {
  backoffDelay,
  defaultRetryPolicy,
  isTransient,
  parseRetryAfter,
  resolveRetryPolicy,
  retryAfterCeiling,
  retryDelay,
  retrySchedule,
  withRetry
} from "./retry.ts"

const site = { message: "m", method: "GET", path: "/p" }
const serverError = new ServerError({ ...site, status: 503 })

/** An effect that always fails with `error`, and how many times it ran. */
const countingFailure = (error: UltraCartError) => {
  let attempts = 0
  const effect = Effect.suspend(() => {
    attempts++
    return Effect.fail(error)
  })
  return { effect, attempts: () => attempts }
}

describe("retry policy", () => {
  it("parses Retry-After as delta-seconds or an IMF-fixdate, nothing else (RFC 9110)", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.strictEqual(parseRetryAfter("0", now), 0)
    assert.strictEqual(parseRetryAfter("3", now), 3000)
    assert.strictEqual(parseRetryAfter(" 7 ", now), 7000)
    assert.strictEqual(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now), 10_000)
    assert.strictEqual(parseRetryAfter("Wed, 31 Dec 2025 23:59:00 GMT", now), 0)
    const refused = [
      undefined,
      null,
      "",
      "-1",
      "+3",
      "1.5",
      "soon",
      "1e3",
      "12abc",
      "0x10",
      "Infinity",
      // Date.parse reads these as dates; RFC 9110 does not.
      "nonsense 2999",
      "2026-01-01T00:00:10Z",
      "Thursday, 01-Jan-26 00:00:10 GMT",
      "Thu Jan  1 00:00:10 2026",
      "Thu, 01 Jan 2026 00:00:10 +0000",
      "thu, 01 jan 2026 00:00:10 gmt",
      // A wrong weekday or a day the month does not have.
      "Fri, 01 Jan 2026 00:00:10 GMT",
      "Sat, 31 Feb 2026 00:00:00 GMT",
      "Thu, 01 Jan 2026 24:00:00 GMT"
    ]
    for (const bad of refused) assert.strictEqual(parseRetryAfter(bad, now), undefined, String(bad))
  })

  it("reports Retry-After up to one day, so it is always finite", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    const cap = Duration.toMillis(retryAfterCeiling)
    assert.strictEqual(cap, 86_400_000)
    assert.strictEqual(parseRetryAfter("86400", now), cap)
    assert.strictEqual(parseRetryAfter("86401", now), cap)
    assert.strictEqual(parseRetryAfter("7", now), 7000)
    assert.strictEqual(parseRetryAfter("9".repeat(400), now), cap)
    assert.strictEqual(parseRetryAfter("Tue, 01 Jan 2999 00:00:00 GMT", now), cap)
    assert.strictEqual(parseRetryAfter("86400", now, 2000), 2000)
    assert.strictEqual(parseRetryAfter("1", now, 2000), 1000)
    assert.throws(() => resolveRetryPolicy(defaultRetryPolicy, { maxRetryAfter: Duration.infinity }))
  })

  it("backs off exponentially with jitter, between 0.5 s and 8 s by default", () => {
    const policy = defaultRetryPolicy
    const ms = (retry: number, r: number) => Duration.toMillis(backoffDelay(policy, retry, r))
    assert.strictEqual(ms(0, 0), 500)
    assert.strictEqual(ms(0, 0.5), 500)
    assert.strictEqual(ms(0, 0.999), 625)
    assert.strictEqual(ms(1, 0.5), 1000)
    assert.strictEqual(ms(2, 0), 1500)
    assert.strictEqual(ms(3, 0.5), 4000)
    assert.strictEqual(ms(10, 0.999), 8000)
    for (let retry = 0; retry < 12; retry++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const d = ms(retry, r)
        assert.isAtLeast(d, 500)
        assert.isAtMost(d, 8000)
      }
    }
  })

  it("lets Retry-After win over the backoff, capped at maxRetryAfter", () => {
    const limited = (retryAfterMillis: number) => new RateLimited({ ...site, status: 429, retryAfterMillis })
    assert.strictEqual(Duration.toMillis(retryDelay(defaultRetryPolicy, 0, limited(3000), 0.5)), 3000)
    const rateLimited = limited(3000)
    assert.isTrue(
      rateLimited.retryAfter !== undefined && Duration.equals(rateLimited.retryAfter, Duration.seconds(3))
    )
    assert.strictEqual(new RateLimited({ ...site, status: 429 }).retryAfter, undefined)
    assert.strictEqual(Duration.toMillis(retryDelay(defaultRetryPolicy, 0, limited(3_600_000), 0.5)), 60_000)
    const capped = resolveRetryPolicy(defaultRetryPolicy, { maxRetryAfter: "2 seconds" })
    assert.strictEqual(Duration.toMillis(retryDelay(capped, 0, limited(5000), 0.5)), 2000)
    assert.strictEqual(Duration.toMillis(retryDelay(defaultRetryPolicy, 1, serverError, 0.5)), 1000)
  })

  it("classifies transport errors, 408, 429 and 5xx as transient, nothing else", () => {
    const cases: Array<[UltraCartError, boolean]> = [
      [new Transport({ ...site, detail: "reset" }), true],
      [new UnexpectedStatus({ ...site, status: 408 }), true],
      [new RateLimited({ ...site, status: 429 }), true],
      [serverError, true],
      [new ServerError({ ...site, status: 500 }), true],
      [new BadRequest({ ...site, status: 400 }), false],
      [new UnexpectedStatus({ ...site, status: 404 }), false],
      [new Timeout({ ...site, timeoutMillis: 5 }), false]
    ]
    for (const [error, transient] of cases) assert.strictEqual(isTransient(error), transient, error._tag)
  })

  it("resolves per-client and per-call settings; false disables", () => {
    assert.strictEqual(resolveRetryPolicy(defaultRetryPolicy, false).maxRetries, 0)
    assert.strictEqual(resolveRetryPolicy(defaultRetryPolicy, undefined), defaultRetryPolicy)
    const custom = resolveRetryPolicy(defaultRetryPolicy, { maxRetries: 5, initialDelay: "1 second" })
    assert.strictEqual(custom.maxRetries, 5)
    assert.strictEqual(Duration.toMillis(custom.initialDelay), 1000)
    assert.strictEqual(Duration.toMillis(custom.maxDelay), 8000)
  })

  it.effect("the schedule's delays follow the policy (on the test clock)", () =>
    Effect.gen(function* () {
      const step = yield* Schedule.toStep(retrySchedule(defaultRetryPolicy))
      const delays: Array<number> = []
      for (let i = 0; i < 4; i++) {
        const [, delay] = yield* step(0, serverError)
        delays.push(Duration.toMillis(delay))
      }
      assert.strictEqual(delays.length, 4)
      // Within [0.75, 1.25) of 500, 1000, 2000, 4000 and inside the [500, 8000] band.
      const nominal = [500, 1000, 2000, 4000]
      delays.forEach((d, i) => {
        const n = nominal[i] ?? 0
        assert.isAtLeast(d, Math.max(500, n * 0.75))
        assert.isAtMost(d, Math.min(8000, n * 1.25))
      })
    })
  )

  it.effect(
    "withRetry makes 1 + maxRetries attempts, only for retry-safe operations and transient errors",
    () =>
      Effect.gen(function* () {
        const transient = countingFailure(serverError)
        const fiber = yield* Effect.forkChild(withRetry(transient.effect, true, defaultRetryPolicy))
        yield* TestClock.adjust("1 minute")
        assert.isTrue(Exit.isFailure(yield* Fiber.await(fiber)))
        assert.strictEqual(transient.attempts(), 3)

        const unsafe = countingFailure(serverError)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(withRetry(unsafe.effect, false, defaultRetryPolicy))))
        assert.strictEqual(unsafe.attempts(), 1)

        const permanent = countingFailure(new BadRequest({ ...site, status: 400 }))
        yield* Effect.exit(withRetry(permanent.effect, true, defaultRetryPolicy))
        assert.strictEqual(permanent.attempts(), 1)
      })
  )

  it.effect("withRetry waits the backoff before retrying (nothing happens before 500 ms)", () =>
    Effect.gen(function* () {
      const failing = countingFailure(serverError)
      const fiber = yield* Effect.forkChild(withRetry(failing.effect, true, defaultRetryPolicy))
      yield* TestClock.adjust("499 millis")
      assert.strictEqual(failing.attempts(), 1)
      yield* TestClock.adjust("200 millis")
      assert.strictEqual(failing.attempts(), 2)
      yield* Fiber.interrupt(fiber)
    })
  )
})
