/**
 * Process and port probes for the tests that kill a parent with SIGKILL and check that what it
 * started died with it. POSIX only (`ps`), like the process groups the launcher relies on.
 */
import { execFileSync } from "node:child_process"
import { connect } from "node:net"

/** Whether `pid` is running. A zombie (exited, not yet reaped) counts as gone. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).startsWith("Z")
  } catch {
    return false // ps found no such process
  }
}

/** The processes whose command line contains `text` (e.g. a Chromium profile directory). */
export const processesMentioning = (text: string): Array<number> =>
  execFileSync("ps", ["-A", "-o", "pid=,args="], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
    .split("\n")
    .filter((line) => line.includes(text))
    .map((line) => Number.parseInt(line, 10))
    .filter((pid) => pid !== process.pid && isAlive(pid))

/** The direct children of `pid`. */
export const childrenOf = (pid: number): Array<number> =>
  execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, parent]) => parent === pid)
    .map(([child]) => child!)

/** Whether something accepts connections on 127.0.0.1:`port` (false once it is refused). */
export const isListening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

/**
 * Polls `condition` until it holds and resolves with the milliseconds that took, or rejects after
 * `timeoutMs`. A hang detector, not a speed check: the default (60 s) is many times what a stop
 * takes (the console's own graceful stop gives up after 3 s), because `npm test` runs this on two
 * busy cores.
 */
export const waitUntil = async (
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000
): Promise<number> => {
  const started = performance.now()
  for (;;) {
    if (await condition()) return performance.now() - started
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** SIGKILLs `pid` (and, when `group`, the process group it leads) if it still runs; for cleanup. */
export const killIfAlive = (pid: number | undefined, group = false): void => {
  if (pid === undefined || !isAlive(pid)) return
  try {
    process.kill(group ? -pid : pid, "SIGKILL")
  } catch {
    // already gone
  }
}
