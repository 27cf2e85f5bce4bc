import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { isDeepStrictEqual } from "node:util"
import { describe, expect, it } from "vitest"
import { SpecError } from "./errors.ts"
import { loadDocument, parseDocument, parseDocumentText, readYamlExact, readYamlFast } from "./load.ts"

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

describe("the fast YAML path reads what `yaml` reads", () => {
  const repo = fileURLToPath(new URL("../../", import.meta.url))
  const yamlFiles = (dir: string): Array<string> =>
    readdirSync(join(repo, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => join(dir, f))
  // Every YAML document in the repository's fixtures, the committed spec and the scale document.
  const files = [
    "spec/conversation.openapi.yaml",
    ...yamlFiles("spec/fixtures"),
    ...yamlFiles("generator/test/fixtures"),
    ...yamlFiles("generator/test/scale")
  ]

  it.each(files)("%s", (file) => {
    const text = readFileSync(join(repo, file), "utf8")
    let exact: unknown
    try {
      exact = readYamlExact(file, text)
    } catch {
      // A fixture `yaml` refuses must not be accepted by the fast path either.
      expect(readYamlFast(text)).toBeUndefined()
      return
    }
    const fast = readYamlFast(text)
    // Undefined sends the document to `yaml` itself; anything else must be the same tree. Node's
    // comparison, not vitest's: vitest compares `.constructor`, which a schema property may be.
    if (fast !== undefined) expect(isDeepStrictEqual(fast, exact)).toBe(true)
  })

  it("reads the fixtures on the fast path (the speed-up is not lost silently)", () => {
    const fastOnes = files.filter(
      (file) => readYamlFast(readFileSync(join(repo, file), "utf8")) !== undefined
    )
    expect(fastOnes).toContain("spec/conversation.openapi.yaml")
    expect(fastOnes.length).toBeGreaterThan(files.length / 2)
  })

  it("sends aliases, empty streams and bare-number versions to `yaml`", () => {
    expect(readYamlFast("a: &x {b: 1}\nc: *x\n")).toBeUndefined()
    expect(readYamlFast("")).toBeUndefined()
    const parsed = parseDocument("doc.yaml", "swagger: 2.0\ninfo: {title: t, version: 1.0}\npaths: {}\n")
    expect(parsed.doc.swagger).toBe("2.0")
    expect(parsed.adaptations.map((a) => a.pointer)).toEqual(["/swagger", "/info/version"])
  })

  it("a document js-yaml refuses gets `yaml`'s exact error", () => {
    const text = "openapi: 3.1.0\npaths:\n  /a: {get: 1}\n  /a: {put: 2}\n"
    expect(readYamlFast(text)).toBeUndefined()
    expect(failure(text).toLine()).toMatch(/^doc#\/paths\/~1a \(line 4:3\): invalid YAML: /)
  })
})
