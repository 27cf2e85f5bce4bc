/**
 * Coverage sweep: every operation of the spec, called by name through the generated client over a
 * real socket to a fresh mock, with valid arguments, must succeed, decode, carry the payload its 200
 * response declares (or be void when only a 204 is declared), and reach the mock as that operation.
 *
 * The rows come from the spec itself (`listOperations`), so an operation added to the spec without
 * a way to call it here fails this file. Arguments are derived, not hand-written per row: path ids
 * are read from the fresh mock's seed through the client's own list operations, required query
 * parameters come from {@link QUERY}, and a body is `{}` (no request schema declares `required`
 * properties, which a guard below checks) unless {@link BODIES} says why it needs more.
 *
 * Each row gets its own mock, so destructive rows (delete*, purchase, regenerate, leave,
 * smsUnsubscribe, …) cannot break another row, whatever the order; the rows stay in document order.
 * The semantics of each operation are tested elsewhere (resources.test.ts, chat.test.ts,
 * operations.test.ts); this file proves reach.
 */
import { assert, describe, it } from "@effect/vitest"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import {
  DEFAULT_SPEC,
  deref,
  isObject,
  type JsonObject,
  listOperations,
  loadDocumentSync,
  type OperationRef,
  operationParameters
} from "@uc-conversation/spec"
import { Effect, type Scope } from "effect"
import { ConversationApi, conversationApiOperations } from "../src/generated/ConversationApi.gen.ts"
import { mockClient } from "./mock.ts"

type Json = Record<string, unknown>
type Call = (args?: Json) => Effect.Effect<Json | undefined, { readonly _tag: string }>
type Op = (id: string, args?: Json) => ReturnType<Call>

const { doc } = loadDocumentSync(DEFAULT_SPEC)
const operations = listOperations(doc)

const ENVELOPE = new Set(["success", "error", "warning", "metadata"])
const node = (value: unknown, pointer: string): JsonObject | undefined => {
  const found = deref(doc, value as JsonObject, pointer).node
  return isObject(found) ? found : undefined
}
const jsonSchemaOf = (holder: JsonObject | undefined, pointer: string): JsonObject | undefined => {
  const content = isObject(holder?.content) ? holder.content : {}
  const type = Object.keys(content).find((t) => t.startsWith("application/json"))
  const media = type === undefined ? undefined : content[type]
  return isObject(media) ? node(media.schema, `${pointer}/content/${type}/schema`) : undefined
}

/** What a successful call must decode to, from the spec's success responses. */
type Expect =
  | { readonly kind: "void" }
  /** The 200 schema's properties beside the envelope; empty for BaseResponse or a placeholder. */
  | {
      readonly kind: "payload"
      /** Payload keys the answer must carry: every one whose schema is not a placeholder. */
      readonly keys: ReadonlyArray<string>
      /** Payload keys typed by a placeholder schema upstream, which the mock never makes up. */
      readonly placeholderKeys: ReadonlyArray<string>
      /** The whole 200 schema is a placeholder (`ItemResponse`). */
      readonly placeholder: boolean
    }

/** Whether a property's schema (or its array's items) is a placeholder (`x-extract-placeholder`). */
const isPlaceholder = (schema: JsonObject | undefined, pointer: string): boolean => {
  if (schema?.["x-extract-placeholder"] === true) return true
  return schema?.type === "array" && isPlaceholder(node(schema.items, `${pointer}/items`), `${pointer}/items`)
}

const expectOf = (op: OperationRef): Expect => {
  const responses = isObject(op.operation.responses) ? op.operation.responses : {}
  const ok = node(responses["200"], `${op.pointer}/responses/200`)
  if (ok === undefined) {
    assert.isDefined(responses["204"], `${op.id} declares neither 200 nor 204`)
    return { kind: "void" }
  }
  const schema = jsonSchemaOf(ok, `${op.pointer}/responses/200`)
  const properties = isObject(schema?.properties) ? schema.properties : {}
  const payload = Object.keys(properties).filter((k) => !ENVELOPE.has(k))
  const placeholderKeys = payload.filter((k) => isPlaceholder(node(properties[k], `#/${k}`), `#/${k}`))
  return {
    kind: "payload",
    keys: payload.filter((k) => !placeholderKeys.includes(k)),
    placeholderKeys,
    placeholder: schema?.["x-extract-placeholder"] === true
  }
}

// ------------------------------------------------------------------ arguments

const first = (response: Json | undefined, key: string): Json => {
  const items = response?.[key]
  const item = Array.isArray(items) ? items[0] : undefined
  if (!isObject(item as JsonObject)) throw new Error(`the seed has no ${key}`)
  return item as Json
}
/** A path id from the first item a list operation answers (fields read from the seeded mock). */
const fromList =
  (list: string, key: string, field: string, args: (resolved: Json) => Json = () => ({})) =>
  (op: Op, resolved: Json) =>
    Effect.map(op(list, args(resolved)), (r) => first(r, key)[field])
