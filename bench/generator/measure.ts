import { spawnSync } from "node:child_process"
import { readFileSync, rmSync } from "node:fs"

/** One measured process run. */
export interface Sample {
  readonly wallMs: number
  /** Peak resident set size of the process (GNU time's %M, largest of it and its waited-for children). */
  readonly peakRssKb: number
  readonly ok: boolean
  readonly stderrTail: string
}

/**
 * Runs `command` under GNU time and returns wall time (measured here, around the spawn) and the
 * peak RSS that time reports. `stdoutFile` captures stdout for generators that print their output.
 */
export const measure = (
  command: ReadonlyArray<string>,
  cwd: string,
  rssFile: string,
  stdoutFile?: string
): Sample => {
  rmSync(rssFile, { force: true })
  const [program, ...args] = command
  if (program === undefined) throw new Error("empty command")
  const shellOut = stdoutFile === undefined ? [] : [">", JSON.stringify(stdoutFile)]
  const line = [
    "/usr/bin/time",
    "-f",
    "%M",
    "-o",
    JSON.stringify(rssFile),
    JSON.stringify(program),
    ...args.map((a) => JSON.stringify(a)),
    ...shellOut
  ].join(" ")
  const started = performance.now()
  const result = spawnSync("bash", ["-c", line], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
  const wallMs = performance.now() - started
  let peakRssKb = Number.NaN
  try {
    const lines = readFileSync(rssFile, "utf8").trim().split("\n")
    peakRssKb = Number(lines[lines.length - 1])
  } catch {
    // time writes nothing when the program could not start; the sample is marked failed below.
  }
  return {
    wallMs,
    peakRssKb,
    ok: result.status === 0,
    stderrTail: (result.stderr ?? "").trim().split("\n").slice(-3).join(" | ")
  }
}

/** The median of a non-empty list. */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}
