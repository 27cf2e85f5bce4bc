import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { toOpenApi3 } from "./convert.ts"
import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { listOperations } from "./operations.ts"
import { toYaml } from "./serialize.ts"
import { syncDocument, VOID_RESPONSE_DESCRIPTION } from "./sync.ts"

const read = (relative: string): string =>
  readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8")
const REFERENCE_FILE = "../fixtures/upstream/ultracart-conversation-upstream.json"
const reference = (): JsonObject => parseDocumentText("reference", read(REFERENCE_FILE))
const committedText = read("../conversation.openapi.yaml")
const committed = parseDocumentText("spec", committedText)

/** `null`: no current spec (first sync). */
const sync = (upstream: JsonObject, current: JsonObject | null = committed) =>
  syncDocument({ upstream, upstreamFile: "upstream.json", current: current ?? undefined })

const withoutExtensions = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(withoutExtensions)
  if (!isObject(node)) return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => !k.startsWith("x-uc-"))
      .map(([k, v]) => [k, withoutExtensions(v)])
  )
}

const op = (doc: JsonObject, id: string): JsonObject => {
  const found = listOperations(doc).find((o) => o.id === id)
  if (!found) throw new Error(`no operation ${id}`)
  return found.operation
}

describe("sync reproduces the committed spec", () => {
  it("byte for byte from the upstream extract", () => {
    const { doc } = sync(reference())
    expect(toYaml(doc)).toBe(committedText)
  })

  it("with equal operations and schemas when no x-uc-* overlay is available, apart from x-uc-* members", () => {
    const { doc, notes } = sync(reference(), null)
    expect(withoutExtensions(doc.paths ?? null)).toEqual(withoutExtensions(committed.paths ?? null))
    expect(doc.components).toEqual(committed.components)
    expect(notes[0]).toMatch(/no current spec: selecting all 11 Conversation operations/)
    // the first sync records the allow-list it used, so later additions are deliberate
    expect(doc["x-uc-sync-operations"]).toEqual(committed["x-uc-sync-operations"])
  })

  it("from a full upstream document, selecting only the allow-listed operations", () => {
    const full = reference() as Record<string, Json>
    const paths = { ...(full.paths as JsonObject) }
    // a later ConversationApi operation and an operation of another API, each with its own schema
    paths["/conversation/pbx/agent"] = {
      get: {
        operationId: "getPbxAgents",
        tags: ["conversation"],
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/PbxAgent" } } }
          }
        }
      }
    }
    // a method left out on a path whose other method is kept must not bring its schema along
    paths["/conversation/agent/keepalive"] = {
      ...(paths["/conversation/agent/keepalive"] as JsonObject),
      post: {
        operationId: "insertAgentKeepAlive",
        tags: ["conversation"],
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/PbxAgent" } } }
          }
        }
      }
    }
    paths["/order/orders"] = {
      get: {
        operationId: "getOrders",
        tags: ["order"],
        security: [{ ultraCartOauth: ["order_read"] }],
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } }
          }
        }
      }
    }
    const components = full.components as JsonObject
    const upstream = {
      ...full,
      paths,
      components: {
        ...components,
        schemas: {
          ...(components.schemas as JsonObject),
          PbxAgent: { type: "object" },
          Order: { type: "object" }
        }
      }
    }
    const { doc, notes } = sync(upstream)
    expect(toYaml(doc)).toBe(committedText)
    expect(notes).toContain(
      "2 Conversation operation(s) upstream are not in x-uc-sync-operations and were left out"
    )
  })

  it("adds a newly allow-listed operation with its method's retry default and says so", () => {
    const full = reference() as Record<string, Json>
    const upstream = {
      ...full,
      paths: {
        ...(full.paths as JsonObject),
        "/conversation/pbx/agent": {
          post: { operationId: "insertPbxAgent", tags: ["conversation"], responses: {} }
        }
      }
    }
    const list = [...(committed["x-uc-sync-operations"] as ReadonlyArray<string>), "insertPbxAgent"]
    const { doc, notes } = sync(upstream, { ...committed, "x-uc-sync-operations": list })
    const added = op(doc, "insertPbxAgent")
    expect(added["x-uc-retry-safe"]).toBe(false)
    expect(Object.keys(added.responses as JsonObject)).toEqual(["204"])
    expect(notes).toContain(
      "insertPbxAgent: x-uc-retry-safe defaulted to false from its method (POST); review it"
    )
  })

  it("fails at /paths when an allow-listed operation is gone upstream", () => {
    const list = [...(committed["x-uc-sync-operations"] as ReadonlyArray<string>), "getGoneOperation"]
    expect(() => sync(reference(), { ...committed, "x-uc-sync-operations": list })).toThrow(SpecError)
    try {
      sync(reference(), { ...committed, "x-uc-sync-operations": list })
    } catch (e) {
      expect((e as SpecError).toLine()).toMatch(
        /^upstream\.json#\/paths: .*not found upstream: getGoneOperation/
      )
    }
  })

  it("converts a Swagger 2.0 upstream", async () => {
    const swagger = parseDocumentText("swagger2.json", read("../fixtures/swagger2.json"))
    const { doc } = sync(await toOpenApi3(swagger, "swagger2.json"), null)
    expect(doc.openapi).toBe("3.1.0")
    expect(listOperations(doc).map((o) => o.id)).toEqual(["getAgentKeepAlive", "getConversation"])
    expect(Object.keys((doc.components as JsonObject).schemas as JsonObject)).toEqual([
      "ConversationResponse",
      "Conversation",
      "ErrorResponse"
    ])
    const oauth = ((doc.components as JsonObject).securitySchemes as JsonObject).ultraCartOauth as JsonObject
    expect(JSON.stringify(oauth)).not.toContain("order_read")
    const keepAlive = op(doc, "getAgentKeepAlive").responses as JsonObject
    expect(keepAlive["204"]).toEqual({ description: VOID_RESPONSE_DESCRIPTION })
    const conversation400 = (op(doc, "getConversation").responses as JsonObject)["400"] as JsonObject
    expect(conversation400.headers).toEqual({
      "UC-REST-ERROR": { description: "Contains human readable error message", schema: { type: "string" } }
    })
  })
})

