/**
 * `npm run console:shift -- --hours 8`: an agent's whole shift in compressed time (see shift.ts),
 * its figures printed and written to the "Agent console: shift simulation" section at the end of
 * bench/RESULTS.md (replaced on every run).
 *
 *   node e2e/shift-main.ts [--hours 8] [--time-scale 60] [--runtime node|bun|deno]... [--seed 15] [--no-write]
 *
 * Needs the built console (the root script builds it first) and Chromium.
 */
import { readFile, writeFile } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { isRuntime, type Runtime, runtimes } from "../src/runtimes.ts"
import { describeShift, runShift, type ShiftResult } from "./shift.ts"
import { heading, section } from "./shiftReport.ts"

const results = fileURLToPath(new URL("../../../bench/RESULTS.md", import.meta.url))

const parse = (argv: ReadonlyArray<string>) => {
  let hours = 8
  let timeScale = 60
  let seed = 15
  let write = true
  const chosen: Array<Runtime> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const number = (name: string) => {
      const value = Number(argv[++i])
      if (!(value > 0)) throw new Error(`${name} needs a number above 0`)
      return value
    }
    if (arg === "--") continue
    else if (arg === "--hours") hours = number(arg)
    else if (arg === "--time-scale") timeScale = number(arg)
    else if (arg === "--seed") seed = number(arg)
    else if (arg === "--no-write") write = false
    else if (arg === "--runtime") {
      const value = argv[++i] ?? ""
      if (!isRuntime(value)) throw new Error(`--runtime must be one of ${runtimes.join(", ")}`)
      chosen.push(value)
    } else throw new Error(`Unknown option ${arg}`)
  }
  return {
    hours,
    timeScale,
    seed,
    write,
    runtimes: chosen.length > 0 ? chosen : (["node"] as Array<Runtime>)
  }
}

const main = async () => {
  const options = parse(process.argv.slice(2))
  const rows: Array<ShiftResult> = []
  for (const runtime of options.runtimes) {
    console.log(`shift: ${options.hours} h on ${runtime} at ×${options.timeScale}`)
    const result = await runShift({ ...options, runtime, log: console.log })
    console.log(describeShift(result))
    rows.push(result)
  }
  if (!options.write) return
  const text = await readFile(results, "utf8")
  const at = text.indexOf(heading)
  const after = at === -1 ? -1 : text.indexOf("\n## ", at + heading.length)
  const block = section(rows, new Date().toISOString().slice(0, 10))
  const next =
    at === -1
      ? `${text.trimEnd()}\n\n${block}`
      : `${text.slice(0, at)}${block}${after === -1 ? "" : `\n${text.slice(after + 1)}`}`
  await writeFile(results, next)
  console.log(`written to ${results}`)
}

await main()
process.exit(0)