const literal = (value: unknown) => () => Effect.succeed(value)

/**
 * Where each path parameter's value comes from, by name; `path` tells apart parameters whose name
 * is shared by two collections. Resolved in path order, so a nested id sees its parent's.
 */
const PATH: Readonly<
  Record<string, (op: Op, resolved: Json, path: string) => Effect.Effect<unknown, { readonly _tag: string }>>
> = {
  user_id: fromList("getAgentProfiles", "agent_profiles", "user_id"),
  agent_user_id: (op, resolved) =>
    Effect.map(fromList("getAgentProfiles", "agent_profiles", "user_id")(op, resolved), String),
  document_uuid: fromList("getAgentProfileKnowledgeBase", "documents", "document_uuid", (r) => ({
    user_id: r.user_id
  })),
  mcp_server_uuid: fromList("getAgentProfileMcps", "mcp_servers", "mcp_server_uuid", (r) => ({
    user_id: r.user_id
  })),
  extension: (_op, _r, path) => literal(path.includes("/knowledge_base/") ? "pdf" : "wav")(),
  conversation_status_uuid: fromList("getAgentStatusConfigs", "status_configs", "conversation_status_uuid"),
  conversation_canned_message_oid: fromList(
    "getConversationCannedMessages",
    "conversation_canned_messages",
    "conversation_canned_message_oid"
  ),
  queue_name: fromList("getConversationWebchatQueueStatuses", "queue_statuses", "queue_name"),
  // smsUnsubscribeConversation answers 400 for a websocket conversation: it needs an sms one.
  conversation_uuid: (op, resolved, path) =>
    fromList("getConversations", "conversations", "conversation_uuid", () => ({
      medium: path.endsWith("/sms_unsubscribe") ? "sms" : "websocket"
    }))(op, resolved),
  since: literal(0),
  conversation_department_oid: fromList(
    "getConversationDepartments",
    "conversation_departments",
    "conversation_department_oid"
  ),
  conversation_engagement_oid: fromList(
    "getConversationEngagements",
    "conversation_engagements",
    "conversation_engagement_oid"
  ),
  // No item collection behind it (ItemResponse is a placeholder): any item id is valid.
  merchant_item_id: literal("ITEM-1"),
  conversationPbxAddressUuid: fromList("getPbxAddresses", "addresses", "conversation_pbx_address_uuid"),
  conversationPbxAgentUuid: fromList("getPbxAgents", "agents", "conversation_pbx_agent_uuid"),
  conversationPbxAudioUuid: (op, resolved, path) =>
    path.startsWith("/conversation/pbx/audio/user/")
      ? fromList("getUserPbxAudios", "audios", "conversation_pbx_audio_uuid")(op, resolved)
      : fromList("getPbxAudios", "audios", "conversation_pbx_audio_uuid")(op, resolved),
  callUuid: fromList("searchPbxCalls", "calls", "call_uuid", () => ({ body: {} })),
  classOfServiceUuid: fromList(
    "getPbxClassesOfService",
    "classes_of_services",
    "conversation_pbx_class_of_service_uuid"
  ),
  conversationPbxHardwarePhoneUuid: fromList(
    "getPbxHardwarePhones",
    "hardware_phones",
    "conversation_pbx_hardware_phone_uuid"
  ),
  conversationPbxMenuUuid: fromList("getPbxMenus", "menus", "conversation_pbx_menu_uuid"),
  conversationPbxPhoneNumberUuid: fromList(
    "getPbxPhoneNumbers",
    "phone_numbers",
    "conversation_pbx_phone_number_uuid"
  ),
  conversationPbxQueueUuid: fromList("getPbxQueues", "queues", "conversation_pbx_queue_uuid"),
  queue_uuid: fromList("getPbxQueues", "queues", "conversation_pbx_queue_uuid"),
  recording_sid: (op, resolved, path) =>
    path.startsWith("/conversation/pbx/queues/")
      ? fromList("getPbxQueueVoicemails", "voicemail_message_summaries", "recording_sid", (r) => ({
          queue_uuid: r.queue_uuid
        }))(op, resolved)
      : fromList("getPbxAgentVoicemails", "voicemail_message_summaries", "recording_sid")(op, resolved),
  conversationPbxTimeBasedUuid: fromList(
    "getPbxTimeBaseds",
    "time_baseds",
    "conversation_pbx_time_based_uuid"
  ),
  conversationPbxTimeRangeUuid: fromList(
    "getPbxTimeRanges",
    "time_ranges",
    "conversation_pbx_time_range_uuid"
  ),
  conversationPbxVoicemailMailboxUuid: fromList(
    "getPbxVoicemailMailboxes",
    "voicemail_mailboxes",
    "conversation_pbx_voicemail_mailbox_uuid"
  )
}

