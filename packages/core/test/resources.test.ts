/**
 * The resource operations of the current ConversationApi (PBX, agent profiles and status, canned
 * messages, departments, engagements, virtual agent) through the generated client, over a real
 * socket to the mock's resource engine. Every row checks the state a call leaves by reading it
 * back through the client.
 */
import { assert, describe, it } from "@effect/vitest"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Effect, type Scope } from "effect"
import { ConversationApi } from "../src/generated/ConversationApi.gen.ts"
import { mockClient } from "./mock.ts"

type Json = Record<string, unknown>
/** An operation called by name: these tests drive whole families of them from one table. */
type Call = (args: Json) => Effect.Effect<Json | undefined, { readonly _tag: string }>

/** A mock for this scope. Rate limits off: these tests are about the resources' state. */
const resourceMock: Effect.Effect<MockServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() => startMockServer({ port: 0, rateLimit: "off" })),
  (mock) => Effect.promise(() => mock.close())
)

/** Runs `body` with the operations by name against a fresh mock. */
const withOps = <A, E>(
  body: (
    op: (id: string, args?: Json) => ReturnType<Call>,
    mock: MockServer
  ) => Effect.Effect<A, E, ConversationApi>
) =>
  Effect.gen(function* () {
    const mock = yield* resourceMock
    return yield* Effect.gen(function* () {
      const api = (yield* ConversationApi) as unknown as Record<string, Call>
      const op = (id: string, args: Json = {}) => {
        const call = api[id]
        if (call === undefined) throw new Error(`the client has no ${id}`)
        return call(args)
      }
      return yield* body(op, mock)
    }).pipe(Effect.provide(mockClient(mock)))
  })

const list = (response: Json | undefined, key: string): Array<Json> => (response?.[key] ?? []) as Array<Json>
const one = (response: Json | undefined, key: string): Json => (response?.[key] ?? {}) as Json
/** The failure's tag (BadRequest for UltraCart's 400), or a test failure when the call succeeded. */
const failureTag = <A>(effect: Effect.Effect<A, { readonly _tag: string }>) =>
  Effect.map(Effect.flip(effect), (error) => error._tag)

interface Family {
  readonly name: string
  readonly insert: string
  readonly get?: string
  readonly list: string
  readonly update: string
  readonly remove: string
  /** The path parameter and the item field holding the id. */
  readonly id: string
  readonly field: string
  /** Payload keys of one item and of the list. */
  readonly one: string
  readonly many: string
  readonly parent?: Json
  readonly body: Json
  readonly change: Json
  /** "DELETE soft-deactivates by setting this to false" (agent status configs). */
  readonly softDelete?: boolean
}

