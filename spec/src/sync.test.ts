import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { toOpenApi3 } from "./convert.ts"
import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { parseDocumentText } from "./load.ts"
import { listOperations } from "./operations.ts"
import { applyPatches, loadPatches, PATCHES_DIR, type SpecPatch } from "./patches.ts"
import { toYaml } from "./serialize.ts"
import { syncDocument, VOID_RESPONSE_DESCRIPTION } from "./sync.ts"

const read = (relative: string): string =>
  readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8")
/** The whole current ConversationApi (SDK 4.1.136), as published: defects included. */
const REFERENCE_FILE = "../fixtures/upstream/ultracart-conversation-4.1.136.yaml"
const referenceText = read(REFERENCE_FILE)
const reference = (): JsonObject => parseDocumentText("reference", referenceText)
/** The 11-operation seed extract the spec was first synced from. */
const seed = (): JsonObject =>
  parseDocumentText("seed", read("../fixtures/upstream/ultracart-conversation-upstream.json"))
const committedText = read("../conversation.openapi.yaml")
const committed = parseDocumentText("spec", committedText)
const SEED_IDS = [
  "getAgentWebsocketAuthorization",
  "getAgentKeepAlive",
  "getConversations",
  "startConversation",
  "getConversationWebchatQueueStatuses",
  "updateConversationWebchatQueueStatus",
  "getConversation",
  "joinConversation",
  "leaveConversation",
  "getConversationMessages",
  "getConversationMultimediaUploadUrl"
]
/** The committed spec as it was before the tag rule: the 11-operation allow-list. */
const legacyCurrent = (): JsonObject => {
  const { "x-uc-sync-select": _, ...rest } = committed
  return { ...rest, "x-uc-sync-operations": SEED_IDS }
}
const HEATMAP_REF = "/components/schemas/ConversationAgentStatusHeatmapResponse/properties/data/items/$ref"

let patches: ReadonlyArray<SpecPatch> = []
beforeAll(async () => {
  patches = await loadPatches(PATCHES_DIR)
})

/** `null`: no current spec (first sync). */
const sync = (
  upstream: JsonObject,
  current: JsonObject | null = committed,
  with_: ReadonlyArray<SpecPatch> = patches
) => syncDocument({ upstream, upstreamFile: "upstream.json", current: current ?? undefined, patches: with_ })

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

const withPath = (doc: JsonObject, path: string, item: JsonObject): JsonObject => ({
  ...doc,
  paths: { ...(doc.paths as JsonObject), [path]: item }
})

const errorLine = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof SpecError) return e.toLine()
    throw e
  }
  throw new Error("expected a SpecError")
}

