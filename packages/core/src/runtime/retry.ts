/**
 * The whole retry and timeout policy, in one place.
 *
 * - Only operations marked `retrySafe` (x-uc-retry-safe) are retried after a transient failure.
 *   startConversation is not: a retry after a lost response would start a second conversation.
 * - One exception: a 429 whose `UC-REST-ERROR` is UltraCart's own rate or concurrency text
 *   ("rate of N per S second(s) exceeded.", or the concurrent-requests refusal) is retried for
 *   every operation, retry-safe or not. UltraCart's limiter refuses such a request before the
 *   request reaches the API (rate_limiting.html: the request is rejected, not processed), so
 *   sending it again cannot do the work twice; and the scheduler has paused the credential's
 *   queue until the bucket has leaked, so the retry waits its turn instead of adding load. A 429
 *   recognised only by `Retry-After` (or with any other text) may come from a proxy or a server
 *   that did act on the request, so for an operation that is not retry-safe it is not retried.
 *   The retry count and `retry: false` apply as usual.
 * - Transient failures: a transport error (no response), 408, 429 and any 5xx. Everything else
 *   (400, 401, 410, other statuses, decode errors, timeouts) fails at once.
 * - Delay before retry n (0-based): `initialDelay * 2^n`, capped at `maxDelay`, scaled by a random
 *   factor in [0.75, 1.25) and kept within [initialDelay, maxDelay] — so concurrent clients do not
 *   retry in lockstep.
 * - When the response carries `Retry-After` (delta-seconds or an IMF-fixdate, RFC 9110; anything
 *   else is ignored), that wait wins over the backoff, capped at `maxRetryAfter` so a hostile or
 *   broken header cannot park a fiber for hours.
 * - The error reports the server's wait as `retryAfterMillis`, capped at {@link retryAfterCeiling}
 *   (one day), never at `maxRetryAfter`: an application that waits at most 2 s itself must still be
 *   able to tell its user the server asked for 7. So it is always finite, and honest.
 * - Defaults: 2 retries, 0.5 s initial delay, 8 s max delay, 60 s max Retry-After.
 * - Timeouts apply to each attempt (see execute.ts); the client default is 60 s.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { UltraCartError } from "./errors.ts"
import { memoizeByIdentity } from "./memo.ts"
import { isRefusedUnprocessed } from "./rateLimit.ts"

/** Retry settings, per client (`UltraCartClient.layer({ retry })`) or per call (`CallOptions.retry`). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 disables retries. */
  readonly maxRetries?: number
  /** Backoff before the first retry. Default 0.5 s. */
  readonly initialDelay?: Duration.Input
  /** Longest backoff between two attempts. Default 8 s. */
  readonly maxDelay?: Duration.Input
  /** Longest wait a `Retry-After` header may impose. Default 60 s; must be finite. */
  readonly maxRetryAfter?: Duration.Input
}

/** A fully resolved {@link RetryOptions}. */
export interface RetryPolicy {
  readonly maxRetries: number
  readonly initialDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  readonly maxRetryAfter: Duration.Duration
}

/** The default policy: 2 retries, backoff between 0.5 s and 8 s, Retry-After capped at 60 s. */
export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  initialDelay: Duration.millis(500),
  maxDelay: Duration.seconds(8),
  maxRetryAfter: Duration.seconds(60)
}

/** The default per-attempt timeout. */
export const defaultTimeout: Duration.Duration = Duration.seconds(60)

/**
 * Layers `options` over `base`; `false` turns retries off. Throws a RangeError on an unreadable
 * duration or a non-numeric `maxRetries` (callers turn that into a typed error).
 */
export const resolveRetryPolicy = (
  base: RetryPolicy,
  options: RetryOptions | false | undefined
): RetryPolicy => {
  if (options === false) return { ...base, maxRetries: 0 }
  if (options === undefined) return base
  const maxRetries = options.maxRetries ?? base.maxRetries
  if (!Number.isFinite(maxRetries))
    throw new RangeError(`retry.maxRetries must be a number, got ${maxRetries}`)
  const maxRetryAfter =
    options.maxRetryAfter === undefined ? base.maxRetryAfter : Duration.fromInputUnsafe(options.maxRetryAfter)
  // An infinite cap would let a server's Retry-After park the call forever.
  if (!Duration.isFinite(maxRetryAfter)) throw new RangeError("retry.maxRetryAfter must be finite")
  return {
    maxRetries: Math.max(0, Math.floor(maxRetries)),
    initialDelay:
      options.initialDelay === undefined ? base.initialDelay : Duration.fromInputUnsafe(options.initialDelay),
    maxDelay: options.maxDelay === undefined ? base.maxDelay : Duration.fromInputUnsafe(options.maxDelay),
    maxRetryAfter
  }
}

/** Whether a failure is worth another attempt: transport error, 408, 429 or 5xx. */
export const isTransient = (error: UltraCartError): boolean => {
  switch (error._tag) {
    case "Transport":
    case "RateLimited":
    case "ServerError":
      return true
    case "UnexpectedStatus":
      return error.status === 408
    default:
      return false
  }
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const imfFixdate =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/

/**
 * An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) in epoch milliseconds, or undefined. The date
 * must exist and the weekday must match it: `Date.parse` would also take "nonsense 2999" as a
 * date in the year 2999, and a wrong weekday says the header was not made by a clock.
 */
const parseImfFixdate = (text: string): number | undefined => {
  const match = imfFixdate.exec(text)
  if (match === null) return undefined
  const [, weekday, day, month, year, hour, minute, second] = match
  const at = Date.UTC(
    Number(year),
    months.indexOf(month ?? ""),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second)
  )
  const date = new Date(at)
  const exact =
    date.getUTCFullYear() === Number(year) &&
    months[date.getUTCMonth()] === month &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute) &&
    date.getUTCSeconds() === Number(second) &&
    weekdays[date.getUTCDay()] === weekday
  return exact ? at : undefined
}

