/**
 * The whole retry and timeout policy, in one place.
 *
 * - Only operations marked `retrySafe` (x-uc-retry-safe) are ever retried. startConversation is
 *   not: a retry after a lost response would start a second conversation.
 * - Transient failures: a transport error (no response), 408, 429 and any 5xx. Everything else
 *   (400, 401, 410, other statuses, decode errors, timeouts) fails at once.
 * - Delay before retry n (0-based): `initialDelay * 2^n`, capped at `maxDelay`, scaled by a random
 *   factor in [0.75, 1.25) and kept within [initialDelay, maxDelay] — so concurrent clients do not
 *   retry in lockstep.
 * - When the response carries `Retry-After` (seconds or an HTTP date), that wait wins over the
 *   backoff, capped at `maxRetryAfter` so a hostile or broken header cannot park a fiber for hours.
 * - Defaults: 2 retries, 0.5 s initial delay, 8 s max delay, 60 s max Retry-After.
 * - Timeouts apply to each attempt (see execute.ts); the client default is 60 s.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import type { UltraCartError } from "./errors.ts"
import { memoizeByIdentity } from "./memo.ts"

/** Retry settings, per client (`UltraCartClient.layer({ retry })`) or per call (`CallOptions.retry`). */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 disables retries. */
  readonly maxRetries?: number
  /** Backoff before the first retry. Default 0.5 s. */
  readonly initialDelay?: Duration.Input
  /** Longest backoff between two attempts. Default 8 s. */
  readonly maxDelay?: Duration.Input
  /** Longest wait a `Retry-After` header may impose. Default 60 s. */
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
  return {
    maxRetries: Math.max(0, Math.floor(maxRetries)),
    initialDelay:
      options.initialDelay === undefined ? base.initialDelay : Duration.fromInputUnsafe(options.initialDelay),
    maxDelay: options.maxDelay === undefined ? base.maxDelay : Duration.fromInputUnsafe(options.maxDelay),
    maxRetryAfter:
      options.maxRetryAfter === undefined
        ? base.maxRetryAfter
        : Duration.fromInputUnsafe(options.maxRetryAfter)
  }
}

/** The policy of one call: the client's retry policy and timeout, overridden by the call's options. */
export interface CallPolicy {
  readonly retry: RetryPolicy
  readonly timeout: Duration.Duration
}

/**
 * Overlays a call's `retry`/`timeout` options on the client's. Fails with a description instead
 * of throwing when an option cannot be read.
 */
export const resolveCallPolicy = (
  client: CallPolicy,
  options: { readonly retry?: RetryOptions | false; readonly timeout?: Duration.Input } | undefined
): Result.Result<CallPolicy, string> => {
  // The common call passes no options: the client's own policy object is reused as it is.
  if (options?.retry === undefined && options?.timeout === undefined) return Result.succeed(client)
  try {
    return Result.succeed({
      retry: resolveRetryPolicy(client.retry, options.retry),
      timeout: options.timeout === undefined ? client.timeout : Duration.fromInputUnsafe(options.timeout)
    })
  } catch (cause) {
    return Result.fail(
      `unreadable retry or timeout option: ${cause instanceof Error ? cause.message : String(cause)}`
    )
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

/**
 * Parses a `Retry-After` value into milliseconds: delta-seconds ("120", "1.5") or an HTTP date
 * (relative to `nowMillis`). Unreadable or negative values give `undefined`; past dates give 0.
 */
export const parseRetryAfter = (value: string | null | undefined, nowMillis: number): number | undefined => {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === "") return undefined
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  // Only accept something that looks like a date; Date.parse is lenient about plain numbers.
  if (!/[a-z]/i.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMillis)
}

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
 * Runs `attempt` and retries it under `policy` while it fails transiently — only when the
 * operation is `retrySafe`.
 */
export const withRetry = <A, R>(
  attempt: Effect.Effect<A, UltraCartError, R>,
  retrySafe: boolean,
  policy: RetryPolicy
): Effect.Effect<A, UltraCartError, R> => {
  if (!retrySafe || policy.maxRetries <= 0) return attempt
  // Most calls succeed first time, so the schedule machinery is only entered after a failure:
  // `Effect.retry` then starts by replaying that first failure (no request is sent for it), so
  // the schedule sees exactly the attempts and errors it would have seen from the start.
  return Effect.catch(attempt, (first) => {
    if (!isTransient(first)) return Effect.fail(first)
    let replayed = false
    const again = Effect.suspend(() => {
      if (replayed) return attempt
      replayed = true
      return Effect.fail(first)
    })
    return Effect.retry(again, {
      schedule: cachedSchedule(policy),
      times: policy.maxRetries,
      while: isTransient
    })
  })
}
