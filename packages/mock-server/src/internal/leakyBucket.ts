/**
 * Leaky-bucket arithmetic, pure and clock-free (the caller passes `now`).
 *
 * UltraCart describes its limits as a leaky bucket: each request adds one unit, the bucket drains
 * continuously at `limit` units per window, and a request that would overflow it is refused.
 * There is no fixed reset time, so a client that stops for a fraction of the window gets that
 * fraction of its budget back, no more.
 */

/** One limit: at most `limit` requests per `windowMs`, drained continuously. */
export interface BucketSpec {
  readonly limit: number
  readonly windowMs: number
}

/** A bucket's fill: `level` units as of `at` (ms on the limiter's clock). */
export interface BucketState {
  readonly level: number
  readonly at: number
}

/** An empty bucket as of `now`. */
export const emptyBucket = (now: number): BucketState => ({ level: 0, at: now })

/** The bucket's level at `now`: what it held, minus what leaked since. Never below 0. */
export const levelAt = (spec: BucketSpec, state: BucketState, now: number): number => {
  const leaked = (Math.max(0, now - state.at) * spec.limit) / spec.windowMs
  return Math.max(0, state.level - leaked)
}

/** The bucket after adding one request at `now` (call only when {@link msUntilFree} is 0). */
export const add = (spec: BucketSpec, state: BucketState, now: number): BucketState => ({
  level: levelAt(spec, state, now) + 1,
  at: now
})

/**
 * Milliseconds from `now` until one more request fits; 0 when it already does. A tiny epsilon
 * absorbs floating-point residue, so a bucket that has leaked exactly one request's worth of time
 * admits exactly one request.
 */
export const msUntilFree = (spec: BucketSpec, state: BucketState, now: number): number => {
  const excess = levelAt(spec, state, now) + 1 - spec.limit
  return excess <= 1e-9 ? 0 : (excess * spec.windowMs) / spec.limit
}
