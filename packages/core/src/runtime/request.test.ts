import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import type { OperationDefinition } from "./operation.ts"
import { buildProblem, buildRequestParts, encodePathSegment, type RequestParts } from "./request.ts"

const definition: OperationDefinition<unknown, unknown> = {
  operationId: "op",
  method: "PUT",
  pathTemplate: "/a/{id}/b/{id2}",
  parameters: [
    { name: "id", in: "path", required: true, explode: false },
    { name: "id2", in: "path", required: true, explode: false },
    { name: "tags", in: "query", required: false, explode: true },
    { name: "ids", in: "query", required: false, explode: false },
    { name: "X-Mode", in: "header", required: false, explode: false }
  ],
  requestBody: { contentType: "application/json", required: false },
  args: Schema.Unknown,
  success: undefined,
  errors: {},
  retrySafe: true,
  scopes: [],
  summary: undefined
}

const build = (encoded: Record<string, unknown>) => {
  const parts = buildRequestParts(definition, encoded)
  const problem = buildProblem(parts)
  return problem === undefined ? (parts as RequestParts) : problem
}

describe("request building", () => {
  it("percent-encodes every reserved character in a path segment", () => {
    assert.strictEqual(encodePathSegment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f")
    assert.strictEqual(encodePathSegment("日本"), "%E6%97%A5%E6%9C%AC")
    assert.deepStrictEqual(encodePathSegment(".."), {
      problem: 'path parameter value ".." cannot address a resource'
    })
  })

  it("fills path, query (explode or comma-joined), headers and body", () => {
    const parts = build({
      id: "x/y",
      id2: 7,
      tags: ["a", "b"],
      ids: [1, 2],
      "X-Mode": "fast",
      body: { n: 1 }
    })
    if (typeof parts === "string") return assert.fail(parts)
    assert.strictEqual(parts.path, "/a/x%2Fy/b/7")
    assert.deepStrictEqual(parts.query, [
      ["tags", "a"],
      ["tags", "b"],
      ["ids", "1,2"]
    ])
    assert.deepStrictEqual(parts.headers, { "x-mode": "fast" })
    assert.deepStrictEqual(parts.body, { contentType: "application/json", json: '{"n":1}' })
  })

  it("omits absent optional parameters and an absent optional body", () => {
    const parts = build({ id: "1", id2: "2", tags: undefined, ids: null })
    if (typeof parts === "string") return assert.fail(parts)
    assert.deepStrictEqual(parts.query, [])
    assert.strictEqual(parts.body, undefined)
  })

  it("reports missing path parameters and bodies that cannot be JSON", () => {
    assert.include(build({ id: "1" }), "id2")
    assert.include(build({ id: "1", id2: "2", body: { n: 1n } }), "JSON")
  })
})

describe("header parameters", () => {
  it("refuses a header parameter with CR, LF or NUL, naming the parameter and not the value", () => {
    for (const value of ["a\r\nX-Injected: 1", "a\nb", "nul\u0000", "trailing\n"]) {
      const problem = build({ id: "1", id2: "2", "X-Mode": value })
      assert.isString(problem)
      assert.include(problem as string, "X-Mode")
      assert.notInclude(problem as string, value)
    }
  })
})
