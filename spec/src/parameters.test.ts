import { describe, expect, it } from "vitest"
import type { JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { listOperations } from "./operations.ts"
import { operationParameters } from "./parameters.ts"

const doc = (yaml: string): JsonObject =>
  parseDocumentText("doc.yaml", `openapi: 3.1.0\ninfo: {title: t, version: '1'}\n${yaml}`)

const paramsOf = (d: JsonObject, index = 0) => {
  const op = listOperations(d)[index]
  if (op === undefined) throw new Error("no operation")
  return operationParameters(d, op)
}

const summary = (d: JsonObject) =>
  paramsOf(d).parameters.map((p) => [p.in, p.name, p.required, p.level, p.pointer, p.schemaPointer])

describe("operationParameters", () => {
  it("merges path-item and operation parameters; the operation's replaces one with the same in and name, in place", () => {
    const d = doc(`paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: limit, in: query, schema: {type: integer}}
    get:
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, format: int32}}
        - $ref: '#/components/parameters/Trace'
      responses: {'204': {description: ok}}
components:
  parameters:
    Trace: {name: X-Trace, in: header, content: {application/json: {schema: {type: string}}}}
`)
    expect(summary(d)).toEqual([
      [
        "path",
        "id",
        true,
        "path",
        "/paths/~1items~1{id}/parameters/0",
        "/paths/~1items~1{id}/parameters/0/schema"
      ],
      [
        "query",
        "limit",
        true,
        "operation",
        "/paths/~1items~1{id}/get/parameters/0",
        "/paths/~1items~1{id}/get/parameters/0/schema"
      ],
      [
        "header",
        "X-Trace",
        false,
        "operation",
        "/components/parameters/Trace",
        "/components/parameters/Trace/content/application~1json/schema"
      ]
    ])
    expect(paramsOf(d).parameters[2]?.site).toBe("/paths/~1items~1{id}/get/parameters/1")
    expect(paramsOf(d).issues).toEqual([])
  })

  it("adds an undeclared template placeholder as a required path parameter, and says so", () => {
    const d = doc(`paths:
  /orphans/{orphan_id}:
    delete: {responses: {'204': {description: gone}}}
`)
    expect(summary(d)).toEqual([
      ["path", "orphan_id", true, "implicit", "/paths/~1orphans~1{orphan_id}/delete", undefined]
    ])
    expect(paramsOf(d).issues).toEqual([
      {
        kind: "implicit-path-parameter",
        pointer: "/paths/~1orphans~1{orphan_id}/delete",
        name: "orphan_id",
        message: 'path parameter "orphan_id" is not declared; taken as a required string'
      }
    ])
  })

  it("keeps one parameter per name: the path one, then the first query or header one; never a cookie", () => {
    const d = doc(`paths:
  /items/{id}:
    get:
      parameters:
        - {name: id, in: query, schema: {type: integer}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: session, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
`)
    expect(summary(d).map(([location, name]) => `${location}:${name}`)).toEqual(["header:session", "path:id"])
    expect(paramsOf(d).issues.map((i) => [i.kind, i.pointer])).toEqual([
      ["implicit-path-parameter", "/paths/~1items~1{id}/get"],
      ["duplicate-name", "/paths/~1items~1{id}/get/parameters/0"],
      ["duplicate-name", "/paths/~1items~1{id}/get/parameters/1"]
    ])
  })

  it("reports entries that are not parameters instead of guessing", () => {
    const d = doc(`paths:
  /a:
    get:
      parameters:
        - {name: x, in: formData}
        - $ref: '#/components/parameters/Missing'
      responses: {'204': {description: ok}}
`)
    expect(paramsOf(d).parameters).toEqual([])
    expect(paramsOf(d).issues.map((i) => [i.kind, i.pointer])).toEqual([
      ["malformed-parameter", "/paths/~1a/get/parameters/0"],
      ["unresolved-parameter", "/paths/~1a/get/parameters/1"]
    ])
  })
})
