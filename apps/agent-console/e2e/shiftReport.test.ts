import { describe, expect, it } from "vitest"
import type { ShiftResult } from "./shift.ts"
import { heading, section, table } from "./shiftReport.ts"

const result: ShiftResult = {
  runtime: "node",
  hours: 2,
  timeScale: 60,
  seed: 15,
  realSeconds: 120,
  admitted: 1470,
  perHour: 735,
  hourly: [730, 740],
  peakHourlyBucket: 3,
  rejected: { rate: 0, concurrent: 0 },
  responses429: 0,
  byOperation: { getConversations: 1100 },
  byFeature: { list: 1100, messages: 120, queues: 80, keepAlive: 120, actions: 50 },
  messages: { sent: 160, toOpen: 120, latency: { count: 120, p50: 3.5, p95: 6.25, max: 9 } },
  actions: { open: 5 }
}

describe("the shift section of RESULTS.md", () => {
  it("pads every column of a table", () => {
    expect(table(["a", "long header"], [["value", 1]])).toEqual([
      "| a     | long header |",
      "| ----- | ----------- |",
      "| value | 1           |"
    ])
  })

  it("starts with its heading and carries the figures", () => {
    const text = section([result], "2026-11-28")
    expect(text.startsWith(`${heading}\n`)).toBe(true)
    expect(text).toContain("--hours 2 --time-scale 60")
    expect(text).toMatch(
      /\| node +\| 2 h at ×60 +\| 120\.0 s +\| 1470 +\| 735 +\| 740 +\| 0 +\| 0 \/ 0 +\| 3\.5 \/ 6\.3 \/ 9\.0 /
    )
    expect(text).toMatch(/\| node +\| 1100 +\| 120 +\| 80 +\| 120 +\| 50 +\| 730, 740 +\|/)
  })
})