/**
 * Parses a `Retry-After` value into milliseconds, as RFC 9110 defines it: delta-seconds (digits
 * only) or an IMF-fixdate (relative to `nowMillis`; past dates give 0). Anything else gives
 * undefined, so the normal backoff applies. The result is at most `capMillis` (default
 * {@link retryAfterCeiling}), so it is always finite.
 */
export const parseRetryAfter = (
  value: string | null | undefined,
  nowMillis: number,
  capMillis: number = retryAfterCeilingMillis
): number | undefined => {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  let millis: number | undefined
  if (/^\d+$/.test(trimmed)) millis = Number(trimmed) * 1000
  else {
    const at = parseImfFixdate(trimmed)
    millis = at === undefined ? undefined : Math.max(0, at - nowMillis)
  }
  return millis === undefined ? undefined : Math.min(millis, capMillis)
}

/**
 * The longest wait an error reports: one day, UltraCart's longest published rate-limit window
 * (10,000 requests per 86,400 s). A longer `Retry-After` is broken or hostile, not informative.
 */
export const retryAfterCeiling: Duration.Duration = Duration.days(1)
const retryAfterCeilingMillis = Duration.toMillis(retryAfterCeiling)

/** The jittered exponential backoff before retry number `retry` (0-based), for a random `r` in [0, 1). */
export const backoffDelay = (policy: RetryPolicy, retry: number, r: number): Duration.Duration => {
  const initial = Duration.toMillis(policy.initialDelay)
  const max = Math.max(initial, Duration.toMillis(policy.maxDelay))
  const exponential = Math.min(max, initial * 2 ** retry)
  const jittered = exponential * (0.75 + 0.5 * r)
  return Duration.millis(Math.round(Math.min(max, Math.max(initial, jittered))))
}

/** The `Retry-After` carried by an error, if any. */
const retryAfterOf = (error: UltraCartError): number | undefined =>
  error._tag === "RateLimited" || error._tag === "ServerError" ? error.retryAfterMillis : undefined

/** The wait before retry number `retry` after `error`: Retry-After (capped) if sent, else backoff. */
export const retryDelay = (
  policy: RetryPolicy,
  retry: number,
  error: UltraCartError,
  r: number
): Duration.Duration => {
  const retryAfter = retryAfterOf(error)
  if (retryAfter !== undefined) return Duration.min(Duration.millis(retryAfter), policy.maxRetryAfter)
  return backoffDelay(policy, retry, r)
}

/** The policy as a Schedule over the failures of one call (input = the last error). */
export const retrySchedule = (policy: RetryPolicy): Schedule.Schedule<number, UltraCartError> =>
  Schedule.fromStepWithMetadata(
    Effect.succeed((meta: Schedule.InputMetadata<UltraCartError>) =>
      Effect.gen(function* () {
        // meta.attempt counts failures seen so far, starting at 1.
        const retry = meta.attempt - 1
        const delay = retryDelay(policy, retry, meta.input, yield* Random.next)
        yield* Effect.logDebug("UltraCart retry scheduled").pipe(
          Effect.annotateLogs({
            retry: retry + 1,
            delayMillis: Duration.toMillis(delay),
            after: meta.input._tag
          })
        )
        return [retry, delay] as [number, Duration.Duration]
      })
    )
  )

/** A policy object is usually the client's, shared by every call, so its schedule is built once. */
const cachedSchedule = memoizeByIdentity(retrySchedule)

/**
 * Whether a failure may be retried: a transient one for a retry-safe operation; for any other
 * operation, only a 429 UltraCart's limiter refused unprocessed (see the module header).
 */
export const isRetryable = (error: UltraCartError, retrySafe: boolean): boolean =>
  retrySafe ? isTransient(error) : isRefusedUnprocessed(error)

const retryableSafe = (error: UltraCartError) => isRetryable(error, true)
const retryableUnsafe = (error: UltraCartError) => isRetryable(error, false)

/**
 * Runs `attempt` and retries it under `policy` while it fails transiently — when the operation is
 * `retrySafe`; otherwise only after a 429 that UltraCart's limiter refused unprocessed.
 */
export const withRetry = <A, R>(
  attempt: Effect.Effect<A, UltraCartError, R>,
  retrySafe: boolean,
  policy: RetryPolicy
): Effect.Effect<A, UltraCartError, R> => {
  if (policy.maxRetries <= 0) return attempt
  const retryable = retrySafe ? retryableSafe : retryableUnsafe
  // Most calls succeed first time, so the schedule machinery is only entered after a failure:
  // `Effect.retry` then starts by replaying that first failure (no request is sent for it), so
  // the schedule sees exactly the attempts and errors it would have seen from the start.
  return Effect.catch(attempt, (first) => {
    if (!retryable(first)) return Effect.fail(first)
    let replayed = false
    const again = Effect.suspend(() => {
      if (replayed) return attempt
      replayed = true
      return Effect.fail(first)
    })
    return Effect.retry(again, {
      schedule: cachedSchedule(policy),
      times: policy.maxRetries,
      while: retryable
    })
  })
}