describe("sync reproduces the committed spec", () => {
  it("byte for byte from the upstream document with the committed patches", () => {
    const { doc, warnings, patches: outcomes } = sync(reference())
    expect(toYaml(doc)).toBe(committedText)
    expect(warnings).toEqual([])
    expect(outcomes.map((o) => o.status)).toEqual(patches.map(() => "applied"))
  })

  it("with equal operations and schemas when no x-uc-* overlay is available, apart from x-uc-* members", () => {
    const { doc, notes } = sync(reference(), null)
    expect(withoutExtensions(doc.paths ?? null)).toEqual(withoutExtensions(committed.paths ?? null))
    expect(doc.components).toEqual(committed.components)
    expect(notes).toContain(
      'no selection rule in the current spec: selecting all 141 operations tagged "conversation"'
    )
    // the first sync records the rule it used
    expect(doc["x-uc-sync-select"]).toEqual({ tag: "conversation", exclude: [] })
    expect(doc["x-uc-sync-select"]).toEqual(committed["x-uc-sync-select"])
  })

  it("selects every operation with the tag: a new upstream operation shows up, other tags do not", () => {
    const upstream = withPath(
      withPath(reference(), "/conversation/pbx/brand_new", {
        post: { operationId: "insertPbxBrandNew", tags: ["conversation"], responses: {} },
        get: { operationId: "getPbxBrandNew", tags: ["Conversation"], responses: {} }
      }),
      "/order/orders",
      {
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
    )
    const { doc, notes } = sync(upstream)
    const ids = listOperations(doc).map((o) => o.id)
    expect(ids).toHaveLength(143)
    expect(ids).toContain("insertPbxBrandNew")
    expect(ids).toContain("getPbxBrandNew")
    expect(ids).not.toContain("getOrders")
    expect(doc.paths).not.toHaveProperty("/order/orders")
    expect(op(doc, "insertPbxBrandNew")["x-uc-retry-safe"]).toBe(false)
    expect(op(doc, "getPbxBrandNew")["x-uc-retry-safe"]).toBe(true)
    expect(Object.keys(op(doc, "insertPbxBrandNew").responses as JsonObject)).toEqual(["204"])
    expect(notes).toContain(
      '2 new upstream operation(s) selected by tag "conversation": getPbxBrandNew, insertPbxBrandNew'
    )
    expect(notes).toContain(
      "insertPbxBrandNew: x-uc-retry-safe defaulted to false from its method (POST); needs review"
    )
    expect(notes).toContain(
      "getPbxBrandNew: x-uc-retry-safe defaulted to true from its method (GET); needs review"
    )
  })

  it("leaves out the operations in exclude, and only their schemas", () => {
    const current = {
      ...committed,
      "x-uc-sync-select": { tag: "conversation", exclude: ["getAgentStatusHeatmap"] }
    }
    const { doc, notes } = sync(reference(), current)
    const ids = listOperations(doc).map((o) => o.id)
    expect(ids).toHaveLength(140)
    expect(ids).not.toContain("getAgentStatusHeatmap")
    const schemas = (doc.components as JsonObject).schemas as JsonObject
    expect(schemas).not.toHaveProperty("ConversationAgentStatusHeatmapResponse")
    expect(schemas).toHaveProperty("ConversationAgentStatusTimelineResponse")
    expect(notes).toContain(
      "1 Conversation operation(s) upstream are not selected and were left out: getAgentStatusHeatmap"
    )
  })

  it("fails at /paths when an operation of the current spec is gone upstream (removal is deliberate)", () => {
    const upstream = reference()
    const paths = { ...(upstream.paths as JsonObject) }
    delete paths["/conversation/agent/status/heatmap"]
    expect(errorLine(() => sync({ ...upstream, paths }))).toMatch(
      /^upstream\.json#\/paths: operation\(s\) of the current spec no longer selected upstream \(tag "conversation"\): getAgentStatusHeatmap /
    )
    // excluding it accepts the removal
    const current = {
      ...committed,
      "x-uc-sync-select": { tag: "conversation", exclude: ["getAgentStatusHeatmap"] }
    }
    expect(listOperations(sync({ ...upstream, paths }, current).doc)).toHaveLength(140)
  })

  it("still reads the former allow-list (x-uc-sync-operations) of a current spec", () => {
    const { doc, notes, warnings } = sync(reference(), legacyCurrent())
    expect(listOperations(doc).map((o) => o.id)).toEqual(SEED_IDS)
    expect(doc["x-uc-sync-operations"]).toEqual(SEED_IDS)
    expect(doc).not.toHaveProperty("x-uc-sync-select")
    expect(notes.some((n) => n.startsWith("130 Conversation operation(s) upstream are not selected"))).toBe(
      true
    )
    // the heatmap defect is outside the 11: reported, with the patch that repairs it anyway
    expect(warnings).toEqual([
      `upstream.json#${HEATMAP_REF}: unresolvable $ref "#/components/schemas/double[]" outside the selection ` +
        "(no selected operation reaches it): ignored; patch " +
        patches.find((p) => p.file.endsWith("heatmap-data-double-array.json"))?.file +
        " repairs it anyway"
    ])
    expect(notes.filter((n) => /^patch .* applied, but touches nothing selected/.test(n))).toHaveLength(5)
  })

  it("fails at /paths when an allow-listed operation is gone upstream", () => {
    const current = { ...legacyCurrent(), "x-uc-sync-operations": [...SEED_IDS, "getGoneOperation"] }
    expect(errorLine(() => sync(reference(), current))).toMatch(
      /^upstream\.json#\/paths: .*not found upstream: getGoneOperation/
    )
  })

  it("the seed extract still syncs under the allow-list; stale patches only warn", () => {
    const { doc, warnings } = sync(seed(), legacyCurrent())
    expect(listOperations(doc)).toHaveLength(11)
    // none of the defects is in the seed extract: every patch reports that it no longer applies
    expect(warnings).toHaveLength(patches.length)
    for (const w of warnings)
      expect(w).toMatch(
        /^patch \S*spec\/patches\/[a-z-]+\.json NO LONGER APPLIES: its test at upstream\.json#\/\S+ failed/
      )
  })
})

describe("broken $refs", () => {
  it("outside the selection: a warning naming the pointer, not a failure", () => {
    const { doc, warnings } = sync(reference(), legacyCurrent(), [])
    expect(listOperations(doc)).toHaveLength(11)
    expect(warnings).toEqual([
      `upstream.json#${HEATMAP_REF}: unresolvable $ref "#/components/schemas/double[]" outside the selection (no selected operation reaches it): ignored`
    ])
  })

  it("inside the selection: an error at the $ref's pointer", () => {
    expect(errorLine(() => sync(reference(), committed, []))).toBe(
      `upstream.json#${HEATMAP_REF}: unresolvable $ref "#/components/schemas/double[]"`
    )
  })
})

describe("patches", () => {
  const heatmap = () => patches.filter((p) => p.file.endsWith("heatmap-data-double-array.json"))

  it("repair the upstream defects before selection", () => {
    const { doc, notes } = sync(reference())
    const data = (
      (
        ((doc.components as JsonObject).schemas as JsonObject)
          .ConversationAgentStatusHeatmapResponse as JsonObject
      ).properties as JsonObject
    ).data as JsonObject
    expect(data.items).toEqual({ type: "array", items: { type: "number", format: "double" } })
    const names = (id: string) =>
      (op(doc, id).parameters as ReadonlyArray<JsonObject>).map(
        (p) => `${p.in}:${p.name}:${p.required === true}`
      )
    expect(names("getAgentStatusTimeline")).toEqual([
      "path:agent_user_id:true",
      "query:date:true",
      "query:channel:false"
    ])
    expect(names("getAgentStatusSummary")).toEqual(["query:date_start:true", "query:date_end:true"])
    for (const p of patches) expect(notes.some((n) => n.startsWith(`patch ${p.file} applied (`))).toBe(true)
  })

  it("that no longer apply (upstream fixed the defect) warn loudly and change nothing else", () => {
    const fixed = applyPatches(reference(), heatmap()).doc
    const { doc, warnings } = sync(fixed)
    expect(toYaml(doc)).toBe(committedText)
    expect(warnings).toEqual([
      `patch ${heatmap()[0]?.file} NO LONGER APPLIES: its test at upstream.json#/components/schemas/ConversationAgentStatusHeatmapResponse/properties/data/items ` +
        "failed, so the defect it repairs is gone upstream (fixed?); nothing of it was applied. Check the upstream fix and remove the patch."
    ])
  })

  it("are all or nothing: a patch failing after its tests leaves the document as it was", () => {
    const broken: SpecPatch = {
      file: "broken.json",
      reason: "r",
      where: "w",
      upstream: "4.1.136",
      operations: [
        { op: "test", path: HEATMAP_REF, value: "#/components/schemas/double[]" },
        { op: "replace", path: HEATMAP_REF, value: "#/components/schemas/Error" },
        { op: "remove", path: "/components/schemas/NoSuchSchema" }
      ]
    }
    const upstream = reference()
    const { doc, outcomes } = applyPatches(upstream, [broken])
    expect(doc).toEqual(upstream)
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: "stale",
        pointer: "/components/schemas/NoSuchSchema",
        defectGone: false
      })
    ])
    const { warnings } = sync(reference(), legacyCurrent(), [broken])
    expect(warnings[0]).toMatch(
      /^patch broken\.json NO LONGER APPLIES: upstream\.json#\/components\/schemas\/NoSuchSchema: .*nothing of it was applied/
    )
  })
})

