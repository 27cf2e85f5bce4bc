import { parseArgs as parseArgsStrict } from "node:util"
import { isSpecError } from "../errors.ts"

/** Exit codes shared by the spec CLIs. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** Thrown for bad command lines; the CLI prints the usage and exits 2. */
export class UsageError extends Error {}

/** Positional arguments and `--name value` / `--flag` options. */
export interface ParsedArgs {
  readonly positional: ReadonlyArray<string>
  readonly options: ReadonlyMap<string, string | true>
}

/**
 * Splits argv with `node:util`'s parseArgs; `valued` lists the options that take a value.
 * Unknown options, a missing value and a value given to a flag are usage errors.
 */
export const parseArgs = (
  argv: ReadonlyArray<string>,
  valued: ReadonlyArray<string>,
  flags: ReadonlyArray<string>
): ParsedArgs => {
  const options: Record<string, { readonly type: "string" | "boolean" }> = {}
  for (const name of valued) options[name] = { type: "string" }
  for (const name of flags) options[name] = { type: "boolean" }
  try {
    const { values, positionals } = parseArgsStrict({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true
    })
    const parsed = new Map<string, string | true>()
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === "string" || value === true) parsed.set(name, value)
    }
    return { positional: positionals, options: parsed }
  } catch (e) {
    throw new UsageError(e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e))
  }
}

/**
 * Runs a CLI body: a SpecError becomes one line on stderr and exit 1, a UsageError prints the
 * usage and exits 2, anything else is reported on one line with exit 1.
 */
export const runCli = async (tool: string, usage: string, body: () => Promise<number>): Promise<never> => {
  let code: number
  try {
    code = await body()
  } catch (e) {
    if (isSpecError(e)) process.stderr.write(`${tool}: error: ${e.toLine()}\n`)
    else if (e instanceof UsageError) process.stderr.write(`${tool}: ${e.message}\nusage: ${usage}\n`)
    else
      process.stderr.write(
        `${tool}: error: ${e instanceof Error ? e.message : String(e)}\n`.replace(/\n(?!$)/g, " ")
      )
    code = e instanceof UsageError ? EXIT.usage : EXIT.failure
  }
  process.exit(code)
}
