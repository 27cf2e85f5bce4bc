/**
 * The mock's enforcement of UltraCart's rate limits: leaky buckets per credential and per client
 * IP, the concurrency rule, counters, and the 429 UltraCart answers with.
 *
 * Credentials are hashed on the way in and only the hash is kept, so neither the limiter's state
 * nor anything it reports can leak a key.
 */
import { createHash } from "node:crypto"
import type { MockClock } from "./clock.ts"
import type { WireDialect } from "./dialect.ts"
import { errorReply } from "./envelope.ts"
import type { Reply } from "./http.ts"
import { add, type BucketSpec, type BucketState, emptyBucket, levelAt, msUntilFree } from "./leakyBucket.ts"
import type { RateLimitOption } from "./rateLimitConfig.ts"

/** Who sent a request, as the limiter sees it: the credential as presented and the client's address. */
export interface Caller {
  /** The raw credential (hashed at once, never stored). */
  readonly credential: string
  readonly ip: string
}

/** Why a request was refused. */
export interface RateLimitRejection {
  readonly kind: "rate" | "concurrent"
  /** UltraCart's text, for UC-REST-ERROR and the ErrorResponse. */
  readonly message: string
  /** Whole seconds until the request would fit: rate rejections, when the configuration asks for Retry-After. */
  readonly retryAfterSeconds?: number
}

/** The outcome of {@link RateLimiter.admit}. */
export type Admission =
  | { readonly ok: true; readonly release: () => void }
  | { readonly ok: false; readonly rejection: RateLimitRejection }

/** One bucket's fill, as `GET /__mock/rate-limit` reports it. */
export interface BucketLevel {
  readonly limit: number
  readonly seconds: number
  /** Requests currently in the bucket (fractional: it leaks continuously). */
  readonly level: number
  /** Requests that would be admitted right now. */
  readonly remaining: number
}

/** What `GET /__mock/rate-limit` and `mock.rateLimit()` return. No credential, no credential hash. */
export interface RateLimitSnapshot {
  readonly rateLimit: RateLimitOption
  /** UltraCart's wall clock runs this many times faster in the mock (bucket windows are divided by it). */
  readonly timeScale: number
  /** API calls admitted (and counted against the buckets) since start or the last reset. */
  readonly admitted: number
  /** Requests refused with 429 since start or the last reset, by reason. */
  readonly rejected: { readonly rate: number; readonly concurrent: number }
  /** Requests being answered right now. */
  readonly inFlight: number
  /** Bucket levels of the mock's own credentials, by role (empty when the limit is off). */
  readonly credentials: Readonly<Record<string, ReadonlyArray<BucketLevel>>>
  /** Bucket levels per client IP that has called. */
  readonly ips: Readonly<Record<string, ReadonlyArray<BucketLevel>>>
}

/** Enforces one mock's rate limit. */
export interface RateLimiter {
  /** Admits a request (counting it, and holding its concurrency slot until `release`) or refuses it. */
  readonly admit: (caller: Caller) => Admission
  readonly snapshot: () => RateLimitSnapshot
  /** Replaces the configuration and empties every bucket (counters are kept). */
  readonly configure: (option: RateLimitOption) => void
  /** Back to the configuration given at start, empty buckets, counters at 0. */
  readonly reset: () => void
}

interface Entry {
  buckets: Array<BucketState>
  inFlight: number
}

/** A short, one-way key for a credential: enough to tell credentials apart, useless to call UltraCart with. */
export const credentialKey = (credential: string): string =>
  `cred:${createHash("sha256").update(credential).digest("hex").slice(0, 32)}`

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client. */
export const normalizeIp = (address: string | undefined): string =>
  address === undefined ? "unknown" : address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "")

/** UltraCart's documented text for an overflowing bucket (the header and both messages). */
export const rateExceededMessage = (limit: number, seconds: number): string =>
  `rate of ${limit} per ${seconds} second(s) exceeded.`

/**
 * The concurrency rejection. UltraCart documents the 429 but not its text; this one reads like its
 * rate text and names the rule ("Do NOT perform concurrent requests by application or IP").
 */
export const CONCURRENT_MESSAGE =
  "concurrent requests exceeded: only 1 request at a time per application and IP, wait for the previous response."

/**
 * A limiter with `initial` as its configuration.
 *
 * @param labels the mock's own credentials by role (`{ simpleKey: "…" }`); kept only as hashes, so
 *   the snapshot can show their levels by role.
 */
