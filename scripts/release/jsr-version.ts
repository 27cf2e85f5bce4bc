/**
 * Keeps JSR manifests (`deno.json` / `jsr.json` with a `version`) on the version `changeset version`
 * gave the package's package.json: changesets only knows package.json, and JSR publishes whatever
 * the JSR manifest says.
 *
 *   node scripts/release/jsr-version.ts           # after `changeset version`
 *   node scripts/release/jsr-version.ts --check   # exit 1 when one disagrees
 */
import { readFile, writeFile } from "node:fs/promises"
import { join, relative, resolve } from "node:path"
import { parseArgs } from "node:util"
import { listWorkspacePackages } from "./workspace.ts"

const JSR_MANIFESTS = ["jsr.json", "deno.json"] as const

/** One JSR manifest whose version differs from its package.json. */
export interface JsrMismatch {
  readonly file: string
  readonly jsrVersion: string
  readonly packageVersion: string
}

const versionField = /("version"\s*:\s*")([^"]*)(")/

/**
 * The manifest text with its top-level `version` set to `version`, everything else byte for byte
 * (the file's owner chose its formatting). Undefined when it has no version (not published to JSR).
 */
export const withVersion = (text: string, version: string): string | undefined => {
  const current = JSON.parse(text)
  if (typeof current?.version !== "string") return undefined
  if (current.version === version) return text
  const next = text.replace(
    versionField,
    (_, open: string, _old: string, close: string) => `${open}${version}${close}`
  )
  if (JSON.parse(next).version !== version)
    throw new Error('the first "version" key is not the top-level one')
  return next
}

/** Finds JSR manifests that disagree with package.json; with `write`, fixes them. */
export const syncJsrVersions = async (root: string, write: boolean): Promise<ReadonlyArray<JsrMismatch>> => {
  const mismatches: Array<JsrMismatch> = []
  for (const pkg of await listWorkspacePackages(root)) {
    for (const name of JSR_MANIFESTS) {
      const file = join(pkg.dir, name)
      const text = await readFile(file, "utf8").catch(() => undefined)
      if (text === undefined) continue
      const next = withVersion(text, pkg.version)
      if (next === undefined || next === text) continue
      mismatches.push({
        file: relative(root, file),
        jsrVersion: JSON.parse(text).version,
        packageVersion: pkg.version
      })
      if (write) await writeFile(file, next)
    }
  }
  return mismatches
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } })
  const root = resolve(import.meta.dirname, "../..")
  const found = await syncJsrVersions(root, !values.check)
  for (const m of found) {
    console.log(
      `${values.check ? "out of date" : "updated"}: ${m.file} ${m.jsrVersion} -> ${m.packageVersion}`
    )
  }
  if (found.length === 0) console.log("jsr manifests match package.json")
  if (values.check && found.length > 0) process.exitCode = 1
}
