#!/usr/bin/env node
/**
 * `uc-mock [--port N] [--host H] [--seed S]`: runs the mock UltraCart server until Ctrl-C.
 * Works under node, bun and `deno run -A`.
 *
 * @module
 */
import { startMockServer } from "./MockServer.ts"

const usage = "usage: uc-mock [--port N] [--host HOST] [--seed N]"

const parseArgs = (argv: ReadonlyArray<string>): { port: number; host: string; seed?: number } | string => {
  const out: { port: number; host: string; seed?: number } = { port: 4010, host: "127.0.0.1" }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === "--") continue
    const value = argv[i + 1]
    if (flag === "--help" || flag === "-h") return usage
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
const mock = await startMockServer(args)
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
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
