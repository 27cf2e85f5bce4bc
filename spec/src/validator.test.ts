import { describe, expect, it } from "vitest"
import type { JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { linePointers, throughRefs } from "./locate.ts"
import { validateDocument } from "./validator.ts"

const doc = (yaml: string): JsonObject => parseDocumentText("doc.yaml", yaml)

describe("linePointers", () => {
  it("names the node of every line of JSON.stringify(value, null, 2)", () => {
    const value = { a: { b: [1, { c: 2 }], d: {} }, e: [] }
    const lines = JSON.stringify(value, null, 2).split("\n")
    const pointers = linePointers(value)
    expect(pointers).toHaveLength(lines.length)
    expect(lines.map((l, i) => `${pointers[i]} ${l.trim()}`)).toEqual([
      " {",
      '/a "a": {',
      '/a/b "b": [',
      "/a/b/0 1,",
      "/a/b/1 {",
      '/a/b/1/c "c": 2',
      "/a/b/1 }",
      "/a/b ],",
      '/a/d "d": {}',
      "/a },",
      '/e "e": []',
      " }"
    ])
  })
})

describe("throughRefs", () => {
  it("follows the written document's $refs along a pointer of the dereferenced one", () => {
    const d = doc(`openapi: 3.1.0
paths: {/a: {get: {responses: {'200': {$ref: '#/components/responses/Ok'}}}}}
components: {responses: {Ok: {description: 5}}}
`)
    expect(throughRefs(d, "/paths/~1a/get/responses/200/description")).toBe(
      "/components/responses/Ok/description"
    )
    expect(throughRefs(d, "/paths/~1a/get/responses/200")).toBe("/components/responses/Ok")
    expect(throughRefs(d, "/paths/~1a/get")).toBe("/paths/~1a/get")
  })
})

describe("validateDocument", () => {
  it("pins every schema error to the node at fault and lists each once", async () => {
    const result = await validateDocument(
      doc(`openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a: {get: {operationId: a, responses: {'200': {content: {}}}}}
  /b: {put: {operationId: b, responses: {'204': {$ref: '#/components/responses/Gone'}}}}
components: {responses: {Gone: {description: 5}}}
`)
    )
    expect(result.valid).toBe(false)
    expect(result.errors).toEqual([
      {
        pointer: "/paths/~1a/get/responses/200",
        message: "REQUIRED must have required property 'description'"
      },
      { pointer: "/components/responses/Gone/description", message: "TYPE must be string" }
    ])
  })

  it("pins the semantic rules: a duplicated operationId at its second use, lint rules lowered to warnings", async () => {
    const result = await validateDocument(
      doc(`openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a: {get: {operationId: foo, responses: {'204': {description: ok}}}}
  /b/{id}: {get: {operationId: foo, responses: {'204': {description: ok}}}}
`),
      { warn: ["path-parameters-not-in-parameters"] }
    )
    expect(result.errors).toEqual([
      {
        pointer: "/paths/~1b~1{id}/get/operationId",
        message: "The operationId `foo` is duplicated and must be made unique."
      }
    ])
    expect(result.warnings).toEqual([
      {
        pointer: "/paths/~1b~1{id}/get",
        message: "`/paths/b/{id}/get` is missing path parameter(s) for `{id}`."
      }
    ])
  })
})
