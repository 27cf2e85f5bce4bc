// Build step: write package.json's version into dist/runtime/version.js (the default User-Agent's
// version). Source keeps a placeholder, so no release edits a source file; this fails the build
// when the placeholder is not found exactly once.
import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

// The compiled module has no type annotation; the source (what the test stamps) has one.
const marker = /(export const packageVersion(?:: string)? = )"0\.0\.0-source"/g

/** `text` (the version module) with the placeholder replaced by `version`; throws unless it occurs exactly once. */
export const stampVersion = (text: string, version: string): string => {
  if (version === "") throw new Error("package.json has no version")
  if ((text.match(marker) ?? []).length !== 1) {
    throw new Error('expected exactly one `export const packageVersion = "0.0.0-source"`')
  }
  return text.replace(marker, (_, head: string) => `${head}${JSON.stringify(version)}`)
}

if (import.meta.main) {
  const pkg = JSON.parse(
    readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")
  ) as {
    readonly version?: unknown
  }
  if (typeof pkg.version !== "string") throw new Error("package.json has no version")
  const file = fileURLToPath(new URL("../dist/runtime/version.js", import.meta.url))
  writeFileSync(file, stampVersion(readFileSync(file, "utf8"), pkg.version))
  console.log(`stamped ${pkg.version} into ${file}`)
}
