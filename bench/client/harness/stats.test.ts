import { describe, expect, it } from "vitest"
import { median, quantile, ratio, spread } from "./stats.ts"

describe("stats", () => {
  it("takes the middle value of an odd set and the mean of the middle two of an even set", () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })

  it("reports median, min and max regardless of order", () => {
    expect(spread([9, 2, 7, 4, 5])).toEqual({ median: 5, min: 2, max: 9, runs: 5 })
  })

  it("takes quantiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(quantile(values, 0.5)).toBe(50)
    expect(quantile(values, 0.99)).toBe(99)
    expect(quantile(values, 1)).toBe(100)
  })

  it("refuses ratios against nothing", () => {
    expect(ratio(3, 2)).toBe(1.5)
    expect(ratio(3, 0)).toBeNaN()
    expect(ratio(3, Number.NaN)).toBeNaN()
  })
})