describe("the committed spec", () => {
  const ops = listOperations(committed)
  const schemas = (committed.components as JsonObject).schemas as JsonObject

  it("is OAS 3.1 with 11 camelCase operations, 29 schemas and UltraCart's server", () => {
    expect(committed.openapi).toBe("3.1.0")
    expect(ops.map((o) => o.id).sort()).toEqual(
      [
        "getAgentKeepAlive",
        "getAgentWebsocketAuthorization",
        "getConversation",
        "getConversationMessages",
        "getConversationMultimediaUploadUrl",
        "getConversationWebchatQueueStatuses",
        "getConversations",
        "joinConversation",
        "leaveConversation",
        "startConversation",
        "updateConversationWebchatQueueStatus"
      ].sort()
    )
    expect(Object.keys(schemas)).toHaveLength(29)
    expect(committed.servers).toEqual([{ url: "https://secure.ultracart.com/rest/v2" }])
  })

  it("states retry safety on every operation", () => {
    const unsafe = ops.filter((o) => o.operation["x-uc-retry-safe"] === false).map((o) => o.id)
    expect(unsafe.sort()).toEqual(["getAgentWebsocketAuthorization", "startConversation"])
    expect(ops.every((o) => typeof o.operation["x-uc-retry-safe"] === "boolean")).toBe(true)
  })

  it("carries the document-level extensions", () => {
    expect(committed["x-uc-default-headers"]).toEqual({ "X-UltraCart-Api-Version": "2017-03-01" })
    expect(committed["x-uc-error-header"]).toBe("UC-REST-ERROR")
    expect(committed["x-uc-optional-fields-nullable"]).toBe(true)
    expect(op(committed, "getConversations")["x-uc-pagination"]).toEqual({
      limit: "_limit",
      offset: "_offset",
      items: "conversations",
      max: 200
    })
  })

  it("declares a 204 exactly on the four void operations", () => {
    const with204 = ops
      .filter((o) => Object.hasOwn(o.operation.responses as JsonObject, "204"))
      .map((o) => o.id)
    expect(with204.sort()).toEqual([
      "getAgentKeepAlive",
      "joinConversation",
      "leaveConversation",
      "updateConversationWebchatQueueStatus"
    ])
  })

  it("declares 400/401/410/429/500 with ErrorResponse and UC-REST-ERROR everywhere", () => {
    for (const o of ops) {
      const responses = o.operation.responses as JsonObject
      for (const status of ["400", "401", "410", "429", "500"]) {
        const r = responses[status] as JsonObject
        expect(r.headers, `${o.id} ${status}`).toHaveProperty("UC-REST-ERROR")
        expect(JSON.stringify(r.content)).toContain("#/components/schemas/ErrorResponse")
      }
    }
  })

  it("keeps upstream's parameters, optional join body and scopes", () => {
    const params = (op(committed, "getConversations").parameters as ReadonlyArray<JsonObject>).map(
      (p) => p.name
    )
    expect(params).toEqual(["medium", "before", "_limit", "_offset"])
    expect((op(committed, "joinConversation").requestBody as JsonObject).required).toBe(false)
    expect((op(committed, "startConversation").requestBody as JsonObject).required).toBe(true)
    const oauth = ((committed.components as JsonObject).securitySchemes as JsonObject)
      .ultraCartOauth as JsonObject
    const flow = (oauth.flows as JsonObject).authorizationCode as JsonObject
    expect(Object.keys(flow.scopes as JsonObject)).toEqual(["conversation_read", "conversation_write"])
    const simple = ((committed.components as JsonObject).securitySchemes as JsonObject).ultraCartSimpleApiKey
    expect(simple).toEqual({ in: "header", name: "x-ultracart-simple-key", type: "apiKey" })
    expect(op(committed, "getConversation").security).toEqual([
      { ultraCartOauth: ["conversation_read"] },
      { ultraCartSimpleApiKey: [] }
    ])
  })

  it("keeps every upstream schema and operation verbatim, apart from the 204s and x-uc-* members", () => {
    const upstream = reference()
    const upstreamSchemas = (upstream.components as JsonObject).schemas as JsonObject
    expect(schemas).toEqual(upstreamSchemas)
    for (const o of listOperations(upstream)) {
      const mine = withoutExtensions(op(committed, o.id)) as Record<string, Json>
      const responses = { ...(mine.responses as JsonObject) }
      delete responses["204"]
      expect({ ...mine, responses }, o.id).toEqual(o.operation)
    }
  })

  it("keeps upstream facts such as format dateTime", () => {
    const conversation = (schemas.Conversation as JsonObject).properties as JsonObject
    expect(conversation.last_conversation_message_body).toBeDefined()
    expect(JSON.stringify(schemas)).toContain('"format":"dateTime"')
  })
})
