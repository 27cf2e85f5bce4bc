#!/usr/bin/env node
/**
 * `uc-mock [--port N] [--host H] [--seed S] [--rate-limit off|ultracart|L/S,...] [--allow-concurrent]
 * [--rate-limit-retry-after] [--time-scale N] [--exit-on-stdin-eof]`: runs the mock UltraCart
 * server until Ctrl-C. Works under node, bun and `deno run -A`. Flags: `internal/cliArgs.ts`.
 *
 * `--exit-on-stdin-eof` is for a program (a test) that spawns the mock with stdin as a pipe it
 * never writes to: the mock stops when that pipe closes, which the kernel does when the parent
 * dies, however it dies (SIGKILL runs no handler the parent could use to stop it). Opt-in, so
 * Ctrl-D in a terminal, or stdin at /dev/null, does not stop a mock started by hand.
 *
 * @module
 */
import { parseCliArgs, usage } from "./internal/cliArgs.ts"
import { describeRateLimit } from "./internal/rateLimitConfig.ts"
import { startMockServer } from "./MockServer.ts"

const args = parseCliArgs(process.argv.slice(2))
if (typeof args === "string") {
  console.error(args)
  process.exit(args === usage ? 0 : 2)
}
const { exitOnStdinEof, ...options } = args
const mock = await startMockServer(options)
console.log(`UltraCart mock listening on ${mock.url}`)
console.log(`  base URL:    ${mock.baseUrl}`)
console.log(`  simple key:  ${mock.simpleKey}   (header x-ultracart-simple-key)`)
for (const [name, value] of Object.entries(mock.requiredHeaders))
  console.log(`  required:    ${name}: ${value}`)
console.log(`  rate limit:  ${describeRateLimit(options.rateLimit, options.timeScale)}`)
if (options.timeScale !== 1)
  console.log(`  time scale:  ${options.timeScale}x (a simulated hour lasts ${3600 / options.timeScale} s)`)
console.log(`  controls:    ${mock.url}/__mock/  (faults, reset, conversations, requests, rate-limit)`)
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
