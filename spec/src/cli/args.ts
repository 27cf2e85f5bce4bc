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

/** Splits argv; `valued` lists the options that take a value. Unknown options are usage errors. */
export const parseArgs = (
  argv: ReadonlyArray<string>,
  valued: ReadonlyArray<string>,
  flags: ReadonlyArray<string>
): ParsedArgs => {
  const positional: Array<string> = []
  const options = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    if (!arg.startsWith("--")) {
      positional.push(arg)
      continue
    }
    const [name = "", inline] = arg.slice(2).split(/=(.*)/s, 2)
    if (valued.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new UsageError(`--${name} needs a value`)
      options.set(name, value)
    } else if (flags.includes(name) && inline === undefined) options.set(name, true)
    else throw new UsageError(`unknown option --${name}`)
  }
  return { positional, options }
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
