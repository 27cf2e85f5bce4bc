import { describe, expect, it } from "vitest"
import { SpecError } from "./errors.ts"
import { loadDocument, parseDocument, parseDocumentText } from "./load.ts"

const failure = (text: string): SpecError => {
  try {
    parseDocumentText("doc", text)
  } catch (e) {
    if (e instanceof SpecError) return e
    throw e
  }
  throw new Error("expected a SpecError")
}

describe("parseDocumentText", () => {
  it("parses YAML and JSON documents", () => {
    expect(parseDocumentText("a.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").openapi).toBe(
      "3.1.0"
    )
    expect(parseDocumentText("a.json", '{"swagger": "2.0"}').swagger).toBe("2.0")
  })

  it("places a YAML syntax error at the nearest node with line and column", () => {
    const e = failure("openapi: 3.1.0\npaths:\n  /a:\n    get: {operationId: x\n    put: y\n")
    expect(e.pointer).toBe("/paths/~1a/put")
    expect(e.position).toEqual({ line: 5, column: 5 })
    expect(e.toLine()).toMatch(/^doc#\/paths\/~1a\/put \(line 5:5\): invalid YAML: /)
  })

  it("reports a duplicate key at the second occurrence", () => {
    const e = failure("openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n")
    expect(e.pointer).toBe("/info/title")
    expect(e.position?.line).toBe(4)
  })

  it("refuses JSON that YAML would accept (trailing comma) with pointer and position", () => {
    const e = failure('{"openapi": "3.1.0",\n "info": {"title": "t",}}')
    expect(e.message).toMatch(/^invalid JSON/)
    expect(e.pointer).toBe("/info/title")
    expect(e.position).toEqual({ line: 2, column: 24 })
  })

  it("uses / when the error precedes every node", () => {
    const e = failure("{")
    expect(e.toLine()).toMatch(/^doc#\/ \(line 1:2\): invalid JSON/)
  })

  it("refuses a root that is not an OpenAPI object", () => {
    expect(failure("- a\n- b\n").toLine()).toBe("doc#/: not an OpenAPI document: the root is not an object")
    expect(failure("title: x\n").message).toMatch(/no "openapi" or "swagger: 2.0"/)
  })
})

describe("loadDocument", () => {
  it("reports a missing file at the root pointer", async () => {
    await expect(loadDocument("/nonexistent/spec.yaml")).rejects.toMatchObject({
      file: "/nonexistent/spec.yaml",
      pointer: "",
      message: "file not found"
    })
  })
})

describe("numbers where the specifications want strings", () => {
  it("reads YAML `swagger: 2.0` and `version: 1.10` as the text written, and says so", () => {
    const { doc, adaptations } = parseDocument(
      "doc.yaml",
      "swagger: 2.0\ninfo: {title: t, version: 1.10}\npaths: {}\n"
    )
    expect(doc.swagger).toBe("2.0")
    expect((doc.info as { version: unknown }).version).toBe("1.10")
    expect(adaptations).toEqual([
      { pointer: "/swagger", message: 'written as the YAML number 2.0; read as the string "2.0"' },
      { pointer: "/info/version", message: 'written as the YAML number 1.10; read as the string "1.10"' }
    ])
  })

  it("reads JSON numbers too, and leaves strings alone", () => {
    const json = parseDocument("doc.json", '{"swagger": 2, "info": {"title": "t", "version": 3}}')
    expect([json.doc.swagger, (json.doc.info as { version: unknown }).version]).toEqual(["2.0", "3"])
    expect(json.adaptations.map((a) => a.pointer)).toEqual(["/swagger", "/info/version"])
    expect(parseDocument("doc.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").adaptations).toEqual(
      []
    )
  })

  it("still refuses another Swagger version, at /swagger", () => {
    expect(failure("swagger: 1.2\n").toLine()).toBe('doc#/swagger: unsupported Swagger version "1.2"')
  })
})
