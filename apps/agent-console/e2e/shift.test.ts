/**
 * One hour of an agent's shift at time scale 60 (about a minute of real time), against the
 * embedded mock with UltraCart's limits on (1,000 an hour, concurrent requests refused), in real
 * Chromium on Node. What is checked is what UltraCart would see, counted by the mock: no 429 at
 * all, no concurrent request, at most 80 % of the hourly limit; and that a customer's message shows
 * in the agent's page within 10 simulated seconds at the 95th percentile.
 *
 * Compressed time compresses the waits, not the work: a message's latency is the wait for the
 * first upstream request that could carry it, scaled, plus the work after it (answer, push,
 * render) as it ran (`simulatedLatency` in shift.ts), so a busy machine does not read as a slow
 * schedule. The request counts do not depend on speed either: the schedule is derived from the
 * budget. Needs `build`.
 */
import { describe, expect, it } from "vitest"
import { describeShift, runShift } from "./shift.ts"

describe("an hour of an agent's shift against UltraCart's limits (time scale 60)", () => {
  it("spends at most 80 % of the hourly limit, meets no 429, and shows messages within 10 s", async () => {
    const result = await runShift({ runtime: "node", hours: 1, timeScale: 60, seed: 15 })
    console.log(describeShift(result))
    expect(result.rejected).toEqual({ rate: 0, concurrent: 0 })
    expect(result.responses429).toBe(0)
    expect(result.admitted).toBeLessThanOrEqual(800)
    expect(result.actions.open).toBeGreaterThan(0)
    expect(result.messages.toOpen).toBeGreaterThan(20)
    expect(result.messages.latency.count).toBe(result.messages.toOpen)
    expect(result.messages.latency.p95).toBeLessThanOrEqual(10)
  })
})
