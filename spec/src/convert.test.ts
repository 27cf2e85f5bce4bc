import { describe, expect, it } from "vitest"
import { documentTo31, schemaTo31, toOpenApi3 } from "./convert.ts"

describe("schemaTo31", () => {
  it("turns nullable into a null type, recursively", () => {
    expect(
      schemaTo31({
        type: "object",
        properties: {
          a: { type: "string", nullable: true },
          b: { type: "array", items: { type: "integer", nullable: true } }
        }
      })
    ).toEqual({
      type: "object",
      properties: {
        a: { type: ["string", "null"] },
        b: { type: "array", items: { type: ["integer", "null"] } }
      }
    })
  })

  it("turns example into examples and boolean exclusive bounds into numbers", () => {
    expect(schemaTo31({ type: "number", minimum: 0, exclusiveMinimum: true, example: 3 })).toEqual({
      type: "number",
      exclusiveMinimum: 0,
      examples: [3]
    })
  })

  it("keeps everything else, including the non-standard format dateTime", () => {
    const s = { type: "string", format: "dateTime", description: "d" }
    expect(schemaTo31(s)).toEqual(s)
  })
})

describe("documentTo31", () => {
  it("converts schemas in components, parameters and media types and sets openapi 3.1.0", () => {
    const doc = documentTo31({
      openapi: "3.0.1",
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "q", in: "query", schema: { type: "string", nullable: true } }],
            responses: {
              "200": {
                description: "ok",
                content: { "application/json": { schema: { nullable: true, type: "object" } } }
              }
            }
          }
        }
      },
      components: { schemas: { A: { type: "boolean", nullable: true } } }
    })
    expect(doc.openapi).toBe("3.1.0")
    expect(JSON.stringify(doc)).not.toContain("nullable")
    expect(doc.components).toEqual({ schemas: { A: { type: ["boolean", "null"] } } })
  })
})

describe("toOpenApi3", () => {
  it("converts Swagger 2.0 with swagger2openapi", async () => {
    const doc = await toOpenApi3(
      {
        swagger: "2.0",
        info: { title: "t", version: "1" },
        host: "secure.ultracart.com",
        basePath: "/rest/v2",
        schemes: ["https"],
        paths: { "/a": { get: { responses: { "200": { description: "ok", schema: { type: "string" } } } } } }
      },
      "s.json"
    )
    expect(doc.openapi).toMatch(/^3\.0/)
    expect(doc.servers).toEqual([{ url: "https://secure.ultracart.com/rest/v2" }])
  })
})
