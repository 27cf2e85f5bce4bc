/**
 * UltraCart's rate limits as the client knows them: the `rateLimit` option, its validation, the
 * budget snapshot type, and how a 429 is read (rate limit, concurrency limit, or neither).
 *
 * UltraCart publishes (www.ultracart.com/api/rate_limiting.html): 1,000 requests per hour and
 * 10,000 per day per application and IP, as a leaky bucket; no concurrent requests (a second
 * request while one is being answered gets a 429 too). A rate 429 carries
 * `UC-REST-ERROR: rate of N per S second(s) exceeded.`; UltraCart documents no `Retry-After`.
 *
 * @module
 */
import * as Result from "effect/Result"
import type { UltraCartError } from "./errors.ts"

/** One leaky bucket: at most `limit` requests in any `seconds`-long window. */
export interface RateLimitBucket {
  readonly limit: number
  readonly seconds: number
}

/** The scheduler's limits (option `rateLimit` of `UltraCartClient.layer` and the facade). */
export interface RateLimitOptions {
  /** Requests in flight at once per credential. Default 1 (UltraCart forbids concurrent requests). */
  readonly maxConcurrent?: number
  /** Leaky buckets. Default UltraCart's: 1,000 per 3,600 s and 10,000 per 86,400 s. */
  readonly buckets?: ReadonlyArray<RateLimitBucket>
  /**
   * Share of every bucket kept for interactive calls, in [0, 1): background calls (polls) wait
   * while fewer than `ceil(limit × backgroundReserve)` requests remain in any bucket. Default 0.1.
   */
  readonly backgroundReserve?: number
}

/**
 * The `rateLimit` option: the scheduler's limits, or `"off"` (no scheduling: every call is sent
 * at once, as many at a time as the caller starts) for accounts whose limits UltraCart raised.
 */
export type RateLimit = RateLimitOptions | "off"

/** A validated {@link RateLimitOptions}. */
export interface ResolvedRateLimit {
  readonly maxConcurrent: number
  readonly buckets: ReadonlyArray<RateLimitBucket>
  readonly backgroundReserve: number
}

/** UltraCart's published limits: one request at a time, 1,000 per hour, 10,000 per day. */
export const ultracartRateLimit: ResolvedRateLimit = {
  maxConcurrent: 1,
  buckets: [
    { limit: 1000, seconds: 3600 },
    { limit: 10000, seconds: 86400 }
  ],
  backgroundReserve: 0.1
}

/**
 * How urgent a call is. `interactive` (the default for direct calls): a person is waiting.
 * `background` (polls: `messagesSince`, `keepAlive`, the paging helpers): yields to interactive
 * calls and is what waits when the budget runs low.
 */
export type Priority = "interactive" | "background"

/** One bucket in a {@link RateBudget}. */
export interface BudgetBucket extends RateLimitBucket {
  /** Requests started in the last `seconds`. */
  readonly used: number
  /** `limit − used`, never below 0. */
  readonly remaining: number
}

/**
 * What the scheduler of a credential reports: no credential, no key, only counts. Emitted on
 * every change (a request queued, started or finished; a pause); `nextFreeSlotMillis` is as of
 * that moment.
 */
export interface RateBudget {
  /** false when `rateLimit` is `"off"` (then every count below is 0 and nothing is queued). */
  readonly enabled: boolean
  /** Requests started in the last hour and in the last day (by this process, for this credential). */
  readonly usedLastHour: number
  readonly usedLastDay: number
  /** The limits with their use. */
  readonly buckets: ReadonlyArray<BudgetBucket>
  readonly maxConcurrent: number
  /** Requests in flight now. */
  readonly inFlight: number
  /** Calls waiting for a slot, in all and by priority. */
  readonly queueLength: number
  readonly queued: { readonly interactive: number; readonly background: number }
  /** How long the scheduler stays paused after a 429 (0 when not paused). */
  readonly pausedForMillis: number
  /** Time until an interactive request could start (0: now). */
  readonly nextFreeSlotMillis: number
}

