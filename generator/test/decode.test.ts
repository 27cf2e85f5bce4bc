import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { generate } from "../src/generate.ts"
import { fixture, repoRoot, runtimeImportFor, scratchDir, writeFiles } from "./support.ts"

// Generated modules are imported for real and exercised with Effect's decoder: the snapshots say
// what the code looks like, these tests say it behaves as the spec means.
type Models = Record<string, Schema.Top>

let root = ""
const load = async (name: string): Promise<Models> => {
  const out = join(root, name.replace(/\.\w+$/, ""))
  const generated = await generate({
    spec: fixture(name),
    root: repoRoot,
    runtimeImport: runtimeImportFor(out)
  })
  await writeFiles(out, generated.files)
  return (await import(pathToFileURL(join(out, "models.gen.ts")).href)) as Models
}

const schema = (models: Models, name: string): Schema.Codec<unknown, unknown> => {
  const found = models[name]
  if (found === undefined) throw new Error(`no model ${name}`)
  return found as Schema.Codec<unknown, unknown>
}
const accepts = (s: Schema.Codec<unknown, unknown>, value: unknown): boolean =>
  Schema.decodeUnknownExit(s)(value)._tag === "Success"

beforeAll(async () => {
  root = await scratchDir("decode")
})

describe("generated models decode what the spec allows and reject what it forbids", () => {
  it("objects: required fields, optional fields, quoted keys", async () => {
    const m = await load("objects.yaml")
    const customer = schema(m, "Customer")
    expect(accepts(customer, { id: "1", email: "a@b.c", "display-name": "Ann" })).toBe(true)
    expect(accepts(customer, { id: "1" })).toBe(false)
    expect(accepts(customer, { id: "1", email: "a@b.c", age: 1.5 })).toBe(false)
  })

  it("enums stay open; one-value enums and const stay closed", async () => {
    const m = await load("enums.yaml")
    expect(accepts(schema(m, "Medium"), "sms")).toBe(true)
    expect(accepts(schema(m, "Medium"), "carrier pigeon")).toBe(true)
    expect(accepts(schema(m, "Medium"), 3)).toBe(false)
    expect(accepts(schema(m, "Kind"), "other")).toBe(false)
    expect(accepts(schema(m, "Constant"), "fixed")).toBe(true)
    expect(accepts(schema(m, "MaybeStatus"), null)).toBe(true)
  })

  it("integers: int32 and int64 reject out-of-range values instead of rounding them", async () => {
    const m = await load("integers.yaml")
    const n = schema(m, "Numbers")
    const ok = { small: 2 ** 31 - 1, big: Number.MAX_SAFE_INTEGER, whole: 3, real: 0.5, float: 1.25 }
    expect(accepts(n, ok)).toBe(true)
    expect(accepts(n, { ...ok, small: 2 ** 31 })).toBe(false)
    expect(accepts(n, { ...ok, big: 2 ** 53 })).toBe(false)
    expect(accepts(n, { ...ok, whole: 1.5 })).toBe(false)
  })

  it("nullable (3.0 and 3.1) and x-uc-optional-fields-nullable", async () => {
    const v30 = await load("nullable.yaml")
    expect(accepts(schema(v30, "Legacy30"), { name: null })).toBe(true)
    expect(accepts(schema(v30, "Legacy30"), { name: "a", note: null })).toBe(false)
    expect(accepts(schema(v30, "Modern31"), { count: null, label: null })).toBe(true)
    const v31 = await load("nullable31.yaml")
    expect(accepts(schema(v31, "RecordModel"), { total: null, name: null, either: 1, maybeRef: null })).toBe(
      true
    )
    expect(accepts(schema(v31, "RecordModel"), { name: "x" })).toBe(false)
  })

  it("recursion: self, mutual and $recursiveRef decode nested values", async () => {
    const m = await load("recursion.yaml")
    expect(
      accepts(schema(m, "TreeNode"), { value: 1, children: [{ value: 2, children: [{ value: 3 }] }] })
    ).toBe(true)
    expect(accepts(schema(m, "TreeNode"), { value: 1, children: [{ children: [] }] })).toBe(false)
    expect(accepts(schema(m, "Employee"), { department: { head: { manager: { name: "b" } } } })).toBe(true)
    expect(accepts(schema(m, "Filter"), { op: "and", filters: ["a", { op: "or", filters: ["b"] }] })).toBe(
      true
    )
    expect(accepts(schema(m, "Filter"), { filters: [{ filters: [7] }] })).toBe(false)
    const node = schema(m, "NodeModel")
    expect(accepts(node, { node_type: "Branch", children: [{ node_type: "Leaf", value: "x" }] })).toBe(true)
    expect(accepts(node, { node_type: "Branch", children: [{ node_type: "Twig" }] })).toBe(false)
  })

  it("oneOf with discriminator, anyOf, allOf", async () => {
    const one = await load("oneof.yaml")
    expect(accepts(schema(one, "Pet"), { kind: "cat", lives: 9 })).toBe(true)
    expect(accepts(schema(one, "Pet"), { kind: "dog" })).toBe(true)
    expect(accepts(schema(one, "Pet"), { kind: "cat" })).toBe(false)
    // Tags declared as plain strings: the discriminator mapping (or the component name) decides.
    const shape = schema(one, "Shape")
    expect(accepts(shape, { shape_type: "circle", radius: 1 })).toBe(true)
    expect(accepts(shape, { shape_type: "round", radius: 1 })).toBe(true)
    expect(accepts(shape, { shape_type: "Square", side: 2 })).toBe(true)
    expect(accepts(shape, { shape_type: "circle", side: 2 })).toBe(false)
    expect(accepts(shape, { shape_type: "triangle", side: 2, radius: 1 })).toBe(false)
    const any = await load("anyof.yaml")
    expect(accepts(schema(any, "Choice"), "auto")).toBe(true)
    expect(accepts(schema(any, "Choice"), { name: "tool" })).toBe(true)
    expect(accepts(schema(any, "StringOrNumber"), true)).toBe(false)
    const all = await load("allof.yaml")
    expect(accepts(schema(all, "Article"), { id: "1", title: "t", updated: "x" })).toBe(true)
    expect(accepts(schema(all, "Article"), { id: "1" })).toBe(false)
    expect(accepts(schema(all, "NullableRef"), { base: null })).toBe(true)
  })

  it("additionalProperties: records and structs with a rest", async () => {
    const m = await load("additional.yaml")
    expect(accepts(schema(m, "Counts"), { a: 1, b: 2 })).toBe(true)
    expect(accepts(schema(m, "Counts"), { a: "1" })).toBe(false)
    expect(accepts(schema(m, "Labels"), { kind: "k", color: "red" })).toBe(true)
    expect(accepts(schema(m, "Labels"), { color: "red" })).toBe(false)
    expect(accepts(schema(m, "FreeForm"), { anything: [1] })).toBe(true)
  })
})
