/**
 * What the mock's rate limit is configured as, UltraCart's published values, and the checks every
 * way of setting it (the option, `PUT /__mock/rate-limit`, the CLI) shares.
 *
 * Source: www.ultracart.com/api/rate_limiting.html: 1,000 requests per hour and 10,000 per day,
 * per application and per IP, as a leaky bucket; concurrent requests also get a 429.
 */
import { isObject } from "@uc-conversation/spec"

/** At most `limit` requests per `seconds`, as UltraCart states its limits ("rate of N per S second(s)"). */
export interface RateLimitBucket {
  readonly limit: number
  readonly seconds: number
}

/** An active rate limit. */
export interface RateLimitConfig {
  /** Every bucket applies at once, per credential and per client IP. */
  readonly buckets: ReadonlyArray<RateLimitBucket>
  /** `"reject"`: a request arriving while another from the same credential or IP is being answered gets 429. */
  readonly concurrent: "reject" | "allow"
  /** Send `Retry-After` (whole seconds until the bucket has leaked enough) with a rate 429. UltraCart documents none. */
  readonly retryAfter?: boolean
}

/** The `rateLimit` option: a configuration, or `"off"` for no limit at all. */
export type RateLimitOption = RateLimitConfig | "off"

/** What the option and `setRateLimit` accept: omitted fields take {@link ultracartRateLimit}'s values. */
export type RateLimitInput = RateLimitOption | Partial<RateLimitConfig>

/** UltraCart's published default limits (an account can have them raised after a review). */
export const ultracartRateLimit: RateLimitConfig = {
  buckets: [
    { limit: 1000, seconds: 3600 },
    { limit: 10000, seconds: 86400 }
  ],
  concurrent: "reject",
  retryAfter: false
}

/**
 * The default of `startMockServer` and `uc-mock`: UltraCart's published limits, so everything that
 * runs against the mock (`npm start`, every suite) sees what a user of the real UltraCart sees.
 * A test about something else passes `rateLimit: "off"` explicitly.
 */
export const DEFAULT_RATE_LIMIT: RateLimitOption = ultracartRateLimit

/** Generous sanity bounds: a typo (a negative limit, a window of 0) must fail loudly, not divide by zero. */
const MAX_LIMIT = 1_000_000_000
const MAX_SECONDS = 10 * 365 * 86400
const MAX_BUCKETS = 16
const KEYS = new Set(["buckets", "concurrent", "retryAfter"])

const isCount = (u: unknown, max: number): u is number =>
  typeof u === "number" && Number.isInteger(u) && u >= 1 && u <= max

/**
 * Checks a rate limit that arrived as JSON or from JS, filling omitted fields from
 * {@link ultracartRateLimit}. Returns the complete configuration, `"off"`, or a reason.
 */
export const parseRateLimit = (input: unknown): Required<RateLimitConfig> | "off" | string => {
  if (input === "off") return "off"
  if (!isObject(input)) return 'the rate limit must be "off" or an object {buckets, concurrent, retryAfter}'
  for (const key of Object.keys(input))
    if (!KEYS.has(key))
      return `unknown rate limit field \`${key}\` (expected buckets, concurrent, retryAfter)`
  const { buckets = ultracartRateLimit.buckets, concurrent = "reject", retryAfter = false } = input
  if (!Array.isArray(buckets) || buckets.length === 0 || buckets.length > MAX_BUCKETS)
    return `\`buckets\` must be a list of 1 to ${MAX_BUCKETS} {limit, seconds}`
  const checked: Array<RateLimitBucket> = []
  for (const [i, bucket] of buckets.entries()) {
    if (!isObject(bucket) || Object.keys(bucket).some((k) => k !== "limit" && k !== "seconds"))
      return `\`buckets[${i}]\` must be an object {limit, seconds}`
    if (!isCount(bucket.limit, MAX_LIMIT))
      return `\`buckets[${i}].limit\` must be a whole number of requests (1-${MAX_LIMIT})`
    if (!isCount(bucket.seconds, MAX_SECONDS))
      return `\`buckets[${i}].seconds\` must be a whole number of seconds (1-${MAX_SECONDS})`
    checked.push({ limit: bucket.limit, seconds: bucket.seconds })
  }
  if (concurrent !== "reject" && concurrent !== "allow") return '`concurrent` must be "reject" or "allow"'
  if (typeof retryAfter !== "boolean") return "`retryAfter` must be a boolean"
  return { buckets: checked, concurrent, retryAfter }
}

/**
 * Parses the CLI form of the buckets: `off`, `ultracart` (the published values), or
 * `LIMIT/SECONDS[,LIMIT/SECONDS...]` such as `1000/3600,10000/86400`.
 */
export const parseBucketsFlag = (text: string): ReadonlyArray<RateLimitBucket> | "off" | string => {
  if (text === "off") return "off"
  if (text === "ultracart") return ultracartRateLimit.buckets
  const buckets: Array<RateLimitBucket> = []
  for (const part of text.split(",")) {
    const match = /^(\d+)\/(\d+)$/.exec(part.trim())
    if (match === null)
      return `--rate-limit: ${JSON.stringify(part)} is not LIMIT/SECONDS (e.g. 1000/3600,10000/86400), "ultracart" or "off"`
    buckets.push({ limit: Number(match[1]), seconds: Number(match[2]) })
  }
  const checked = parseRateLimit({ buckets })
  return typeof checked === "string" ? `--rate-limit: ${checked}` : (checked as RateLimitConfig).buckets
}

/** Checks a time scale: how many times faster than UltraCart's wall clock the mock's windows run. */
export const checkTimeScale = (scale: unknown): string | undefined =>
  typeof scale === "number" && Number.isFinite(scale) && scale > 0 && scale <= 1_000_000
    ? undefined
    : "the time scale must be a number greater than 0 (e.g. 60: a simulated hour per minute), at most 1000000"

/** One line for a banner or a log: what is enforced. */
export const describeRateLimit = (option: RateLimitOption, timeScale = 1): string => {
  if (option === "off") return "off (UltraCart enforces 1000/3600 and 10000/86400: --rate-limit ultracart)"
  const buckets = option.buckets.map((b) => `${b.limit} per ${b.seconds} s`).join(", ")
  const scaled = timeScale === 1 ? "" : ` (windows run ${timeScale}x faster)`
  return (
    `${buckets} per credential and per IP${scaled}; ` +
    `concurrent requests ${option.concurrent === "reject" ? "rejected" : "allowed"}; ` +
    `Retry-After ${option.retryAfter === true ? "sent" : "not sent"}`
  )
}
