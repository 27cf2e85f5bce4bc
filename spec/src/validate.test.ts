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
      operations: 11,
      conversationOperations: 11,
      schemas: 29,
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

  it("requires the allow-list to match the operations", () => {
    const doc = { ...committed, "x-uc-sync-operations": ["getConversations"] }
    expect(failure(doc)).toMatch(/^spec\.yaml#\/x-uc-sync-operations: allow-list and operations disagree/)
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
