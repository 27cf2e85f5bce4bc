import { describe, expect, it } from "vitest"
import type { Operation } from "../clients/client.ts"
import { summariseLatency } from "../harness/latency.ts"
import { rateLimitText, type SequentialSuite, sequentialSection } from "./render.ts"

const cell = (client: string, operation: Operation, rounds: ReadonlyArray<ReadonlyArray<number>>) => ({
  client,
  operation,
  latency: summariseLatency(rounds)
})

/** 100 samples per round: 1 … 100 shifted by `by` µs, so p50 = 50 + by and p99 = 99 + by. */
const shifted = (by: number) => Array.from({ length: 100 }, (_, i) => i + 1 + by)

const suite: SequentialSuite = {
  runtime: "node v24.0.0",
  settings: {
    warmupCalls: 10,
    rounds: 2,
    calls: { getConversation: 100, getConversations: 100 },
    roundLimitMs: 1000
  },
  scheduler: {
    option: { maxConcurrent: 1, buckets: [{ limit: 1_000_000_000, seconds: 3600 }] },
    maxConcurrent: 1,
    counted: 1234
  },
  cells: [
    cell("raw fetch + JSON.parse", "getConversation", [shifted(100), shifted(100)]),
    cell("ours (Node adapter, undici)", "getConversation", [shifted(140), shifted(160)]),
    cell('what-if: ours (Node adapter, undici), rateLimit "off"', "getConversation", [
      shifted(130),
      shifted(150)
    ])
  ]
}

const rowOf = (markdown: string, start: string): Array<string> => {
  const line = markdown.split("\n").find((l) => l.startsWith(`| ${start}`)) ?? ""
  return line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim())
}

describe("sequentialSection", () => {
  const markdown = sequentialSection([suite])

  it("puts ours (scheduler on) against raw fetch: p50, p99, the µs added, the latency ratio and the 0.9× target", () => {
    const row = rowOf(markdown, "node v24.0.0 | `getConversation` | **ours")
    // Pooled nearest rank over 200 samples: raw 101…200 twice → p50 150, p99 199; ours 141…240 and
    // 161…260 → p50 200, p99 258. Per round, ours − raw: p50 +40 and +60, p99 +40 and +60.
    expect(row).toEqual([
      "node v24.0.0",
      "`getConversation`",
      "**ours (Node adapter, undici)**",
      "150",
      "200",
      "**+50 (+40 … +60)**",
      "199",
      "258",
      "**+59 (+40 … +60)**",
      "1.33×",
      // raw ÷ ours = 150 / 200: below the ≥ 0.9× target.
      "0.75× **MISS**",
      "200"
    ])
  })

  it("never counts the what-if (scheduler off) as a headline row, and shows it as the scheduler's share", () => {
    expect(markdown).not.toContain("| **what-if")
    const share = rowOf(markdown, "node v24.0.0 | `getConversation` | ours (Node adapter, undici)")
    expect(share.slice(3)).toEqual(["200", "190", "+10 (+10 … +10)", "258", "248", "+10 (+10 … +10)"])
  })

  it("states how the scheduler was configured and what it counted", () => {
    expect(markdown).toContain("`rateLimit: { maxConcurrent: 1, buckets: [{ limit: 1e9, seconds: 3600 }] }`")
    expect(markdown).toContain("1,234 on node")
    expect(markdown).toContain("ours p50 ÷ raw fetch p50")
  })
})

describe("rateLimitText", () => {
  it('writes the option as source, "off" included', () => {
    expect(rateLimitText("off")).toBe('rateLimit: "off"')
    expect(rateLimitText({ maxConcurrent: 1, buckets: [] })).toBe(
      "rateLimit: { maxConcurrent: 1, buckets: [] }"
    )
  })
})
