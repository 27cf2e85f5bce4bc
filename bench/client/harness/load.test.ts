import { describe, expect, it } from "vitest"
import { runLoad } from "./load.ts"

describe("runLoad", () => {
  it("stops at the request budget and never exceeds the concurrency", async () => {
    let inFlight = 0
    let peak = 0
    const call = async () => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 1))
      inFlight--
    }
    const result = await runLoad(call, { concurrency: 8, durationMs: 10_000, maxRequests: 200 })
    expect(result.requests).toBe(200)
    expect(peak).toBe(8)
    expect(result.p50).toBeGreaterThan(0.5)
    expect(result.rps).toBeGreaterThan(0)
  })

  it("stops at the time budget", async () => {
    const call = () => new Promise((resolve) => setTimeout(resolve, 5))
    const result = await runLoad(call, { concurrency: 2, durationMs: 100, maxRequests: 1_000_000 })
    // It stopped because the 100 ms ran out, not because the request budget did; the bound on
    // seconds only says it did stop (a loaded machine may be late by seconds, never by a minute).
    expect(result.requests).toBeLessThan(1_000_000)
    expect(result.seconds).toBeLessThan(60)
  })

  it("fails the run when a call fails", async () => {
    await expect(
      runLoad(() => Promise.reject(new Error("boom")), { concurrency: 1, durationMs: 100, maxRequests: 10 })
    ).rejects.toThrow("boom")
  })
})
