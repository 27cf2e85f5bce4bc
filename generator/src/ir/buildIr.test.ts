import { describe, expect, it } from "vitest"
import { fixture } from "../../test/support.ts"
import { makeWarningSink } from "../diagnostics.ts"
import { loadDocument } from "../parse/loadDocument.ts"
import { buildIr } from "./buildIr.ts"
import type { IrApi, IrSchema } from "./types.ts"

const irOf = async (name: string): Promise<IrApi> => {
  const sink = makeWarningSink()
  const loaded = await loadDocument(fixture(name), sink)
  return buildIr(loaded.document, loaded.sourceVersion, sink)
}

const schemaOf = (api: IrApi, name: string): IrSchema => {
  const found = api.schemas.find((s) => s.name === name)
  if (found === undefined) throw new Error(`no schema ${name}`)
  return found.schema
}

describe("IR", () => {
  it("is plain data: a JSON round trip gives an equal value (undefined fields are absent)", async () => {
    for (const name of ["bodies.yaml", "recursion.yaml", "oneof.yaml", "params.yaml", "swagger2.json"]) {
      const api = await irOf(name)
      const text = JSON.stringify(api)
      const back = JSON.parse(text) as IrApi
      expect(back).toEqual(api)
      expect(JSON.stringify(back)).toBe(text)
    }
  })

  it("keeps component references named instead of inlining them", async () => {
    const api = await irOf("refs.yaml")
    const order = schemaOf(api, "Order")
    expect(order.kind).toBe("object")
    if (order.kind !== "object") return
    expect(order.properties.find((p) => p.name === "customer")?.schema).toStrictEqual({
      kind: "ref",
      target: "Customer"
    })
    // A pointer into a component's inside is followed (it names no component).
    expect(order.properties.find((p) => p.name === "city")?.schema).toStrictEqual({ kind: "string" })
    expect(schemaOf(api, "Alias")).toStrictEqual({ kind: "ref", target: "Customer" })
  })

  it("marks self-, mutual and $recursiveRef recursion, and nothing else", async () => {
    const api = await irOf("recursion.yaml")
    expect(Object.fromEntries(api.schemas.map((s) => [s.name, s.recursive]))).toStrictEqual({
      TreeNode: true,
      Department: true,
      Employee: true,
      Filter: true,
      Node: true,
      Leaf: false,
      Branch: true
    })
    const refs = await irOf("refs.yaml")
    expect(refs.schemas.every((s) => !s.recursive)).toBe(true)
  })

  it("reads 3.0 nullable, 3.1 type arrays and oneOf-with-null the same way", async () => {
    const v30 = schemaOf(await irOf("nullable.yaml"), "Legacy30")
    const v31 = schemaOf(await irOf("nullable31.yaml"), "Record")
    if (v30.kind !== "object" || v31.kind !== "object") throw new Error("objects expected")
    expect(v30.properties[0]?.schema).toStrictEqual({ kind: "nullable", inner: { kind: "string" } })
    expect(v31.properties.find((p) => p.name === "total")?.schema).toStrictEqual({
      kind: "nullable",
      inner: { kind: "integer" }
    })
    expect(v31.properties.find((p) => p.name === "maybeRef")?.schema).toStrictEqual({
      kind: "nullable",
      inner: { kind: "ref", target: "Tag" }
    })
    // x-uc-optional-fields-nullable: optional fields accept null, required ones do not.
    expect(v31.properties.map((p) => [p.name, p.nullish])).toStrictEqual([
      ["total", false],
      ["name", true],
      ["either", true],
      ["plain", true],
      ["maybeRef", true]
    ])
  })

  it("keeps the discriminator and its mapping on oneOf", async () => {
    const pet = schemaOf(await irOf("oneof.yaml"), "Pet")
    expect(pet).toStrictEqual({
      kind: "union",
      members: [
        { kind: "ref", target: "Cat" },
        { kind: "ref", target: "Dog" }
      ],
      discriminator: {
        propertyName: "kind",
        mapping: [
          { value: "cat", target: "Cat" },
          { value: "dog", target: "Dog" }
        ]
      }
    })
  })

  it("merges allOf members: required anywhere is required, later members refine earlier ones", async () => {
    const article = schemaOf(await irOf("allof.yaml"), "Article")
    if (article.kind !== "object") throw new Error("object expected")
    expect(article.properties.map((p) => [p.name, p.required])).toStrictEqual([
      ["id", true],
      ["created", false],
      ["updated", false],
      ["title", true]
    ])
    expect(article.properties[1]?.schema.description).toBe("Overrides Base.created.")
  })

  it("describes operations: parameters, explode, body, success, errors, retry safety, scopes", async () => {
    const bodies = await irOf("bodies.yaml")
    const create = bodies.operations.find((o) => o.operationId === "createNote")
    expect(create?.retrySafe).toBe(true) // x-uc-retry-safe overrides the POST default
    expect(create?.requestBody).toMatchObject({ contentType: "application/json", required: true })
    expect(create?.success?.status).toBe("201")
    expect(create?.errors.map((e) => e.status)).toStrictEqual(["400", "default"])
    expect(bodies.operations.find((o) => o.operationId === "uploadNote")?.retrySafe).toBe(false)

    const params = await irOf("params.yaml")
    const get = params.operations.find((o) => o.operationId === "getItem")
    expect(get?.parameters.map((p) => [p.name, p.in, p.required, p.explode])).toStrictEqual([
      ["item_id", "path", true, false],
      ["_limit", "query", false, true],
      ["tags", "query", false, false],
      ["ids", "query", false, true],
      ["X-Request-Id", "header", true, false],
      ["where", "query", false, false]
    ])
    expect(params.defaultBaseUrl).toBe("https://api.example.com/v2")

    const voids = await irOf("void.yaml")
    expect(voids.operations.map((o) => [o.operationId, o.success, o.scopes])).toStrictEqual([
      ["ping", undefined, ["read"]],
      ["cancelJob", undefined, ["write"]]
    ])
  })

  it("converts Swagger 2.0: body parameter becomes the request body, definitions become components", async () => {
    const api = await irOf("swagger2.json")
    expect(api.sourceVersion).toBe("2.0")
    expect(api.defaultBaseUrl).toBe("https://api.example.com/rest/v2")
    expect(api.schemas.map((s) => s.name)).toStrictEqual(["Widget", "Problem"])
    const update = api.operations.find((o) => o.operationId === "updateWidget")
    expect(update?.requestBody?.schema).toStrictEqual({ kind: "ref", target: "Widget" })
    expect(api.schemas.find((s) => s.name === "Widget")?.recursive).toBe(true)
  })

  it("names the service from the only tag, else ConversationApi", async () => {
    expect((await irOf("json-format.json")).serviceName).toBe("HealthApi")
    expect((await irOf("bodies.yaml")).serviceName).toBe("ConversationApi")
  })
})
