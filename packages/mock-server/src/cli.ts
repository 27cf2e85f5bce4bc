#!/usr/bin/env node
/**
 * `uc-mock [--port N] [--host H] [--seed S] [--exit-on-stdin-eof]`: runs the mock UltraCart
 * server until Ctrl-C. Works under node, bun and `deno run -A`.
 *
 * `--exit-on-stdin-eof` is for a program (a test) that spawns the mock with stdin as a pipe it
 * never writes to: the mock stops when that pipe closes, which the kernel does when the parent
 * dies, however it dies (SIGKILL runs no handler the parent could use to stop it). Opt-in, so
 * Ctrl-D in a terminal, or stdin at /dev/null, does not stop a mock started by hand.
 *
 * @module
 */
import { startMockServer } from "./MockServer.ts"

const usage = "usage: uc-mock [--port N] [--host HOST] [--seed N] [--exit-on-stdin-eof]"

interface Args {
  port: number
  /** Loopback by default: the control routes (/__mock/) take no key, and the key is printed. */
  host: string
  seed?: number
  exitOnStdinEof: boolean
}

const parseArgs = (argv: ReadonlyArray<string>): Args | string => {
  const out: Args = { port: 4010, host: "127.0.0.1", exitOnStdinEof: false }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === "--") continue
    const value = argv[i + 1]
    if (flag === "--help" || flag === "-h") return usage
    if (flag === "--exit-on-stdin-eof") {
      out.exitOnStdinEof = true
      continue
    }
    if ((flag === "--port" || flag === "--seed") && value !== undefined && /^\d+$/.test(value)) {
      if (flag === "--port") out.port = Number(value)
      else out.seed = Number(value)
      i++
    } else if (flag === "--host" && value !== undefined) {
      out.host = value
      i++
    } else return `uc-mock: unexpected argument ${JSON.stringify(flag)}\n${usage}`
  }
  return out
}

const args = parseArgs(process.argv.slice(2))
if (typeof args === "string") {
  console.error(args)
  process.exit(args === usage ? 0 : 2)
}
const { exitOnStdinEof, ...options } = args
const mock = await startMockServer(options)
console.log(`UltraCart mock listening on ${mock.url}`)
console.log(`  base URL:    ${mock.baseUrl}`)
console.log(`  simple key:  ${mock.simpleKey}   (header x-ultracart-simple-key)`)
console.log(`  api version: X-UltraCart-Api-Version: 2017-03-01`)
console.log(`  controls:    ${mock.url}/__mock/  (faults, reset, conversations, requests)`)
console.log("Ctrl-C stops it.")

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  if (exitOnStdinEof) process.stdin.destroy()
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
// Watched once serving: a parent that died during start-up left EOF behind, read at once.
if (exitOnStdinEof)
  process.stdin
    .on("data", () => {})
    .once("end", stop)
    .once("error", stop)
