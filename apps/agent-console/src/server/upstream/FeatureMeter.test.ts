import { describe, expect, it } from "vitest"
import { FeatureMeter } from "./FeatureMeter.ts"

describe("FeatureMeter", () => {
  it("counts per feature in a sliding window, and in total", () => {
    const meter = new FeatureMeter(1000)
    meter.record("list", 0)
    meter.record("list", 500)
    meter.record("actions", 900)
    expect(meter.counts(900).lastHour).toEqual({ list: 2, messages: 0, queues: 0, keepAlive: 0, actions: 1 })
    // At 1200 the request of time 0 has left the window; totals keep it.
    const later = meter.counts(1200)
    expect(later.lastHour.list).toBe(1)
    expect(later.total.list).toBe(2)
    expect(meter.counts(5000).lastHour).toEqual({ list: 0, messages: 0, queues: 0, keepAlive: 0, actions: 0 })
    expect(meter.counts(5000).total).toEqual({ list: 2, messages: 0, queues: 0, keepAlive: 0, actions: 1 })
  })
})
