import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import type { Json, JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { checkDocument, locateJar } from "./validate.ts"

const committed = parseDocumentText(
  "spec.yaml",
  readFileSync(fileURLToPath(new URL("../conversation.openapi.yaml", import.meta.url)), "utf8")
)
const LIST = "/paths/~1conversation~1conversations/get"

/** The committed spec with one member of the getConversations operation or the root replaced. */
const withOperation = (key: string, value: Json | undefined): JsonObject => {
  const doc = structuredClone(committed) as Record<string, unknown>
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>
  const op = paths["/conversation/conversations"]!.get!
  if (value === undefined) delete op[key]
  else op[key] = value
  return doc as JsonObject
}

const failure = (doc: JsonObject): string => {
  try {
    checkDocument(doc, "spec.yaml")
  } catch (e) {
    return (e as { toLine: () => string }).toLine()
  }
  throw new Error("expected checkDocument to fail")
}

describe("checkDocument", () => {
  it("accepts the committed spec and counts it", () => {
    expect(checkDocument(committed, "spec.yaml")).toEqual({
      operations: 141,
      conversationOperations: 141,
      schemas: 180,
      ours: true
    })
  })

  it("requires x-uc-retry-safe on every operation", () => {
    expect(failure(withOperation("x-uc-retry-safe", undefined))).toBe(
      `spec.yaml#${LIST}/x-uc-retry-safe: getConversations: x-uc-retry-safe must be true or false`
    )
  })

  it("requires x-uc-pagination to name the operation's query parameters", () => {
    const bad = { limit: "limit", offset: "_offset", items: "conversations", max: 200 }
    expect(failure(withOperation("x-uc-pagination", bad))).toBe(
      `spec.yaml#${LIST}/x-uc-pagination/limit: must name one of the operation's query parameters`
    )
  })

  it("requires the former allow-list, where a document still has it, to match the operations", () => {
    const { "x-uc-sync-select": _, ...rest } = committed
    const doc = { ...rest, "x-uc-sync-operations": ["getConversations"] }
    expect(failure(doc)).toMatch(/^spec\.yaml#\/x-uc-sync-operations: allow-list and operations disagree/)
  })

  it("holds x-uc-sync-select to its shape and the operations to its rule", () => {
    expect(failure({ ...committed, "x-uc-sync-select": { exclude: [] } })).toBe(
      "spec.yaml#/x-uc-sync-select: must be {tag: string, exclude: [operationId]}"
    )
    expect(failure({ ...committed, "x-uc-sync-select": { tag: "conversation", exclude: [1] } })).toBe(
      "spec.yaml#/x-uc-sync-select: must be {tag: string, exclude: [operationId]}"
    )
    expect(
      failure({
        ...committed,
        "x-uc-sync-select": { tag: "conversation", exclude: ["getGoneOperation", "getConversations"] }
      })
    ).toBe("spec.yaml#/x-uc-sync-select/exclude/1: getConversations is excluded but present")
    expect(failure(withOperation("tags", ["pbx"]))).toBe(
      `spec.yaml#${LIST}/tags: getConversations: not tagged "conversation" (x-uc-sync-select.tag)`
    )
    expect(failure({ ...committed, "x-uc-sync-operations": [] })).toBe(
      "spec.yaml#/x-uc-sync-operations: state one selection rule: x-uc-sync-select replaces x-uc-sync-operations"
    )
  })

  it("checks the root extensions' shapes and the OpenAPI version", () => {
    expect(failure({ ...committed, "x-uc-default-headers": { "X-UltraCart-Api-Version": 2017 } })).toBe(
      "spec.yaml#/x-uc-default-headers: must map header names to string values"
    )
    expect(failure({ ...committed, "x-uc-optional-fields-nullable": "yes" })).toBe(
      "spec.yaml#/x-uc-optional-fields-nullable: must be true or false"
    )
    expect(failure({ ...committed, openapi: "3.0.1" })).toBe(
      'spec.yaml#/openapi: expected OpenAPI 3.1.x, found "3.0.1"'
    )
  })

  it("holds upstream documents (no x-uc-* at the root) only to the general checks", () => {
    const upstream = parseDocumentText(
      "up.json",
      readFileSync(
        fileURLToPath(new URL("../fixtures/upstream/ultracart-conversation-upstream.json", import.meta.url)),
        "utf8"
      )
    )
    expect(checkDocument(upstream, "up.json").ours).toBe(false)
  })
})

describe("locateJar", () => {
  it("reads version and storage directory from spec/openapitools.json", () => {
    const saved = process.env.OPENAPI_GENERATOR_JAR
    delete process.env.OPENAPI_GENERATOR_JAR
    try {
      const { jar, version } = locateJar()
      expect(version).toBe("7.25.0")
      expect(jar.endsWith("/spec/.openapi-generator/jars/7.25.0.jar")).toBe(true)
    } finally {
      if (saved !== undefined) process.env.OPENAPI_GENERATOR_JAR = saved
    }
  })
})