export const makeRateLimiter = (options: {
  readonly initial: RateLimitOption
  readonly timeScale: number
  readonly clock: MockClock
  readonly labels: Readonly<Record<string, string>>
}): RateLimiter => {
  const { clock, timeScale } = options
  const roles = new Map(Object.entries(options.labels).map(([role, value]) => [credentialKey(value), role]))
  let config: RateLimitOption = options.initial
  let specs: Array<BucketSpec & { readonly seconds: number }> = []
  const entries = new Map<string, Entry>()
  let admitted = 0
  const rejected = { rate: 0, concurrent: 0 }
  let inFlight = 0

  // A window of UltraCart's S seconds lasts S / timeScale seconds here: a simulated hour per minute at 60.
  const applySpecs = (): void => {
    specs =
      config === "off"
        ? []
        : config.buckets.map((b) => ({
            limit: b.limit,
            seconds: b.seconds,
            windowMs: (b.seconds * 1000) / timeScale
          }))
    const now = clock.now()
    // In-flight counts survive: the requests behind them still finish and release.
    for (const entry of entries.values()) entry.buckets = specs.map(() => emptyBucket(now))
  }
  applySpecs()

  const entry = (key: string): Entry => {
    let found = entries.get(key)
    if (found === undefined) {
      const now = clock.now()
      found = { buckets: specs.map(() => emptyBucket(now)), inFlight: 0 }
      entries.set(key, found)
    }
    return found
  }

  const levels = (e: Entry, now: number): Array<BucketLevel> =>
    specs.map((spec, i) => {
      const level = levelAt(spec, e.buckets[i]!, now)
      return {
        limit: spec.limit,
        seconds: spec.seconds,
        level: Math.round(level * 1000) / 1000,
        remaining: Math.max(0, Math.floor(spec.limit - level + 1e-9))
      }
    })

  return {
    admit: ({ credential, ip }) => {
      const scoped = [entry(credentialKey(credential)), entry(`ip:${ip}`)]
      if (config !== "off") {
        if (config.concurrent === "reject" && scoped.some((e) => e.inFlight > 0)) {
          rejected.concurrent++
          return { ok: false, rejection: { kind: "concurrent", message: CONCURRENT_MESSAGE } }
        }
        const now = clock.now()
        // Name the bucket that keeps the caller waiting longest: that is the one it must wait out.
        let worst: { spec: (typeof specs)[number]; wait: number } | undefined
        for (const e of scoped)
          for (const [i, spec] of specs.entries()) {
            const wait = msUntilFree(spec, e.buckets[i]!, now)
            if (wait > 0 && (worst === undefined || wait > worst.wait)) worst = { spec, wait }
          }
        if (worst !== undefined) {
          // A refused request is not counted: UltraCart refuses before doing the work, and a client
          // that backs off must see its budget come back.
          rejected.rate++
          return {
            ok: false,
            rejection: {
              kind: "rate",
              message: rateExceededMessage(worst.spec.limit, worst.spec.seconds),
              // Whole seconds, rounded up and never 0: "Retry-After: 0" would invite an instant retry.
              ...(config.retryAfter === true
                ? { retryAfterSeconds: Math.max(1, Math.ceil(worst.wait / 1000)) }
                : {})
            }
          }
        }
        for (const e of scoped)
          for (const [i, spec] of specs.entries()) e.buckets[i] = add(spec, e.buckets[i]!, now)
      }
      admitted += config === "off" ? 0 : 1
      // In-flight is tracked even when off or "allow", so switching to "reject" mid-request is exact.
      for (const e of scoped) e.inFlight++
      inFlight++
      let released = false
      return {
        ok: true,
        release: () => {
          if (released) return
          released = true
          for (const e of scoped) e.inFlight--
          inFlight--
        }
      }
    },
    snapshot: () => {
      const now = clock.now()
      const credentials: Record<string, ReadonlyArray<BucketLevel>> = {}
      for (const [key, role] of roles) credentials[role] = levels(entries.get(key) ?? entry(key), now)
      const ips: Record<string, ReadonlyArray<BucketLevel>> = {}
      for (const [key, e] of entries) if (key.startsWith("ip:")) ips[key.slice(3)] = levels(e, now)
      return {
        // A copy: the caller must not be able to change the live configuration through it.
        rateLimit: config === "off" ? "off" : { ...config, buckets: config.buckets.map((b) => ({ ...b })) },
        timeScale,
        admitted,
        rejected: { ...rejected },
        inFlight,
        credentials,
        ips
      }
    },
    configure: (option) => {
      config = option
      applySpecs()
    },
    reset: () => {
      config = options.initial
      applySpecs()
      admitted = 0
      rejected.rate = 0
      rejected.concurrent = 0
    }
  }
}

/**
 * UltraCart's 429: the ErrorResponse with the text in `developer_message`, `user_message` and
 * the spec's error header (`UC-REST-ERROR`); `Retry-After` only when the configuration asks for it (UltraCart documents none).
 */
export const rateLimitReply = (dialect: WireDialect, rejection: RateLimitRejection): Reply =>
  errorReply(
    dialect,
    { status: 429, message: rejection.message },
    rejection.retryAfterSeconds === undefined ? {} : { "Retry-After": String(rejection.retryAfterSeconds) }
  )