const families: ReadonlyArray<Family> = [
  {
    name: "pbx audio",
    insert: "insertPbxAudio",
    get: "getPbxAudio",
    list: "getPbxAudios",
    update: "updatePbxAudio",
    remove: "deletePbxAudio",
    id: "conversationPbxAudioUuid",
    field: "conversation_pbx_audio_uuid",
    one: "audio",
    many: "audios",
    body: { description: "Welcome", filename: "welcome.wav" },
    change: { description: "Welcome, v2" }
  },
  {
    name: "user pbx audio",
    insert: "insertUserPbxAudio",
    get: "getUserPbxAudio",
    list: "getUserPbxAudios",
    update: "updateUserPbxAudio",
    remove: "deleteUserPbxAudio",
    id: "conversationPbxAudioUuid",
    field: "conversation_pbx_audio_uuid",
    one: "audio",
    many: "audios",
    body: { description: "My greeting" },
    change: { description: "My new greeting" }
  },
  {
    name: "pbx address",
    insert: "insertPbxAddress",
    get: "getPbxAddress",
    list: "getPbxAddresses",
    update: "updatePbxAddress",
    remove: "deletePbxAddress",
    id: "conversationPbxAddressUuid",
    field: "conversation_pbx_address_uuid",
    one: "address",
    many: "addresses",
    body: { friendly_name: "Head office" },
    change: { friendly_name: "Warehouse" }
  },
  {
    name: "pbx menu",
    insert: "insertPbxMenu",
    get: "getPbxMenu",
    list: "getPbxMenus",
    update: "updatePbxMenu",
    remove: "deletePbxMenu",
    id: "conversationPbxMenuUuid",
    field: "conversation_pbx_menu_uuid",
    one: "menu",
    many: "menus",
    body: { name: "Main menu" },
    change: { name: "After hours" }
  },
  {
    name: "pbx time based",
    insert: "insertPbxTimeBased",
    get: "getPbxTimeBased",
    list: "getPbxTimeBaseds",
    update: "updatePbxTimeBased",
    remove: "deletePbxTimeBased",
    id: "conversationPbxTimeBasedUuid",
    field: "conversation_pbx_time_based_uuid",
    one: "time_based",
    many: "time_baseds",
    body: { time_based_name: "Weekdays" },
    change: { time_based_name: "Weekends" }
  },
  {
    name: "pbx time range",
    insert: "insertPbxTimeRange",
    get: "getPbxTimeRange",
    list: "getPbxTimeRanges",
    update: "updatePbxTimeRange",
    remove: "deletePbxTimeRange",
    id: "conversationPbxTimeRangeUuid",
    field: "conversation_pbx_time_range_uuid",
    one: "time_range",
    many: "time_ranges",
    body: { time_range_name: "Office hours" },
    change: { time_range_name: "Holidays" }
  },
  {
    name: "pbx voicemail mailbox",
    insert: "insertPbxVoicemailMailbox",
    get: "getPbxVoicemailMailbox",
    list: "getPbxVoicemailMailboxes",
    update: "updatePbxVoicemailMailbox",
    remove: "deletePbxVoicemailMailbox",
    id: "conversationPbxVoicemailMailboxUuid",
    field: "conversation_pbx_voicemail_mailbox_uuid",
    one: "voicemail_mailbox",
    many: "voicemail_mailboxes",
    body: { voicemail_mailbox_id: "sales" },
    change: { voicemail_followup_say: "We will call you back." }
  },
  {
    name: "pbx hardware phone",
    insert: "insertPbxHardwarePhone",
    get: "getPbxHardwarePhone",
    list: "getPbxHardwarePhones",
    update: "updatePbxHardwarePhone",
    remove: "deletePbxHardwarePhone",
    id: "conversationPbxHardwarePhoneUuid",
    field: "conversation_pbx_hardware_phone_uuid",
    one: "hardware_phone",
    many: "hardware_phones",
    body: { name: "Front desk" },
    change: { name: "Back office" }
  },
  {
    name: "pbx class of service",
    insert: "insertPbxClassOfService",
    get: "getPbxClassOfService",
    list: "getPbxClassesOfService",
    update: "updatePbxClassOfService",
    remove: "deletePbxClassOfService",
    id: "classOfServiceUuid",
    field: "conversation_pbx_class_of_service_uuid",
    one: "class_of_service",
    many: "classes_of_services",
    body: { name: "Domestic only", outbound_enabled: true },
    change: { name: "No outbound" }
  },
  {
    name: "pbx queue",
    insert: "insertPbxQueue",
    get: "getPbxQueue",
    list: "getPbxQueues",
    update: "updatePbxQueue",
    remove: "deletePbxQueue",
    id: "conversationPbxQueueUuid",
    field: "conversation_pbx_queue_uuid",
    one: "queue",
    many: "queues",
    body: { name: "Billing" },
    change: { name: "Billing and refunds" }
  },
  {
    name: "department",
    insert: "insertConversationDepartment",
    list: "getConversationDepartments",
    update: "updateConversationDepartment",
    remove: "deleteDepartment",
    id: "conversation_department_oid",
    field: "conversation_department_oid",
    one: "conversation_department",
    many: "conversation_departments",
    body: { department_name: "VIP" },
    change: { department_name: "VIP desk" }
  },
  {
    name: "engagement",
    insert: "insertConversationEngagement",
    get: "getConversationEngagement",
    list: "getConversationEngagements",
    update: "updateConversationEngagement",
    remove: "deleteEngagement",
    id: "conversation_engagement_oid",
    field: "conversation_engagement_oid",
    one: "conversation_engagement",
    many: "conversation_engagements",
    body: { engagement_name: "Cart helper", active: true },
    change: { engagement_name: "Checkout helper" }
  },
  {
    name: "canned message",
    insert: "insertConversationCannedMessage",
    list: "getConversationCannedMessages",
    update: "updateConversationCannedMessage",
    remove: "deleteConversationCannedMessage",
    id: "conversation_canned_message_oid",
    field: "conversation_canned_message_oid",
    one: "conversation_canned_message",
    many: "conversation_canned_messages",
    body: { short_code: "hi", canned_message: "Hello!" },
    change: { canned_message: "Hello there!" }
  },
  {
    name: "agent profile MCP server",
    insert: "insertAgentProfileMcp",
    get: "getAgentProfileMcp",
    list: "getAgentProfileMcps",
    update: "updateAgentProfileMcp",
    remove: "deleteAgentProfileMcp",
    id: "mcp_server_uuid",
    field: "mcp_server_uuid",
    one: "mcp_server",
    many: "mcp_servers",
    parent: { user_id: 1001 },
    body: { url: "https://mcp.example.com/sse", auth_method: "none" },
    change: { header_name: "X-Api-Key" }
  },
  {
    name: "agent status config",
    insert: "insertAgentStatusConfig",
    list: "getAgentStatusConfigs",
    update: "updateAgentStatusConfig",
    remove: "deleteAgentStatusConfig",
    id: "conversation_status_uuid",
    field: "conversation_status_uuid",
    one: "status_config",
    many: "status_configs",
    body: { name: "Lunch", channel: "both", active: true },
    change: { name: "Long lunch" },
    softDelete: true
  }
]