/** Required query parameters, by name: a day the seeded agent status reports cover, a country. */
const QUERY: Readonly<Record<string, unknown>> = {
  date: "2026-01-11",
  date_start: "2026-01-10",
  date_end: "2026-01-12",
  country: "US"
}

/**
 * The override table: bodies that `{}` would not make a valid call, each with its reason. Every
 * other operation with a request body is sent `{}`.
 */
const BODIES: Readonly<
  Record<
    string,
    { readonly reason: string; readonly body: (op: Op) => Effect.Effect<Json, { readonly _tag: string }> }
  >
> = {
  purchasePbxPhoneNumber: {
    reason: "the spec: the phone_number must be from the available phone number search results",
    body: (op) =>
      Effect.map(op("searchPbxAvailablePhoneNumbers", { country: "US" }), (r) => ({
        phone_number: first(r, "available_phone_numbers").phone_number
      }))
  }
}

// ------------------------------------------------------------------ the sweep

/** A mock for this row. Rate limits off: the sweep makes a few hundred calls. */
const freshMock: Effect.Effect<MockServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() => startMockServer({ port: 0, rateLimit: "off" })),
  (mock) => Effect.promise(() => mock.close())
)

interface Row {
  readonly ref: OperationRef
  readonly expect: Expect
  readonly path: ReadonlyArray<string>
  readonly query: ReadonlyArray<string>
  readonly body: "none" | "optional" | "required"
}

const rows: ReadonlyArray<Row> = operations.map((ref) => {
  const parameters = operationParameters(doc, ref).parameters
  const requestBody = node(ref.operation.requestBody, `${ref.pointer}/requestBody`)
  return {
    ref,
    expect: expectOf(ref),
    path: parameters.filter((p) => p.in === "path").map((p) => p.name),
    query: parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name),
    body: requestBody === undefined ? "none" : requestBody.required === true ? "required" : "optional"
  }
})

describe("every operation of the spec through the client", () => {
  it("the sweep has one row per spec operation, and the client has each of them", () => {
    assert.strictEqual(rows.length, 141)
    const ids = rows.map((r) => r.ref.id)
    assert.strictEqual(new Set(ids).size, ids.length)
    assert.sameMembers(ids, [...conversationApiOperations])
    for (const id of Object.keys(BODIES)) assert.include(ids, id, `override for an unknown ${id}`)
    // `{}` is a valid body only because no request schema requires a property; say so if one does.
    for (const { ref } of rows) {
      const body = node(ref.operation.requestBody, `${ref.pointer}/requestBody`)
      const required = jsonSchemaOf(body, `${ref.pointer}/requestBody`)?.required
      if (!(ref.id in BODIES)) assert.deepStrictEqual(required ?? [], [], `${ref.id}'s body requires fields`)
    }
  })

  it.live.each(rows.map((row) => [row.ref.id, row] as const))("%s", ([id, row]) =>
    Effect.gen(function* () {
      const mock = yield* freshMock
      yield* Effect.gen(function* () {
        const api = (yield* ConversationApi) as unknown as Record<string, Call>
        const op: Op = (name, args) => {
          const call = api[name]
          if (call === undefined) throw new Error(`the client has no ${name}`)
          return call(args)
        }
        const args: Json = {}
        for (const name of row.path) {
          const resolve = PATH[name]
          if (resolve === undefined) return assert.fail(`${id}: no source for path parameter ${name}`)
          args[name] = yield* resolve(op, args, row.ref.path)
          assert.isDefined(args[name], `${id}: ${name}`)
        }
        for (const name of row.query) {
          if (!(name in QUERY)) return assert.fail(`${id}: no value for required query parameter ${name}`)
          args[name] = QUERY[name]
        }
        const override = BODIES[id]
        if (override !== undefined) args.body = yield* override.body(op)
        else if (row.body === "required") args.body = {}

        const before = mock.requests().length
        const result = yield* op(id, args)

        // It went over the socket as this operation, once, and succeeded.
        const sent = mock.requests().slice(before)
        assert.deepStrictEqual(
          sent.map((r) => [r.operationId, r.status]),
          [[id, row.expect.kind === "void" ? 204 : 200]]
        )
        if (row.expect.kind === "void") return assert.isUndefined(result)
        assert.isObject(result)
        if (row.expect.keys.length === 0 && row.expect.placeholderKeys.length === 0) {
          // BaseResponse (deletePbxClassOfService) or a placeholder (ItemResponse): no payload key.
          if (!row.expect.placeholder) assert.strictEqual(result?.success, true)
          return
        }
        // Every payload key the 200 schema declares; those typed by a placeholder schema only where
        // the mock has something real to put there (getConversationContext's cart, orders, … not).
        const missing = row.expect.keys.filter((k) => result?.[k] === undefined)
        assert.deepStrictEqual(missing, [], `${id}: payload keys missing`)
        assert.isNotEmpty(row.expect.keys, `${id}: only placeholder payload keys`)
      }).pipe(Effect.provide(mockClient(mock)))
    })
  )
})
