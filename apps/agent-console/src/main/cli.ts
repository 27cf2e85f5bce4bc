/**
 * Command-line options shared by the three entries: `--port N` (default 3000; a taken port falls
 * back to a free one), `--host H` (default 127.0.0.1), `--time-scale N` (run N times faster than
 * the wall clock, with the embedded mock only), `--exit-on-stdin-eof` (stop when the parent that
 * spawned the console dies; see parentWatch.ts) and `--no-auth` (no access token: loopback only,
 * for scripts and tests; refused with any other host).
 *
 * @since 0.0.0
 */
import { isLoopback } from "../server/security/ConsoleSecurity.ts"
import { exitOnStdinEofFlag } from "./parentWatch.ts"

/**
 * Parsed options.
 *
 * @since 0.0.0
 */
export interface CliOptions {
  readonly port: number
  /** Loopback by default: the console holds the UltraCart credential and has no login of its own. */
  readonly hostname: string
  /** Stop when stdin reaches EOF, i.e. when the parent holding the pipe's other end is gone. */
  readonly exitOnStdinEof: boolean
  /**
   * How many times faster than the wall clock the console and its embedded mock run (1: real
   * time). Only with the embedded mock: UltraCart's own clock cannot be sped up.
   */
  readonly timeScale: number
  /**
   * No access token (`--no-auth`): any local process may use the console. Loopback hosts only;
   * the same-origin rules stay on regardless.
   */
  readonly noAuth: boolean
}

/**
 * Parses the entry's arguments; throws a readable message on a bad value.
 *
 * @since 0.0.0
 */
export const parseCli = (argv: ReadonlyArray<string>): CliOptions => {
  let port = 3000
  let hostname = "127.0.0.1"
  let exitOnStdinEof = false
  let timeScale = 1
  let noAuth = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split("=", 2) : [arg, undefined]
    const value = () => inline ?? argv[++i] ?? ""
    if (flag === "--port") {
      const text = value()
      port = Number(text)
      if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be 0-65535, got "${text}"`)
    } else if (flag === "--host") {
      hostname = value()
      if (hostname === "") throw new Error("--host needs a value")
    } else if (flag === "--time-scale") {
      const text = value()
      timeScale = Number(text)
      if (!/^\d+(\.\d+)?$/.test(text) || !(timeScale > 0) || timeScale > 3600)
        throw new Error(`--time-scale must be a number above 0, at most 3600, got "${text}"`)
    } else if (arg === exitOnStdinEofFlag) {
      exitOnStdinEof = true
    } else if (arg === "--no-auth") {
      noAuth = true
    } else {
      throw new Error(
        `Unknown option ${arg}. Options: --port N, --host H, --time-scale N, --no-auth, ${exitOnStdinEofFlag}`
      )
    }
  }
  if (noAuth && !isLoopback(hostname))
    throw new Error(
      `--no-auth is for loopback only: with --host ${hostname} anyone who can reach the port would act as the agent. Drop --no-auth and use the printed link.`
    )
  return { port, hostname, exitOnStdinEof, timeScale, noAuth }
}