describe("resource families through the client: insert, get, list, update, delete", () => {
  it.live.each(families.map((f) => [f.name, f] as const))("%s", ([, family]) =>
    withOps((op) =>
      Effect.gen(function* () {
        const parent = family.parent ?? {}
        const inserted = one(yield* op(family.insert, { ...parent, body: family.body }), family.one)
        for (const [key, value] of Object.entries(family.body))
          assert.deepStrictEqual(inserted[key], value, key)
        const id = inserted[family.field]
        assert.isDefined(id, "the insert assigns an id")
        const at = { ...parent, [family.id]: id }
        const read = (): Effect.Effect<Json | undefined, { readonly _tag: string }> =>
          family.get === undefined
            ? Effect.map(op(family.list, parent), (r) =>
                list(r, family.many).find((i) => i[family.field] === id)
              )
            : Effect.map(op(family.get, at), (r) => one(r, family.one))
        const ids = () =>
          Effect.map(op(family.list, parent), (r) => list(r, family.many).map((i) => i[family.field]))

        assert.strictEqual((yield* read())?.[family.field], id)
        assert.include(yield* ids(), id)

        const updated = one(yield* op(family.update, { ...at, body: family.change }), family.one)
        for (const [key, value] of Object.entries(family.change)) {
          assert.deepStrictEqual(updated[key], value, key)
          assert.deepStrictEqual((yield* read())?.[key], value, key)
        }

        yield* op(family.remove, at)
        if (family.softDelete === true) {
          assert.strictEqual((yield* read())?.active, false)
          return
        }
        assert.notInclude(yield* ids(), id)
        if (family.get !== undefined) assert.strictEqual(yield* failureTag(op(family.get, at)), "BadRequest")
        assert.strictEqual(yield* failureTag(op(family.remove, at)), "BadRequest")
      })
    )
  )
})

describe("singletons through the client: put, then get shows it", () => {
  it.live("default timezone, virtual agent budget and capabilities, the caller's agent profile", () =>
    withOps((op) =>
      Effect.gen(function* () {
        yield* op("updatePbxDefaultTimezone", { body: { default_timezone: "Europe/London" } })
        assert.strictEqual((yield* op("getPbxDefaultTimezone"))?.default_timezone, "Europe/London")

        yield* op("updateVirtualAgentBudget", { body: { budget_daily: 25, budget_monthly: 500 } })
        assert.deepInclude(one(yield* op("getVirtualAgentBudget"), "budget"), {
          budget_daily: 25,
          budget_monthly: 500
        })

        yield* op("updateVirtualAgentCapabilities", {
          body: { zoho_desk_available: true, zoho_desk_departments: [] }
        })
        assert.strictEqual(
          one(yield* op("getVirtualAgentCapabilities"), "capabilities").zoho_desk_available,
          true
        )
        // The voicemail capabilities carry the same Zoho Desk facts.
        assert.strictEqual((yield* op("getPbxVoicemailCapabilities"))?.zoho_desk_available, true)

        yield* op("updateAgentProfile", { body: { display_name: "Avery Q.", chat_limit: 4 } })
        const mine = one(yield* op("getAgentProfile"), "agent_profile")
        assert.deepInclude(mine, { user_id: 1001, display_name: "Avery Q.", chat_limit: 4 })
        const listed = list(yield* op("getAgentProfiles"), "agent_profiles").find((p) => p.user_id === 1001)
        assert.strictEqual(listed?.display_name, "Avery Q.")
      })
    )
  )
})

