import { describe, expect, it } from "vitest"
import { bundleExternalRefs, hasExternalRefs } from "./bundle.ts"
import { SpecError } from "./errors.ts"
import { loadDocument } from "./load.ts"
import { checkRefs } from "./refs.ts"

// Named relative to the working directory (spec/), the way a user names a document; the refs
// inside are relative to the document's folder, so resolving them against the cwd would fail.
const API = "fixtures/external/api.yaml"

const bundled = async (file: string) => bundleExternalRefs(file, (await loadDocument(file)).doc)

const failure = async (file: string): Promise<SpecError> => {
  try {
    await bundled(file)
  } catch (e) {
    if (e instanceof SpecError) return e
    throw e
  }
  throw new Error("expected a SpecError")
}

describe("bundleExternalRefs", () => {
  it("leaves a document without external refs as it is", async () => {
    const { doc } = await loadDocument("conversation.openapi.yaml")
    expect(hasExternalRefs(doc)).toBe(false)
    expect(bundleExternalRefs("conversation.openapi.yaml", doc).doc).toBe(doc)
  })

  it("hoists schemas into components once, by name; a component that is only a $ref takes the content", async () => {
    const { doc, adaptations } = await bundled(API)
    checkRefs(doc, API)
    expect(hasExternalRefs(doc)).toBe(false)
    const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas
    expect(Object.keys(schemas)).toEqual(["Owner", "Problem", "Pet", "Tag"])
    expect(schemas.Problem).toEqual({ type: "object", properties: { message: { type: "string" } } })
    expect(schemas.Pet).toEqual({
      type: "object",
      properties: {
        tag: { $ref: "#/components/schemas/Tag" },
        // a reference from the other file back into the document becomes a local one
        owner: { $ref: "#/components/schemas/Owner" },
        // literal data is not a reference
        example: { type: "string", example: { $ref: "not a reference: data" } }
      }
    })
    expect(schemas.Owner).toEqual({
      type: "object",
      properties: { pets: { type: "array", items: { $ref: "#/components/schemas/Pet" } } }
    })
    const get = (doc.paths as Record<string, Record<string, unknown>>)["/pets/{id}"]!
    // a parameter is inlined where it is used; the default response's schema uses the named component
    expect(get.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }])
    expect(JSON.stringify(get.get)).toContain(
      '"default":{"description":"failed","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}'
    )
    expect(adaptations).toEqual([
      { pointer: "/components/schemas/Pet", message: "bundled from schemas/pets.yaml#/Pet" },
      { pointer: "/components/schemas/Tag", message: "bundled from schemas/pets.yaml#/Tag" },
      {
        pointer: "/components/schemas/Problem",
        message: "bundled from schemas/common.yaml#/schemas/Problem"
      },
      {
        pointer: "/paths/~1pets~1{id}/parameters/0",
        message: "inlined from schemas/common.yaml#/parameters/Id"
      }
    ])
  })

  it("refuses a missing file at the $ref that names it", async () => {
    const { doc } = await loadDocument(API)
    const edited = structuredClone(doc) as Record<string, unknown>
    ;(edited.components as { schemas: Record<string, unknown> }).schemas.Gone = {
      $ref: "schemas/none.yaml#/X"
    }
    expect(() => bundleExternalRefs(API, edited as never)).toThrow(
      expect.objectContaining({
        file: API,
        pointer: "/components/schemas/Gone/$ref",
        reason: "unresolved-ref",
        message:
          'cannot resolve $ref "schemas/none.yaml#/X": fixtures/external/schemas/none.yaml: file not found'
      })
    )
  })

  it("refuses a node the other file does not have, and a remote document, at the $ref", async () => {
    const { doc } = await loadDocument(API)
    const withRef = (ref: string) => ({
      ...doc,
      components: { schemas: { X: { type: "object", properties: { y: { $ref: ref } } } } }
    })
    expect(() => bundleExternalRefs(API, withRef("schemas/pets.yaml#/Cat"))).toThrow(
      expect.objectContaining({
        pointer: "/components/schemas/X/properties/y/$ref",
        reason: "unresolved-ref"
      })
    )
    expect(() => bundleExternalRefs(API, withRef("https://example.com/pets.yaml#/Pet"))).toThrow(
      /remote document/
    )
  })

  it("reports a syntax error in the other file with that file, its pointer and line:col", async () => {
    const e = await failure("fixtures/external/broken-sibling.yaml")
    expect(e.reason).toBe("syntax")
    expect(e.toLine()).toMatch(
      /^fixtures\/external\/schemas\/broken\.yaml#\/Thing\/properties\/a\/1 \(line 3:24\): invalid YAML/
    )
  })
})