/** The budget of a client whose `rateLimit` is `"off"`. */
export const offBudget: RateBudget = {
  enabled: false,
  usedLastHour: 0,
  usedLastDay: 0,
  buckets: [],
  maxConcurrent: Number.POSITIVE_INFINITY,
  inFlight: 0,
  queueLength: 0,
  queued: { interactive: 0, background: 0 },
  pausedForMillis: 0,
  nextFreeSlotMillis: 0
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 1

const optionKeys = new Set(["maxConcurrent", "buckets", "backgroundReserve"])

/**
 * Validates the `rateLimit` option (undefined means UltraCart's limits). Fails with a message
 * naming the field at fault, for an `UltraCartConfigError` with `option: "rateLimit"`.
 */
export const resolveRateLimit = (input: unknown): Result.Result<ResolvedRateLimit | "off", string> => {
  if (input === undefined) return Result.succeed(ultracartRateLimit)
  if (input === "off") return Result.succeed("off")
  if (!isObject(input)) return Result.fail('rateLimit must be "off" or { maxConcurrent, buckets }')
  for (const key of Object.keys(input)) {
    if (!optionKeys.has(key)) {
      return Result.fail(
        `rateLimit: unknown field ${key} (expected maxConcurrent, buckets, backgroundReserve)`
      )
    }
  }
  const {
    maxConcurrent = ultracartRateLimit.maxConcurrent,
    buckets = ultracartRateLimit.buckets,
    backgroundReserve = ultracartRateLimit.backgroundReserve
  } = input
  if (!isPositiveInteger(maxConcurrent)) {
    return Result.fail("rateLimit.maxConcurrent must be a whole number of at least 1")
  }
  if (!Array.isArray(buckets)) return Result.fail("rateLimit.buckets must be an array of { limit, seconds }")
  const checked: Array<RateLimitBucket> = []
  for (const [index, bucket] of (buckets as ReadonlyArray<unknown>).entries()) {
    if (!isObject(bucket) || !isPositiveInteger(bucket.limit)) {
      return Result.fail(`rateLimit.buckets[${index}].limit must be a whole number of at least 1`)
    }
    const seconds = bucket.seconds
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
      return Result.fail(`rateLimit.buckets[${index}].seconds must be a finite number above 0`)
    }
    checked.push({ limit: bucket.limit, seconds })
  }
  if (
    typeof backgroundReserve !== "number" ||
    !Number.isFinite(backgroundReserve) ||
    backgroundReserve < 0 ||
    backgroundReserve >= 1
  ) {
    return Result.fail("rateLimit.backgroundReserve must be a number in [0, 1)")
  }
  return Result.succeed({ maxConcurrent, buckets: checked, backgroundReserve })
}

/** Whether `value` is a {@link Priority}. */
export const isPriority = (value: unknown): value is Priority =>
  value === "interactive" || value === "background"

const rateText = /rate of (\d+) per (\d+(?:\.\d+)?) second\(s\) exceeded/i
const concurrencyText = /concurren/i

/**
 * What a 429 says about the limits. `rate`: UltraCart's "rate of N per S second(s) exceeded."
 * (with the bucket it names), or any 429 carrying `Retry-After`. `concurrent`: UltraCart's text
 * about concurrent requests. `unknown`: a 429 without either.
 */
export type RateLimitSignal =
  | { readonly kind: "rate"; readonly bucket?: RateLimitBucket; readonly retryAfterMillis?: number }
  | { readonly kind: "concurrent"; readonly retryAfterMillis?: number }
  | { readonly kind: "unknown" }

/** Reads a 429 (any other error gives undefined). */
export const rateLimitSignal = (error: UltraCartError): RateLimitSignal | undefined => {
  if (error._tag !== "RateLimited") return undefined
  const text = `${error.ucRestError ?? ""} ${error.message}`
  const retryAfter = error.retryAfterMillis === undefined ? {} : { retryAfterMillis: error.retryAfterMillis }
  const rate = rateText.exec(text)
  if (rate !== null) {
    return { kind: "rate", bucket: { limit: Number(rate[1]), seconds: Number(rate[2]) }, ...retryAfter }
  }
  if (concurrencyText.test(text)) return { kind: "concurrent", ...retryAfter }
  if (error.retryAfterMillis !== undefined) return { kind: "rate", ...retryAfter }
  return { kind: "unknown" }
}

/**
 * Whether UltraCart refused the request before doing any work: a 429 whose `UC-REST-ERROR` is
 * UltraCart's rate or concurrency text. Such a 429 may be retried even for an operation that is
 * not retry-safe (see retry.ts). A 429 recognised only by `Retry-After` may come from something
 * in front of UltraCart, so it does not qualify.
 */
export const isRefusedUnprocessed = (error: UltraCartError): boolean => {
  if (error._tag !== "RateLimited" || error.ucRestError === undefined) return false
  return rateText.test(error.ucRestError) || concurrencyText.test(error.ucRestError)
}
