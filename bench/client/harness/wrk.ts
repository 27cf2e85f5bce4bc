/** The static server's own ceiling, measured with wrk when it is installed (apt-get install wrk). */
import { execFileSync } from "node:child_process"
import { type Spread, spread } from "./stats.ts"

/** wrk's requests/s over repeated runs against one URL. */
export interface Ceiling {
  readonly tool: string
  readonly url: string
  readonly command: string
  readonly rps: Spread
}

const hasWrk = (): boolean => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" })
    return true
  } catch (error) {
    // wrk --version exits 1 after printing; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== "ENOENT"
  }
}

/**
 * Installs wrk with apt-get when it is missing and we are root (as on the project's machines);
 * anywhere else the ceiling is simply left out.
 */
export const ensureWrk = (): boolean => {
  if (hasWrk()) return true
  if (process.getuid?.() !== 0) return false
  const install = (args: ReadonlyArray<string>): boolean => {
    try {
      execFileSync("apt-get", args, {
        stdio: "ignore",
        timeout: 180_000,
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
      })
      return true
    } catch {
      return false
    }
  }
  if (!install(["install", "-y", "-qq", "wrk"]))
    install(["update", "-qq"]) && install(["install", "-y", "-qq", "wrk"])
  return hasWrk()
}

/** Runs wrk (1 thread, 64 connections) `runs` times; undefined when wrk is not installed. */
export const measureCeiling = (
  url: string,
  headers: Readonly<Record<string, string>>,
  runs: number
): Ceiling | undefined => {
  if (!hasWrk()) return undefined
  const args = [
    "-t1",
    "-c64",
    "-d2s",
    ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
    url
  ]
  const rps: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const out = execFileSync("wrk", args, { encoding: "utf8", timeout: 30_000 })
    const match = /Requests\/sec:\s+([\d.]+)/.exec(out)
    if (match?.[1] !== undefined) rps.push(Number(match[1]))
  }
  return {
    tool: "wrk",
    url,
    command: `wrk ${args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`,
    rps: spread(rps)
  }
}
