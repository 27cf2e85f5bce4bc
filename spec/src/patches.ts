/**
 * Committed repairs of upstream defects: `spec/patches/*.json`, each an RFC 6902 JSON Patch with
 * the reason it exists. Sync applies every patch to the upstream document (after conversion to
 * OAS 3.x, before selection). A patch starts with `test` operations that assert the defect is
 * there, so a patch whose defect upstream has fixed is told apart from a broken one: it no longer
 * applies, sync says so loudly and goes on. A patch is all or nothing.
 */
import { existsSync } from "node:fs"
import { readdir } from "node:fs/promises"
import { join } from "node:path"
import jsonpatch, { type Operation } from "fast-json-patch"
import { SpecError } from "./errors.ts"
import { SPEC_DIR } from "./files.ts"
import { isObject, type JsonObject } from "./json.ts"
import { loadFragmentSync } from "./load.ts"
import { child } from "./pointer.ts"

/** Where the committed patches live. */
export const PATCHES_DIR = join(SPEC_DIR, "patches")

/** One patch file, read and checked. */
export interface SpecPatch {
  /** The file, as messages show it. */
  readonly file: string
  /** Why the patch exists and why the repair is right (with its sources). */
  readonly reason: string
  /** Where the defect is: the schema or operation it sits in. */
  readonly where: string
  /** The upstream version in which the defect was seen, e.g. `4.1.136`. */
  readonly upstream: string
  /** RFC 6902 operations; the first ones are `test`s asserting the defect. */
  readonly operations: ReadonlyArray<Operation>
}

/** What happened to one patch on one sync. */
export type PatchOutcome =
  | { readonly file: string; readonly status: "applied"; readonly pointers: ReadonlyArray<string> }
  | {
      readonly file: string
      readonly status: "stale"
      /** Pointer (in the upstream document) of the operation that failed. */
      readonly pointer: string
      /** Whether the failing operation is one of the leading `test`s (the defect is gone). */
      readonly defectGone: boolean
      readonly message: string
    }

/**
 * Reads one patch file: `{reason, where, upstream, operations: [RFC 6902 operation, ...]}`, the
 * first operation a `test`. Fails with the file and the pointer of the member at fault.
 */
export const loadPatch = async (file: string): Promise<SpecPatch> => {
  const doc = loadFragmentSync(file)
  if (!isObject(doc))
    throw new SpecError(file, "", "a patch file is an object {reason, where, upstream, operations}")
  for (const key of Object.keys(doc)) {
    if (!MEMBERS.includes(key)) {
      throw new SpecError(file, child("", key), `unknown member (a patch has ${MEMBERS.join(", ")})`)
    }
  }
  const text = (key: string, what: string): string => {
    const value = doc[key]
    if (typeof value !== "string" || value.trim() === "")
      throw new SpecError(file, `/${key}`, `must be ${what}`)
    return value
  }
  const reason = text("reason", "a non-empty string: why the patch exists and why the repair is right")
  const where = text("where", "a non-empty string: where the defect is")
  const upstream = text("upstream", "a non-empty string: the upstream version the defect was seen in")
  const operations = doc.operations
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new SpecError(file, "/operations", "must be a non-empty list of RFC 6902 operations")
  }
  const first = operations[0]
  if (!isObject(first) || first.op !== "test") {
    throw new SpecError(
      file,
      "/operations/0",
      'must be a "test" operation asserting that the defect is present upstream'
    )
  }
  const error = jsonpatch.validate(operations as Array<Operation>)
  if (error) {
    const at = typeof error.index === "number" ? child("/operations", error.index) : "/operations"
    throw new SpecError(file, at, `invalid JSON Patch operation: ${firstLine(error.message)}`)
  }
  return { file, reason, where, upstream, operations: operations as ReadonlyArray<Operation> }
}

const MEMBERS: ReadonlyArray<string> = ["reason", "where", "upstream", "operations"]

/** Every `*.json` in `dir`, by file name; none when the directory does not exist. */
export const loadPatches = async (
  dir: string = PATCHES_DIR,
  show: (file: string) => string = (f) => f
): Promise<ReadonlyArray<SpecPatch>> => {
  if (!existsSync(dir)) return []
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort()
  return Promise.all(names.map((n) => loadPatch(show(join(dir, n)))))
}

const firstLine = (message: string): string => message.split("\n")[0]?.trim() ?? message

/**
 * Applies each patch to a copy of `doc`, in order. A patch that fails anywhere leaves the
 * document as it was (all or nothing) and is reported `stale` with the pointer that failed.
 */
export const applyPatches = (
  doc: JsonObject,
  patches: ReadonlyArray<SpecPatch>
): { readonly doc: JsonObject; readonly outcomes: ReadonlyArray<PatchOutcome> } => {
  let current = doc
  const outcomes: Array<PatchOutcome> = []
  for (const patch of patches) {
    try {
      // validate each operation against the document; mutate a deep copy only
      const result = jsonpatch.applyPatch(current, patch.operations as Array<Operation>, true, false)
      current = result.newDocument as JsonObject
      outcomes.push({
        file: patch.file,
        status: "applied",
        pointers: [...new Set(patch.operations.filter((o) => o.op !== "test").map((o) => o.path))]
      })
    } catch (e) {
      // the error names the failing operation (its `index` is not reliable: fast-json-patch's
      // validator reports 0 for any operation it rejects before applying)
      const failed = (e as { operation?: unknown }).operation
      const index = patch.operations.indexOf(failed as Operation)
      const op = index >= 0 ? patch.operations[index] : undefined
      const leadingTests = patch.operations.findIndex((o) => o.op !== "test")
      outcomes.push({
        file: patch.file,
        status: "stale",
        pointer: op?.path ?? "/",
        defectGone: op?.op === "test" && (leadingTests < 0 || index < leadingTests),
        message: firstLine(e instanceof Error ? e.message : String(e))
      })
    }
  }
  return { doc: current, outcomes }
}
