import { describe, expect, it } from "vitest"
import { features, planBudget, scaledRateLimit } from "./Budget.ts"

describe("planBudget", () => {
  it("splits 80 % of UltraCart's hourly limit among the features, the list poll taking the rest", () => {
    const plan = planBudget()
    expect(plan.target).toBe(800)
    expect(features.reduce((sum, feature) => sum + plan.perHour[feature], 0)).toBe(800)
    expect(plan.perHour).toEqual({ list: 580, messages: 60, queues: 40, keepAlive: 60, actions: 60 })
    expect(plan.intervalMillis("list", "visible")).toBeCloseTo(3_600_000 / 580)
    expect(plan.intervalMillis("keepAlive", "visible")).toBe(60_000)
    expect(plan.intervalMillis("queues", "visible")).toBe(90_000)
  })

  it("slows the list and queues while no tab is visible, and stops everything without a tab", () => {
    const plan = planBudget()
    expect(plan.intervalMillis("list", "hidden")).toBeCloseTo((4 * 3_600_000) / 580)
    expect(plan.intervalMillis("queues", "hidden")).toBe(360_000)
    expect(plan.intervalMillis("keepAlive", "hidden")).toBe(60_000)
    for (const feature of ["list", "queues", "keepAlive"] as const)
      expect(plan.intervalMillis(feature, "none")).toBeUndefined()
  })

  it("divides every interval and the hour by the time scale", () => {
    const plan = planBudget({ timeScale: 60 })
    expect(plan.hourMillis).toBe(60_000)
    expect(plan.intervalMillis("keepAlive", "visible")).toBe(1000)
    expect(plan.intervalMillis("list", "visible")).toBeCloseTo(3_600_000 / 580 / 60)
    expect(plan.perHour).toEqual(planBudget().perHour)
  })

  it("follows the limit it is given, and refuses a budget that leaves the list nothing", () => {
    expect(planBudget({ hourlyLimit: 2000 }).perHour.list).toBe(1600 - 220)
    expect(() => planBudget({ hourlyLimit: 200 })).toThrow(/leaves -60 requests/)
    expect(() => planBudget({ timeScale: 0 })).toThrow(/timeScale must be a number above 0/)
    expect(() => planBudget({ targetShare: 1.5 })).toThrow(/at most 1/)
  })

  it("scales the client's rate limit windows like the mock's", () => {
    expect(scaledRateLimit(60).buckets).toEqual([
      { limit: 1000, seconds: 60 },
      { limit: 10000, seconds: 1440 }
    ])
  })
})
