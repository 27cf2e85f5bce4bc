import { parseArgs } from "node:util"
import type { GeneratorWarning } from "./diagnostics.ts"
import { startValidator } from "./parse/validateInWorker.ts"

const usage = `usage: uc-generate --spec <file> --out <dir> [--check] [--runtime-import <specifier>] [--service-name <Name>] [--quiet] [--no-cache]`

/** Streams the CLI prints to; tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text)
}

const summarizeWarnings = (
  warnings: ReadonlyArray<GeneratorWarning>,
  warningSlug: Readonly<Record<string, string>>
): string => {
  const counts = new Map<string, number>()
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1)
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, n]) => `${code} ${warningSlug[code]}: ${n}`)
    .join(", ")
}

/**
 * Runs the CLI and resolves to its exit code: 0 ok, 1 invalid input or drift, 2 usage.
 * Never calls `process.exit`, so tests can drive it in-process.
 */
export const run = async (argv: ReadonlyArray<string>, io: CliIo = processIo): Promise<number> => {
  let values: {
    spec?: string
    out?: string
    check?: boolean
    "runtime-import"?: string
    "service-name"?: string
    quiet?: boolean
    "no-cache"?: boolean
    help?: boolean
  }
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        spec: { type: "string" },
        out: { type: "string" },
        check: { type: "boolean" },
        "runtime-import": { type: "string" },
        "service-name": { type: "string" },
        quiet: { type: "boolean" },
        "no-cache": { type: "boolean" },
        help: { type: "boolean", short: "h" }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (cause) {
    io.err(`${cause instanceof Error ? cause.message : String(cause)}\n${usage}\n`)
    return 2
  }
  if (values.help === true) {
    io.out(`${usage}\n`)
    return 0
  }
  if (values.spec === undefined || values.out === undefined) {
    io.err(`--spec and --out are required\n${usage}\n`)
    return 2
  }
  const started = performance.now()
  // Without a cache the document is validated whatever happens: the validator's thread starts
  // now, and loads the validator while this one loads the generator (tens of ms) and reads.
  const validator = values["no-cache"] === true ? startValidator() : undefined
  const [{ generate }, { GeneratorError, warningSlug }, { checkOutput, writeOutput }, spec] =
    await Promise.all([
      import("./generate.ts"),
      import("./diagnostics.ts"),
      import("./write/writeOutput.ts"),
      import("@uc-conversation/spec")
    ])
  try {
    const generated = await generate({
      spec: values.spec,
      validator,
      ...(values["no-cache"] === true ? {} : { validationCache: spec.defaultValidationCacheDir() }),
      ...(values["runtime-import"] === undefined ? {} : { runtimeImport: values["runtime-import"] }),
      ...(values["service-name"] === undefined ? {} : { serviceName: values["service-name"] })
    })
    if (values.quiet !== true) {
      for (const w of generated.warnings)
        io.err(`warning ${w.code} ${warningSlug[w.code]} ${w.pointer}: ${w.message}\n`)
    }
    const counts = `${generated.ir.operations.length} operations, ${generated.ir.schemas.length} schemas`
    const warnings =
      generated.warnings.length === 0
        ? "no warnings"
        : `${generated.warnings.length} warnings (${summarizeWarnings(generated.warnings, warningSlug)})`
    if (values.check === true) {
      const report = await checkOutput(values.out, generated.files)
      const elapsed = Math.round(performance.now() - started)
      if (report.diff !== "") {
        io.out(report.diff)
        io.err(
          `uc-generate --check: ${values.out} is stale: ${report.changed.length} changed, ${report.missing.length} missing, ${report.extra.length} extra (${[...report.changed, ...report.missing.map((m) => `+${m}`), ...report.extra.map((e) => `-${e}`)].join(", ")}). Run \`pnpm generate\`.\n`
        )
        return 1
      }
      io.out(
        `uc-generate --check: ${values.out} is up to date (${generated.files.size} files; ${counts}; ${warnings}; ${elapsed} ms)\n`
      )
      return 0
    }
    const report = await writeOutput(values.out, generated.files)
    const elapsed = Math.round(performance.now() - started)
    io.out(
      `uc-generate: ${counts}; ${report.written.length} files written, ${report.unchanged.length} unchanged${report.removed.length === 0 ? "" : `, ${report.removed.length} removed`}; ${warnings}; ${elapsed} ms\n`
    )
    return 0
  } catch (cause) {
    if (cause instanceof GeneratorError) {
      for (const p of cause.problems) io.err(`error ${cause.code} ${p.pointer}: ${p.message}\n`)
      return 1
    }
    // A bug, not bad input: still exit 1 (nothing was written), with the stack for a report.
    io.err(
      `error UCG_E999 internal error: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`
    )
    return 1
  }
}