describe("operations with their own semantics, through the client", () => {
  it.live(
    "purchase an offered number; protect it, and its delete is refused; an unprotected one is deleted",
    () =>
      withOps((op) =>
        Effect.gen(function* () {
          const offers = list(
            yield* op("searchPbxAvailablePhoneNumbers", { country: "US" }),
            "available_phone_numbers"
          )
          const [first, second] = offers.map((o) => String(o.phone_number))
          if (first === undefined || second === undefined) return assert.fail("fewer than two offers")
          const bought = one(
            yield* op("purchasePbxPhoneNumber", { body: { phone_number: first, action: "queue" } }),
            "phone_number"
          )
          assert.deepInclude(bought, { phone_number: first, action: "queue", deletion_protected: false })
          const numbers = () =>
            Effect.map(op("getPbxPhoneNumbers"), (r) => list(r, "phone_numbers").map((n) => n.phone_number))
          assert.include(yield* numbers(), first)
          const stillOffered = list(
            yield* op("searchPbxAvailablePhoneNumbers", { country: "US" }),
            "available_phone_numbers"
          )
          assert.notInclude(
            stillOffered.map((o) => o.phone_number),
            first
          )
          assert.strictEqual(
            yield* failureTag(op("purchasePbxPhoneNumber", { body: { phone_number: first } })),
            "BadRequest"
          )

          const uuid = bought.conversation_pbx_phone_number_uuid
          yield* op("protectPbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid })
          assert.strictEqual(
            one(yield* op("getPbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid }), "phone_number")
              .deletion_protected,
            true
          )
          assert.strictEqual(
            yield* failureTag(op("deletePbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid })),
            "BadRequest"
          )
          assert.include(yield* numbers(), first)

          const other = one(
            yield* op("purchasePbxPhoneNumber", { body: { phone_number: second } }),
            "phone_number"
          )
          yield* op("deletePbxPhoneNumber", {
            conversationPbxPhoneNumberUuid: other.conversation_pbx_phone_number_uuid
          })
          assert.notInclude(yield* numbers(), second)
        })
      )
  )

  it.live("the agent status reports agree: history, rollups, summary, timeline, heatmap", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const day = { date_start: "2026-01-11", date_end: "2026-01-11" }
        const events = list(
          yield* op("searchAgentStatusHistory", { _limit: 200, body: { ...day, agent_user_id: "1001" } }),
          "events"
        )
        assert.isAbove(events.length, 0)
        for (const e of events) assert.strictEqual(e.agent_user_id, "1001")
        const rollups = list(
          yield* op("searchAgentStatusRollups", { body: { ...day, agent_user_id: "1001" } }),
          "rollups"
        )
        assert.strictEqual(rollups.length, 2) // one per channel
        const spent = (channel: unknown) =>
          events
            .filter((e) => e.channel === channel && e.previous_routing_effect !== "unavailable")
            .reduce((s, e) => s + Number(e.duration_in_previous_seconds), 0)
        for (const r of rollups) assert.strictEqual(r.available_seconds, spent(r.channel))

        const summary = yield* op("getAgentStatusSummary", day)
        assert.strictEqual(summary?.total_agents, 4)
        const avery = list(summary, "agents").find((a) => a.agent_user_id === "1001")
        assert.strictEqual(
          avery?.available_seconds,
          rollups.reduce((s, r) => s + Number(r.available_seconds), 0)
        )

        const timeline = yield* op("getAgentStatusTimeline", { agent_user_id: "1001", date: "2026-01-11" })
        const calls = list(timeline, "call_events")
        assert.strictEqual(list(timeline, "status_events").length, events.length)
        assert.strictEqual(
          one(timeline, "summary").calls_taken,
          calls.filter((c) => c.disposition === "answered").length
        )
        assert.strictEqual(avery?.calls_taken, calls.filter((c) => c.disposition === "answered").length)

        const heatmap = yield* op("getAgentStatusHeatmap", {
          body: { ...day, metric: "call_volume", channel: "pbx" }
        })
        assert.strictEqual(list(heatmap, "agents").length, 4)
        const cells = (heatmap?.data ?? []) as Array<[number, number, number]>
        const averyRow = ((heatmap?.agents ?? []) as Array<string>).indexOf("Avery Quinn")
        const averyCalls = cells.filter(([row]) => row === averyRow).reduce((s, [, , v]) => s + v, 0)
        assert.strictEqual(averyCalls, calls.length)
      })
    )
  )

  it.live("searchPbxCalls filters stored calls; updatePbxCall stores notes and finalizes them", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const calls = list(yield* op("searchPbxCalls", { body: {} }), "calls")
        const call = calls[0]
        if (call === undefined) return assert.fail("no calls")
        const named = list(
          yield* op("searchPbxCalls", { body: { customer_name: String(call.customer_name) } }),
          "calls"
        )
        assert.include(
          named.map((c) => c.call_uuid),
          call.call_uuid
        )
        assert.deepStrictEqual(
          list(yield* op("searchPbxCalls", { body: { search_term: "nothing mentions this" } }), "calls"),
          []
        )
        yield* op("updatePbxCall", {
          callUuid: call.call_uuid,
          body: { notes: "Refund issued", finalize: true }
        })
        const stored = one(yield* op("getPbxCall", { callUuid: call.call_uuid }), "call")
        assert.strictEqual(stored.notes, "Refund issued")
        assert.isString(stored.notes_finalized_dts)
      })
    )
  )

  it.live("searchConversationCannedMessages finds by short_code", () =>
    withOps((op) =>
      Effect.gen(function* () {
        yield* op("insertConversationCannedMessage", {
          body: { short_code: "ship-eta", canned_message: "It ships tomorrow." }
        })
        const found = list(
          yield* op("searchConversationCannedMessages", { body: { short_code: "SHIP" } }),
          "conversation_canned_messages"
        )
        assert.deepStrictEqual(
          found.map((m) => m.canned_message),
          ["It ships tomorrow."]
        )
      })
    )
  )

  it.live("a hardware phone's SIP password changes on regenerate and is shown only then", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const phone = list(yield* op("getPbxHardwarePhones"), "hardware_phones")[0]
        const at = { conversationPbxHardwarePhoneUuid: phone?.conversation_pbx_hardware_phone_uuid }
        assert.isUndefined(one(yield* op("getPbxHardwarePhone", at), "hardware_phone").sip_password)
        const first = one(
          yield* op("regeneratePasswordForPbxHardwarePhone", { ...at, body: {} }),
          "hardware_phone"
        )
        const second = one(
          yield* op("regeneratePasswordForPbxHardwarePhone", { ...at, body: {} }),
          "hardware_phone"
        )
        assert.isString(first.sip_password)
        assert.notStrictEqual(second.sip_password, first.sip_password)
      })
    )
  )

  it.live("listened marks agent and queue voicemails; deleting one removes it", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const agentSid = list(yield* op("getPbxAgentVoicemails"), "voicemail_message_summaries")[0]
          ?.recording_sid
        const mine = { recording_sid: agentSid }
        assert.strictEqual(one(yield* op("getPbxAgentVoicemail", mine), "voicemail_message").listened, false)
        yield* op("listenedPbxAgentVoicemail", mine)
        assert.strictEqual(one(yield* op("getPbxAgentVoicemail", mine), "voicemail_message").listened, true)

        const queue = list(yield* op("getPbxQueues"), "queues")[0]?.conversation_pbx_queue_uuid
        const queueSid = list(
          yield* op("getPbxQueueVoicemails", { queue_uuid: queue }),
          "voicemail_message_summaries"
        )[0]?.recording_sid
        const theirs = { queue_uuid: queue, recording_sid: queueSid }
        yield* op("listenedPbxQueueVoicemail", theirs)
        assert.strictEqual(one(yield* op("getPbxQueueVoicemail", theirs), "voicemail_message").listened, true)
        yield* op("deletePbxQueueVoicemail", theirs)
        assert.strictEqual(yield* failureTag(op("getPbxQueueVoicemail", theirs)), "BadRequest")
        yield* op("resetConversationPbxQueueStatistics", { queue_uuid: queue })
        assert.strictEqual(
          yield* failureTag(op("resetConversationPbxQueueStatistics", { queue_uuid: "no-such-queue" })),
          "BadRequest"
        )
      })
    )
  )

  it.live("getPbxAudioUsage follows the queues that reference the audio", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const audio = list(yield* op("getPbxAudios"), "audios")[0]?.conversation_pbx_audio_uuid
        const queue = list(yield* op("getPbxQueues"), "queues")[0]?.conversation_pbx_queue_uuid
        const users = () =>
          Effect.map(op("getPbxAudioUsage", { conversationPbxAudioUuid: audio }), (r) =>
            list(r, "queues").map((q) => q.conversation_pbx_queue_uuid)
          )
        assert.include(yield* users(), queue)
        yield* op("updatePbxQueue", {
          conversationPbxQueueUuid: queue,
          body: { hold_conversation_pbx_audio_uuid: "" }
        })
        assert.notInclude(yield* users(), queue)
      })
    )
  )

  it.live("upload URLs accept the upload; a knowledge base document records and deletes it", () =>
    withOps((op, mock) =>
      Effect.gen(function* () {
        const audioUrl = one(
          yield* op("getConversationPbxAudioUploadUrl", { extension: "wav" }),
          "conversation_pbx_audio_upload_url"
        )
        const status = yield* Effect.promise(() =>
          fetch(String(audioUrl.url), { method: "PUT", body: "RIFF" }).then((r) => r.status)
        )
        assert.strictEqual(status, 200)
        assert.isDefined(mock.upload(String(audioUrl.key)))

        const kbUrl = one(
          yield* op("getConversationKnowledgeBaseDocumentUploadUrl", { user_id: 1001, extension: "pdf" }),
          "conversation_knowledge_base_document_upload_url"
        )
        const inserted = yield* op("insertAgentProfileKnowledgeBaseDocument", {
          user_id: 1001,
          body: { original_file_name: "returns.pdf", presigned_url: kbUrl.url }
        })
        assert.strictEqual(inserted?.s3_key, kbUrl.key)
        const documents = () =>
          Effect.map(op("getAgentProfileKnowledgeBase", { user_id: 1001 }), (r) => list(r, "documents"))
        const doc = (yield* documents()).find((d) => d.document_uuid === inserted?.document_uuid)
        assert.strictEqual(doc?.document_id, "returns.pdf")
        const removed = yield* op("deleteAgentProfileKnowledgeBaseDocument", {
          user_id: 1001,
          document_uuid: inserted?.document_uuid
        })
        assert.strictEqual(removed?.document_id, "returns.pdf")
        assert.isUndefined((yield* documents()).find((d) => d.document_uuid === inserted?.document_uuid))
        assert.strictEqual(
          yield* failureTag(
            op("getConversationKnowledgeBaseDocumentUploadUrl", { user_id: 9999, extension: "pdf" })
          ),
          "BadRequest"
        )
      })
    )
  )

  it.live("derived views: department members, MCP tools, manufacturers, locations", () =>
    withOps((op) =>
      Effect.gen(function* () {
        yield* op("insertConversationDepartment", {
          body: { department_name: "Tier 2", members: [{ user_id: 1004, member: true }] }
        })
        const members = list(
          yield* op("getConversationDepartmentMemberList"),
          "conversation_department_members"
        )
        assert.deepInclude(
          members.find((m) => m.user_id === 1004),
          { member: true, name: "Devon Park" }
        )

        const mcp = one(
          yield* op("insertAgentProfileMcp", {
            user_id: 1002,
            body: { url: "https://tools.example.com/mcp" }
          }),
          "mcp_server"
        )
        const tools = yield* op("getAgentProfileMcpTools", {
          user_id: 1002,
          mcp_server_uuid: mcp.mcp_server_uuid
        })
        assert.isArray((JSON.parse(String(tools?.tools_json)) as { tools: unknown }).tools)

        const manufacturers = list(yield* op("getPbxHardwarePhoneManufacturers"), "manufacturers")
        assert.include(
          manufacturers.map((m) => m.name),
          "Yealink"
        )
        const countries = list(yield* op("getLocationsForEngagement"), "countries")
        assert.include(
          countries.map((c) => c.iso2),
          "US"
        )
      })
    )
  )
})

