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
