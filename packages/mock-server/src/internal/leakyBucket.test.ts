import { describe, expect, it } from "vitest"
import { add, type BucketSpec, type BucketState, emptyBucket, levelAt, msUntilFree } from "./leakyBucket.ts"

const hour: BucketSpec = { limit: 1000, windowMs: 3_600_000 }

const fill = (spec: BucketSpec, n: number, now: number): BucketState => {
  let state = emptyBucket(now)
  for (let i = 0; i < n; i++) {
    expect(msUntilFree(spec, state, now)).toBe(0)
    state = add(spec, state, now)
  }
  return state
}

describe("leaky bucket", () => {
  it("admits exactly `limit` requests at once, then waits one request's leak time (window / limit)", () => {
    const full = fill(hour, 1000, 0)
    expect(levelAt(hour, full, 0)).toBe(1000)
    expect(msUntilFree(hour, full, 0)).toBeCloseTo(3600, 6)
    expect(msUntilFree(hour, full, 3599)).toBeGreaterThan(0)
    expect(msUntilFree(hour, full, 3600)).toBe(0)
  })

  it("leaks continuously: no fixed reset, half a window gives back half the budget", () => {
    const full = fill(hour, 1000, 0)
    expect(levelAt(hour, full, 1_800_000)).toBeCloseTo(500, 6)
    let state = full
    let admitted = 0
    while (msUntilFree(hour, state, 1_800_000) === 0) {
      state = add(hour, state, 1_800_000)
      admitted++
    }
    expect(admitted).toBe(500)
    // A full window after the last request the bucket is empty again, not before.
    expect(levelAt(hour, state, 1_800_000 + 3_599_999)).toBeGreaterThan(0)
    expect(levelAt(hour, state, 1_800_000 + 3_600_000)).toBe(0)
  })

  it("never drains below empty, however long it was idle", () => {
    const one = add(hour, emptyBucket(0), 0)
    expect(levelAt(hour, one, 10 * 3_600_000)).toBe(0)
    expect(levelAt(hour, add(hour, one, 10 * 3_600_000), 10 * 3_600_000)).toBe(1)
  })

  it("ignores a clock reading older than the bucket (no negative leak)", () => {
    const one = add(hour, emptyBucket(5000), 5000)
    expect(levelAt(hour, one, 0)).toBe(1)
  })
})