describe("PBX agents, agent voicemail deletion, phone numbers and the CoS audit log, through the client", () => {
  it.live("updatePbxAgent merges the change; getPbxAgent and getPbxAgents show it, the rest untouched", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const agents = list(yield* op("getPbxAgents"), "agents")
        // The seed's four agents, the PBX side of the agent profiles (user 1001 is Avery Quinn).
        assert.deepStrictEqual(
          agents.map((a) => [a.user_id, a.full_name, a.login, a.extension]),
          [
            [1001, "Avery Quinn", "avery", 101],
            [1002, "Blake Rivera", "blake", 102],
            [1003, "Casey Morgan", "casey", 103],
            [1004, "Devon Park", "devon", 104]
          ]
        )
        const blake = agents[1] ?? {}
        const at = { conversationPbxAgentUuid: blake.conversation_pbx_agent_uuid }
        assert.deepStrictEqual(one(yield* op("getPbxAgent", at), "agent"), blake)

        const cos = list(yield* op("getPbxClassesOfService"), "classes_of_services")[2]
          ?.conversation_pbx_class_of_service_uuid
        const change = {
          cos_uuid: cos,
          call_routing_preference: "softphone",
          unavailable_say: "Blake is away; leave a message."
        }
        const updated = one(yield* op("updatePbxAgent", { ...at, body: change }), "agent")
        assert.deepInclude(updated, change)
        const read = one(yield* op("getPbxAgent", at), "agent")
        assert.deepStrictEqual(read, { ...blake, ...change })
        const listed = list(yield* op("getPbxAgents"), "agents")
        assert.deepStrictEqual(
          listed.find((a) => a.conversation_pbx_agent_uuid === blake.conversation_pbx_agent_uuid),
          read
        )
        // Only that agent changed.
        assert.deepStrictEqual(
          listed.filter((a) => a !== listed[1]),
          agents.filter((a) => a !== blake)
        )
        const nobody = { conversationPbxAgentUuid: "no-such-agent" }
        assert.strictEqual(yield* failureTag(op("getPbxAgent", nobody)), "BadRequest")
        assert.strictEqual(yield* failureTag(op("updatePbxAgent", { ...nobody, body: change })), "BadRequest")
      })
    )
  )

  it.live("deletePbxAgentVoicemail removes the message: get answers BadRequest, the list drops it", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const sids = () =>
          Effect.map(op("getPbxAgentVoicemails"), (r) =>
            list(r, "voicemail_message_summaries").map((v) => v.recording_sid)
          )
        const before = yield* sids()
        const [gone, kept] = before
        if (gone === undefined || kept === undefined) return assert.fail("fewer than two voicemails")
        assert.strictEqual(
          one(yield* op("getPbxAgentVoicemail", { recording_sid: gone }), "voicemail_message").recording_sid,
          gone
        )
        assert.isUndefined(yield* op("deletePbxAgentVoicemail", { recording_sid: gone }))
        assert.strictEqual(
          yield* failureTag(op("getPbxAgentVoicemail", { recording_sid: gone })),
          "BadRequest"
        )
        assert.deepStrictEqual(
          yield* sids(),
          before.filter((sid) => sid !== gone)
        )
        assert.strictEqual(
          one(yield* op("getPbxAgentVoicemail", { recording_sid: kept }), "voicemail_message").recording_sid,
          kept
        )
        assert.strictEqual(
          yield* failureTag(op("deletePbxAgentVoicemail", { recording_sid: gone })),
          "BadRequest"
        )
      })
    )
  )

  it.live("updatePbxPhoneNumber re-routes a number; getPbxPhoneNumber and the list show it", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const numbers = list(yield* op("getPbxPhoneNumbers"), "phone_numbers")
        const number = numbers[0] ?? {}
        const at = { conversationPbxPhoneNumberUuid: number.conversation_pbx_phone_number_uuid }
        const menu = list(yield* op("getPbxMenus"), "menus")[0]?.conversation_pbx_menu_uuid
        const change = { action: "menu", action_target: menu }
        assert.deepInclude(
          one(yield* op("updatePbxPhoneNumber", { ...at, body: change }), "phone_number"),
          change
        )
        const read = one(yield* op("getPbxPhoneNumber", at), "phone_number")
        assert.deepStrictEqual(read, { ...number, ...change })
        assert.deepStrictEqual(
          list(yield* op("getPbxPhoneNumbers"), "phone_numbers").find(
            (n) => n.conversation_pbx_phone_number_uuid === number.conversation_pbx_phone_number_uuid
          ),
          read
        )
        assert.strictEqual(
          yield* failureTag(
            op("updatePbxPhoneNumber", { conversationPbxPhoneNumberUuid: "no-such-number", body: change })
          ),
          "BadRequest"
        )
      })
    )
  )

  it.live("getPbxCosAuditLogs filters by action, agent_login, since and limit; CoS edits add no entry", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const logs = (args: Json = {}) =>
          Effect.map(op("getPbxCosAuditLogs", args), (r) => list(r, "audit_logs"))
        const all = yield* logs()
        assert.strictEqual(all.length, 3) // the seed: three enforcement events
        const [first, second] = all
        if (first === undefined || second === undefined) return assert.fail("too few audit log entries")
        const uuids = (entries: ReadonlyArray<Json>) => entries.map((e) => e.audit_log_uuid)
        assert.deepStrictEqual(
          uuids(yield* logs({ action: String(first.action) })),
          uuids(all.filter((e) => e.action === first.action))
        )
        assert.deepStrictEqual(
          uuids(yield* logs({ agent_login: String(second.agent_login) })),
          uuids(all.filter((e) => e.agent_login === second.agent_login))
        )
        const since = String(second.timestamp)
        assert.deepStrictEqual(
          uuids(yield* logs({ since })),
          uuids(all.filter((e) => String(e.timestamp) >= since))
        )
        assert.deepStrictEqual(uuids(yield* logs({ limit: 1 })), uuids([first]))
        assert.deepStrictEqual(yield* logs({ action: "override_timeout", agent_login: "nobody" }), [])

        // The log is of class-of-service *enforcement* (blocked calls, overrides), and the mock records
        // none from configuration: editing or adding a class of service leaves it as it was.
        const cos = list(yield* op("getPbxClassesOfService"), "classes_of_services")[0]
        yield* op("updatePbxClassOfService", {
          classOfServiceUuid: cos?.conversation_pbx_class_of_service_uuid,
          body: { outbound_enabled: false }
        })
        yield* op("insertPbxClassOfService", { body: { name: "International", outbound_enabled: true } })
        assert.deepStrictEqual(yield* logs(), all)
      })
    )
  )

  it.live("getConversationPermissions answers the caller's permissions, the same each time", () =>
    withOps((op) =>
      Effect.gen(function* () {
        // The mock derives this from the schema alone (a seeded fake `ConversationPermissions`; no
        // permission model behind it): the schema promises `edit_settings`, a boolean.
        const first = one(yield* op("getConversationPermissions"), "permissions")
        assert.deepStrictEqual(Object.keys(first), ["edit_settings"])
        assert.isBoolean(first.edit_settings)
        assert.deepStrictEqual(one(yield* op("getConversationPermissions"), "permissions"), first)
      })
    )
  )

  it.live("getConversationPbxCustomerSnapshot finds the Zoho Desk tickets of the calls from a number", () =>
    withOps((op) =>
      Effect.gen(function* () {
        const call = list(yield* op("searchPbxCalls", { body: {} }), "calls")[0] ?? {}
        const caller = String((call.caller as Json | undefined)?.phone_number)
        const snapshot = (body: Json) => op("getConversationPbxCustomerSnapshot", { body })
        // Orders, auto orders and customers are placeholder schemas upstream: the mock keeps none.
        const empty = { auto_orders: [], customers: [], orders: [] }
        // Formatting and the +1 country code do not matter ("+14155552971" ~ "(415) 555-2971").
        const national = caller.replace(/^\+1/, "").replace(/^(\d{3})(\d{3})(\d+)$/, "($1) $2-$3")
        const found = yield* snapshot({ phone_number: national })
        assert.deepInclude(found, empty)
        assert.deepStrictEqual(list(found, "zoho_desk_tickets"), [
          {
            channel: "Phone",
            created_time: call.created_at_dts,
            id: call.zoho_desk_ticket_id,
            web_url: call.zoho_desk_ticket_url
          }
        ])
        assert.deepStrictEqual(
          list(
            yield* snapshot({ phone_number: caller, search_zoho_desk_tickets: false }),
            "zoho_desk_tickets"
          ),
          []
        )
        const stranger = yield* snapshot({ phone_number: "+15555550000" })
        assert.deepInclude(stranger, { ...empty, zoho_desk_tickets: [] })
      })
    )
  )

  it.live("getConversationItemVariations answers the placeholder ItemResponse", () =>
    withOps((op, mock) =>
      Effect.gen(function* () {
        // `ItemResponse` is a placeholder schema upstream (`x-extract-placeholder`, any object), so the
        // mock answers `{}` and the client decodes exactly that; nothing more can be asserted about it.
        const item = "SKU/with space"
        assert.deepStrictEqual(yield* op("getConversationItemVariations", { merchant_item_id: item }), {})
        const seen = mock.requests().filter((r) => r.operationId === "getConversationItemVariations")
        assert.deepStrictEqual(
          seen.map((r) => [r.status, r.pathParams.merchant_item_id]),
          [[200, item]]
        )
      })
    )
  )
})
