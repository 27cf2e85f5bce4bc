/**
 * Upstream-shaped fixture documents: UltraCart's published ConversationApi (the document the
 * committed spec is synced from, `spec/fixtures/upstream/ultracart-conversation-4.1.136.yaml`, as
 * JSON), with ONE change applied by
 * `fixtures/<case>.patch.json`, an RFC 6902 JSON Patch, so a reviewer sees exactly what changed.
 *
 *   node scripts/release/fixtures.ts <case> --out upstream-<case>.json   # materialize one for spec:update
 */

import { readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { parseJsonOrYaml, parsePointer, SPEC_DIR } from "@uc-conversation/spec"

/** The fixture cases, one per kind of spec change `spec:update` must turn into a changeset. */
export const fixtureCases = [
  "docs-only",
  "optional-field",
  "new-operation",
  "removed-field",
  "required-parameter",
  "removed-operation"
] as const
/** Name of one fixture case. */
export type FixtureCase = (typeof fixtureCases)[number]

/** The subset of RFC 6902 the fixtures use. */
export type PatchOp =
  | { readonly op: "add" | "replace"; readonly path: string; readonly value: unknown }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "copy"; readonly from: string; readonly path: string }

const fixturesDir = join(import.meta.dirname, "fixtures")

const tokens = (pointer: string): Array<string> => {
  if (pointer !== "" && !pointer.startsWith("/"))
    throw new Error(`bad JSON pointer ${JSON.stringify(pointer)}`)
  return [...parsePointer(pointer)]
}

type Container = Record<string, unknown> | Array<unknown>

const isContainer = (u: unknown): u is Container => typeof u === "object" && u !== null

/** The parent container of `pointer` and the last token; throws when the parent does not exist. */
const locate = (doc: unknown, pointer: string): { parent: Container; key: string } => {
  const path = tokens(pointer)
  const key = path.pop()
  if (key === undefined) throw new Error("the fixtures never replace the whole document")
  let node: unknown = doc
  for (const t of path) {
    node = isContainer(node) ? (node as Record<string, unknown>)[t] : undefined
    if (!isContainer(node)) throw new Error(`no parent for ${pointer} (missing ${t})`)
  }
  if (!isContainer(node)) throw new Error(`no parent for ${pointer}`)
  return { parent: node, key }
}

const get = (doc: unknown, pointer: string): unknown => {
  const { parent, key } = locate(doc, pointer)
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key]
  if (value === undefined) throw new Error(`nothing at ${pointer}`)
  return value
}

const put = (doc: unknown, pointer: string, value: unknown, mustExist: boolean): void => {
  const { parent, key } = locate(doc, pointer)
  if (Array.isArray(parent)) {
    if (key === "-") parent.push(value)
    else if (mustExist) parent[Number(key)] = value
    else parent.splice(Number(key), 0, value)
    return
  }
  if (mustExist && !(key in parent)) throw new Error(`nothing to replace at ${pointer}`)
  if (!mustExist && key in parent) throw new Error(`${pointer} already exists; a fixture adds something new`)
  parent[key] = value
}

/** Applies `ops` to a deep copy of `doc` and returns it; throws when an op does not fit the document. */
export const applyPatch = (doc: unknown, ops: ReadonlyArray<PatchOp>): unknown => {
  const out: unknown = structuredClone(doc)
  for (const op of ops) {
    switch (op.op) {
      case "add":
        put(out, op.path, structuredClone(op.value), false)
        break
      case "replace":
        get(out, op.path)
        put(out, op.path, structuredClone(op.value), true)
        break
      case "remove": {
        get(out, op.path)
        const { parent, key } = locate(out, op.path)
        if (Array.isArray(parent)) parent.splice(Number(key), 1)
        else delete parent[key]
        break
      }
      case "copy":
        put(out, op.path, structuredClone(get(out, op.from)), false)
        break
    }
  }
  return out
}

const upstreamDocument = join(SPEC_DIR, "fixtures/upstream/ultracart-conversation-4.1.136.yaml")

/** The verbatim upstream document the fixtures start from (defects included: the committed patches repair them). */
export const readUpstream = async (): Promise<unknown> =>
  parseJsonOrYaml(upstreamDocument, await readFile(upstreamDocument, "utf8"))

/** One fixture's description and patch. */
export const readFixture = async (
  name: FixtureCase
): Promise<{ readonly description: string; readonly patch: ReadonlyArray<PatchOp> }> =>
  JSON.parse(await readFile(join(fixturesDir, `${name}.patch.json`), "utf8"))

/** The upstream document with fixture `name` applied, as JSON text (the shape UltraCart publishes). */
export const materialize = async (name: FixtureCase): Promise<string> => {
  const { patch } = await readFixture(name)
  return `${JSON.stringify(applyPatch(await readUpstream(), patch), null, 2)}\n`
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: "string" } } })
  const name = positionals[0]
  if (
    name === undefined ||
    !(fixtureCases as ReadonlyArray<string>).includes(name) ||
    values.out === undefined
  ) {
    console.error(`usage: node scripts/release/fixtures.ts <${fixtureCases.join("|")}> --out <file>`)
    process.exit(2)
  }
  await writeFile(values.out, await materialize(name as FixtureCase))
  console.log(`wrote ${values.out}`)
}