describe("sync of a Swagger 2.0 upstream", () => {
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
  const upstreamOps = () => listOperations(reference())

  it("is OAS 3.1 with every one of upstream's 141 conversation operations, 180 schemas and UltraCart's server", () => {
    expect(committed.openapi).toBe("3.1.0")
    expect(ops.map((o) => o.id)).toEqual(upstreamOps().map((o) => o.id))
    expect(ops).toHaveLength(141)
    expect(ops.map((o) => o.id)).toEqual(expect.arrayContaining(SEED_IDS))
    expect(Object.keys(schemas)).toHaveLength(180)
    expect(committed.servers).toEqual([{ url: "https://secure.ultracart.com/rest/v2" }])
    expect(committed["x-uc-sync-select"]).toEqual({ tag: "conversation", exclude: [] })
    expect(committed).not.toHaveProperty("x-uc-sync-operations")
  })

  it("states retry safety on every operation", () => {
    expect(ops.every((o) => typeof o.operation["x-uc-retry-safe"] === "boolean")).toBe(true)
    const unsafe = ops.filter((o) => o.operation["x-uc-retry-safe"] === false).map((o) => o.id)
    for (const id of [
      "getAgentWebsocketAuthorization",
      "startConversation",
      "purchasePbxPhoneNumber",
      "regeneratePasswordForPbxHardwarePhone"
    ]) {
      expect(unsafe).toContain(id)
    }
    for (const o of ops.filter((x) => x.id.startsWith("insert"))) expect(unsafe).toContain(o.id)
  })

  it("carries the document-level extensions and pagination", () => {
    expect(committed["x-uc-default-headers"]).toEqual({ "X-UltraCart-Api-Version": "2017-03-01" })
    expect(committed["x-uc-error-header"]).toBe("UC-REST-ERROR")
    expect(committed["x-uc-optional-fields-nullable"]).toBe(true)
    const paged = Object.fromEntries(
      ops.flatMap((o) =>
        o.operation["x-uc-pagination"] === undefined ? [] : [[o.id, o.operation["x-uc-pagination"]]]
      )
    )
    expect(paged).toEqual({
      searchAgentStatusHistory: { limit: "_limit", offset: "_offset", items: "events", max: 200 },
      getConversations: { limit: "_limit", offset: "_offset", items: "conversations", max: 200 },
      searchPbxCalls: { limit: "_limit", offset: "_offset", items: "calls", max: 200 }
    })
  })

  it("declares a 204 exactly on the operations upstream gives no success response", () => {
    const voidUpstream = upstreamOps()
      .filter(
        (o) => !Object.keys((o.operation.responses as JsonObject) ?? {}).some((s) => /^2|default/.test(s))
      )
      .map((o) => o.id)
    const with204 = ops.filter((o) => Object.hasOwn(o.operation.responses as JsonObject, "204"))
    expect(with204.map((o) => o.id)).toEqual(voidUpstream)
    expect(voidUpstream).toEqual(
      expect.arrayContaining([
        "getAgentKeepAlive",
        "joinConversation",
        "leaveConversation",
        "updateConversationWebchatQueueStatus"
      ])
    )
    for (const o of with204) {
      expect((o.operation.responses as JsonObject)["204"]).toEqual({ description: VOID_RESPONSE_DESCRIPTION })
    }
  })

  it("sends UC-REST-ERROR on every error response; the seed operations declare 400/401/410/429/500", () => {
    for (const o of ops) {
      const responses = o.operation.responses as JsonObject
      const statuses = SEED_IDS.includes(o.id)
        ? ["400", "401", "410", "429", "500"]
        : Object.keys(responses).filter((s) => /^[45]/.test(s))
      for (const status of statuses) {
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

  it("keeps every upstream schema and operation verbatim, apart from the patches, the 204s and x-uc-* members", () => {
    const upstream = applyPatches(reference(), patches).doc
    const upstreamSchemas = (upstream.components as JsonObject).schemas as JsonObject
    for (const [name, schema] of Object.entries(schemas)) expect(schema, name).toEqual(upstreamSchemas[name])
    for (const o of listOperations(upstream)) {
      const mine = withoutExtensions(op(committed, o.id)) as Record<string, Json>
      const responses = { ...(mine.responses as JsonObject) }
      delete responses["204"]
      const theirs = o.operation.responses as JsonObject
      const headerless = Object.fromEntries(
        Object.entries(responses).map(([status, r]) => {
          const original = theirs[status] as JsonObject
          if (!isObject(r) || !isObject(original) || isObject(original.headers)) return [status, r]
          const { headers: _, ...rest } = r
          return [status, rest]
        })
      )
      expect({ ...mine, responses: headerless }, o.id).toEqual(o.operation)
    }
  })

  it("models the extract's placeholders as open objects and BaseResponse as UltraCart's SDK defines it", () => {
    for (const name of [
      "AutoOrder",
      "Cart",
      "Customer",
      "HitPageView",
      "HitSessionStart",
      "HitSessionUtm",
      "ItemResponse",
      "Order"
    ]) {
      expect(schemas[name], name).toMatchObject({
        type: "object",
        additionalProperties: true,
        "x-extract-placeholder": true
      })
    }
    expect(Object.keys((schemas.BaseResponse as JsonObject).properties as JsonObject)).toEqual([
      "error",
      "metadata",
      "success",
      "warning"
    ])
    expect(schemas.BaseResponse).not.toHaveProperty("x-extract-placeholder")
  })

  it("keeps upstream facts such as format dateTime", () => {
    const conversation = (schemas.Conversation as JsonObject).properties as JsonObject
    expect(conversation.last_conversation_message_body).toBeDefined()
    expect(JSON.stringify(schemas)).toContain('"format":"dateTime"')
  })
})
