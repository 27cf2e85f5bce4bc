/**
 * The "Agent console: shift simulation" section of bench/RESULTS.md, from the figures of shifts.
 */
import type { ShiftResult } from "./shift.ts"

/** The section's heading; everything from it to the next "## " heading is replaced on each run. */
export const heading = "## Agent console: shift simulation"

const s = (value: number) => value.toFixed(1)

/** A Markdown table with padded columns, like the other tables of RESULTS.md. */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>
): Array<string> => {
  const cells = [header, ...rows.map((row) => row.map(String))]
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => row[column]!.length)))
  const line = (row: ReadonlyArray<string>) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`
  return [line(cells[0]!), line(widths.map((width) => "-".repeat(width))), ...cells.slice(1).map(line)]
}

export const section = (rows: ReadonlyArray<ShiftResult>, date: string): string => {
  const first = rows[0]!
  const features = Object.keys(first.byFeature)
  return [
    heading,
    "",
    `Written by \`npm run console:shift -- --hours ${first.hours} --time-scale ${first.timeScale}\` on ${date}`,
    "(apps/agent-console/e2e/shift.ts): the built console at that time scale with its embedded mock",
    "enforcing UltraCart's limits (1,000/hour, 10,000/day, concurrent requests refused; windows",
    "divided by the same scale), open in headless Chromium with one conversation shown; customers",
    `write at random (seeded PRNG, seed ${first.seed}, a message every 45 simulated seconds on average, 3 in 4 to`,
    "the open conversation), the agent opens another conversation, sets a status or refreshes the",
    "queues every 5-15 simulated minutes. Requests are the mock's own count; latency is from the",
    "message's arrival at the mock to its text appearing in the page (MutationObserver): the wait",
    "for the first upstream request that could carry it, times the scale, plus the work after it as",
    "it ran (compressed time compresses waits, not work; `simulatedLatency` in shift.ts).",
    "The console's plan: 80 % of 1,000/hour = list poll 580 (every 6.2 s), messages 60,",
    "queues 40 (every 90 s), keep-alive 60 (every 60 s), agent actions 60.",
    "",
    ...table(
      [
        "runtime",
        "simulated",
        "real",
        "requests",
        "per hour",
        "busiest hour",
        "429s",
        "rejected rate / concurrent",
        "latency p50 / p95 / max (simulated s)",
        "messages (to open)"
      ],
      rows.map((r) => [
        r.runtime,
        `${r.hours} h at ×${r.timeScale}`,
        `${s(r.realSeconds)} s`,
        r.admitted,
        r.perHour.toFixed(0),
        Math.max(0, ...r.hourly),
        r.responses429,
        `${r.rejected.rate} / ${r.rejected.concurrent}`,
        `${s(r.messages.latency.p50)} / ${s(r.messages.latency.p95)} / ${s(r.messages.latency.max)}`,
        `${r.messages.sent} (${r.messages.toOpen})`
      ])
    ),
    "",
    "Requests by feature over the shift (the console's own counters, as its header meter shows them):",
    "",
    ...table(
      ["runtime", ...features, "requests per simulated hour, hour by hour"],
      rows.map((r) => [
        r.runtime,
        ...features.map((feature) => r.byFeature[feature] ?? 0),
        r.hourly.join(", ")
      ])
    ),
    ""
  ].join("\n")
}
