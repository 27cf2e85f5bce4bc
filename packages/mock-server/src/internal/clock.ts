/**
 * The mock's sense of elapsed time for UltraCart's wall-clock behaviour (rate-limit buckets).
 *
 * Injectable so a test can move time by hand: a leak over a simulated hour is then a method call,
 * never a real sleep, and no assertion depends on how fast the machine is.
 */

/** A monotonic clock in milliseconds. Only differences between readings matter. */
export interface MockClock {
  readonly now: () => number
}

/** The real clock: `performance.now()`, monotonic (a wall-clock step cannot refill or drain a bucket). */
export const systemClock: MockClock = { now: () => performance.now() }

/** A clock that only moves when told to, for deterministic tests. */
export interface ManualClock extends MockClock {
  /** Moves the clock forward by `ms` (never back: the clock stays monotonic). */
  readonly advance: (ms: number) => void
}

/**
 * A clock for tests: starts at `startMs` and moves only through `advance`.
 *
 * @example
 * const clock = createManualClock()
 * const mock = await startMockServer({ rateLimit: ultracartRateLimit, clock })
 * clock.advance(3_600_000) // a simulated hour, at once
 */
export const createManualClock = (startMs = 0): ManualClock => {
  let current = startMs
  return {
    now: () => current,
    advance: (ms) => {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance: ${ms} is not a duration in ms`)
      current += ms
    }
  }
}
