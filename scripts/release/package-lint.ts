/**
 * publint and attw on a packed tarball: the same checks each package's `lint:package` script runs
 * on its folder, applied to the bytes that would be uploaded.
 */
import { exec } from "./exec.ts"

/** The flags to give publint and attw for one package. */
export interface LintFlags {
  readonly publint: ReadonlyArray<string>
  readonly attw: ReadonlyArray<string>
}

/** Used when a package has no `lint:package` script: the strictest settings the adapters use. */
export const defaultLintFlags: LintFlags = { publint: ["--strict"], attw: ["--profile", "esm-only"] }

const flagsAfter = (script: string, tool: RegExp): ReadonlyArray<string> | undefined => {
  const match = tool.exec(script)
  if (match === null) return undefined
  return (match[1] ?? "").split(/\s+/).filter((w) => w !== "" && w !== "." && w !== "--pack" && w !== "-P")
}

/**
 * Reads publint and attw flags out of a package's `lint:package` script (e.g.
 * `publint --strict && attw --pack . --profile esm-only`), so the package owner's choice is the
 * one applied to its tarball. Missing parts fall back to {@link defaultLintFlags}.
 */
export const lintFlagsOf = (scripts: Readonly<Record<string, string>>): LintFlags => {
  const script = scripts["lint:package"]
  if (script === undefined) return defaultLintFlags
  return {
    publint: flagsAfter(script, /\bpublint(?:\s+run)?\b([^&|;]*)/) ?? defaultLintFlags.publint,
    attw: flagsAfter(script, /\battw\b([^&|;]*)/) ?? defaultLintFlags.attw
  }
}

/** Whether a package has something attw can check: types reachable from exports, types or main. */
export const hasTypedEntrypoint = (manifest: {
  readonly exports?: unknown
  readonly types?: unknown
  readonly main?: unknown
}) => manifest.exports !== undefined || manifest.types !== undefined || manifest.main !== undefined

/** Result of linting one tarball. */
export interface TarballLint {
  readonly ok: boolean
  /** One line per tool: "publint ok", "attw skipped (no entrypoint: a CLI)", or the tool's output. */
  readonly report: ReadonlyArray<string>
}

/** Runs publint and (when the package has an entrypoint) attw on `tarball`, in `cwd` (for PATH and .bin). */
export const lintTarball = async (
  tarball: string,
  flags: LintFlags,
  typed: boolean,
  cwd: string
): Promise<TarballLint> => {
  const report: Array<string> = []
  let ok = true
  const publint = await exec(["pnpm", "exec", "publint", "run", tarball, ...flags.publint], { cwd })
  if (publint.code === 0) report.push(`publint ${flags.publint.join(" ")}: ok`.replace("  ", " "))
  else {
    ok = false
    report.push(`publint ${flags.publint.join(" ")}: FAILED\n${(publint.stdout + publint.stderr).trim()}`)
  }
  if (!typed) report.push("attw: skipped (no exports, types or main to check)")
  else {
    const attw = await exec(["pnpm", "exec", "attw", tarball, ...flags.attw, "--format", "ascii"], { cwd })
    if (attw.code === 0) report.push(`attw ${flags.attw.join(" ")}: ok`)
    else {
      ok = false
      report.push(`attw ${flags.attw.join(" ")}: FAILED\n${(attw.stdout + attw.stderr).trim()}`)
    }
  }
  return { ok, report }
}
