/** The machine and runtimes a benchmark ran on, for RESULTS.md. */
import { execFileSync } from "node:child_process"
import { cpus, loadavg, release, totalmem } from "node:os"
import { repoRoot } from "./paths.ts"

/** What RESULTS.md states about the machine. */
export interface MachineInfo {
  readonly nproc: number
  readonly cpu: string
  readonly memoryGiB: number
  readonly kernel: string
  readonly node: string
  readonly bun: string
  readonly deno: string
  readonly commit: string
  readonly date: string
  /** 1/5/15-minute load averages when the run started: other work on the machine skews req/s. */
  readonly loadAverage: string
}

/** The 1/5/15-minute load averages, e.g. "0.52 / 0.40 / 0.31". */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ")

const run = (command: string, args: ReadonlyArray<string>): string => {
  try {
    return execFileSync(command, args, {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"]
    }).trim()
  } catch {
    return "unavailable"
  }
}

/** Reads nproc, CPU model, memory and runtime versions. */
export const machineInfo = (): MachineInfo => ({
  nproc: Number(run("nproc", [])) || cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  kernel: `Linux ${release()}`,
  node: process.version,
  bun: run("bun", ["--version"]),
  deno: run("deno", ["--version"]).split("\n")[0] ?? "unavailable",
  commit: run("git", ["rev-parse", "--short", "HEAD"]),
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  loadAverage: loadAverage()
})
