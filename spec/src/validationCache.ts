import { createHash } from "node:crypto"
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { homedir } from "node:os"
import { join } from "node:path"
import type { JsonObject } from "./json.ts"
import type { ValidatorResult, ValidatorRule } from "./validator.ts"

/**
 * A cache of validator verdicts on documents that passed, keyed by everything that decides the
 * verdict: the document's bytes as JSON, the rules turned into warnings, the validator's version
 * and this library's own validating code. The maintainer's loop validates the same document again
 * and again (`spec:validate`, `spec:update`'s regeneration, `generate`, `generate --check` in CI),
 * and validation is the largest step of a generation; a verdict is looked up rather than recomputed.
 * An invalid document is never cached: its errors are computed every time.
 */

/** Where verdicts live: `$UC_CONVERSATION_CACHE_DIR`, else `$XDG_CACHE_HOME` or `~/.cache`, `uc-conversation/validated`. */
export const defaultValidationCacheDir = (): string => {
  const explicit = process.env.UC_CONVERSATION_CACHE_DIR
  if (explicit !== undefined && explicit !== "") return join(explicit, "validated")
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache")
  return join(base, "uc-conversation", "validated")
}

let codeFingerprint: string | undefined
// The validator's version and the bytes of the modules that turn its findings into ours: a
// change to either is a new key, so no verdict outlives the code that reached it.
const fingerprint = (): string => {
  if (codeFingerprint === undefined) {
    const require = createRequire(import.meta.url)
    const hash = createHash("sha256")
    hash.update(readFileSync(require.resolve("@readme/openapi-parser/package.json")))
    const own = import.meta.url.endsWith(".ts") ? ".ts" : ".js"
    for (const module of ["./validator", "./locate", "./validationCache"])
      hash.update(readFileSync(new URL(`${module}${own}`, import.meta.url)))
    codeFingerprint = hash.digest("hex")
  }
  return codeFingerprint
}

let readingFingerprint: string | undefined
// What turns a file's bytes into a document: the two YAML parsers' versions and load.ts.
const reading = (): string => {
  if (readingFingerprint === undefined) {
    const require = createRequire(import.meta.url)
    const hash = createHash("sha256")
    for (const name of ["js-yaml", "yaml"]) hash.update(readFileSync(require.resolve(`${name}/package.json`)))
    hash.update(
      readFileSync(new URL(`./load${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url))
    )
    readingFingerprint = hash.digest("hex")
  }
  return readingFingerprint
}

/**
 * The cache key of validating the document that a file whose bytes hash to `sha256` reads as,
 * for a document that refers to no other file (its bytes are then all it is): the verdict is
 * found before the file is parsed. A document with external `$ref`s is cached by
 * {@link validationCacheKey} only.
 */
export const validationFileKey = (sha256: string, warn: ReadonlyArray<ValidatorRule>): string =>
  createHash("sha256")
    .update(fingerprint())
    .update(reading())
    .update(JSON.stringify([...warn].sort()))
    .update(`file ${sha256}`)
    .digest("hex")

/** The cache key of validating `document` with `warn` turned into warnings. */
export const validationCacheKey = (document: JsonObject, warn: ReadonlyArray<ValidatorRule>): string =>
  createHash("sha256")
    .update(fingerprint())
    .update(JSON.stringify([...warn].sort()))
    .update(JSON.stringify(document))
    .digest("hex")

const isVerdict = (value: unknown): value is ValidatorResult =>
  typeof value === "object" &&
  value !== null &&
  (value as ValidatorResult).valid === true &&
  Array.isArray((value as ValidatorResult).warnings)

/** A cached verdict, or undefined when there is none (or it cannot be read: then it is recomputed). */
export const readCachedValidation = (dir: string, key: string): ValidatorResult | undefined => {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dir, `${key}.json`), "utf8"))
    return isVerdict(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** Stores a passing verdict (atomically; a failure to store is not an error, only a slower next run). */
export const writeCachedValidation = (dir: string, key: string, result: ValidatorResult): void => {
  if (!result.valid) return
  try {
    mkdirSync(dir, { recursive: true })
    const temp = join(dir, `${key}.${process.pid}.tmp`)
    writeFileSync(temp, JSON.stringify(result))
    renameSync(temp, join(dir, `${key}.json`))
  } catch {
    // A read-only home or a full disk: the next run validates again.
  }
}
