import { isObject, type Json } from "@uc-conversation/spec"
import { type HandlerContext, type HandlerResult, handlers } from "../operations.ts"
import type { Prng } from "../prng.ts"
import { iso, MERCHANT_ID, SEED_BASE_EPOCH } from "../seed.ts"
import type { EngineState } from "./engine.ts"
import { fakeObject, fakePhoneNumber } from "./fakeData.ts"
import { badRequest, isResult } from "./results.ts"
import type { Item } from "./schema.ts"
import type { Collection, OperationShape } from "./shapes.ts"

/**
 * The operations whose semantics go beyond CRUD, keyed by operationId, each as its description in
 * the spec states it. Everything else is the engine's generic list/insert/get/update/delete.
 */
export type Action = (shape: OperationShape, ctx: HandlerContext, state: EngineState) => HandlerResult

const str = (u: unknown): string | undefined => (typeof u === "string" && u !== "" ? u : undefined)
const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)
const bool = (u: unknown): boolean | undefined => (typeof u === "boolean" ? u : undefined)
const bodyOf = (ctx: HandlerContext): Item => (isObject(ctx.body as Json) ? (ctx.body as Item) : {})
const day = (dts: string): string => dts.slice(0, 10)
const round2 = (n: number): number => Math.round(n * 100) / 100

/** Whether an ISO timestamp lies in [start, end]; a bare `YYYY-MM-DD` bound covers that whole day. */
const inRange = (dts: string, start: string | undefined, end: string | undefined): boolean => {
  if (start !== undefined && (start.length === 10 ? day(dts) < start : dts < start)) return false
  if (end !== undefined && (end.length === 10 ? day(dts) > end : dts > end)) return false
  return true
}

/** The first item of a collection whose field equals a value, or undefined. */
const whereIs = (list: ReadonlyArray<Item>, field: string, value: unknown): Item | undefined =>
  list.find((i) => String(i[field]) === String(value))

// ---------------------------------------------------------------- agent status reports

interface Agent {
  readonly user_id: number
  readonly name: string
}

/** The seeded agents: the agent profiles collection (user ids 1001…, as the conversation seed). */
const agentsOf = (state: EngineState): Array<Agent> =>
  state
    .items(state.collectionOf("getAgentProfiles"))
    .filter((p) => bool(p.ai) !== true)
    .map((p) => ({ user_id: num(p.user_id) ?? 0, name: str(p.name) ?? "" }))

/** The three days up to the seed's base epoch (2026-01-10…12): the days the reports cover. */
const REPORT_DAYS = [2, 1, 0].map((d) => iso(SEED_BASE_EPOCH - d * 86_400_000).slice(0, 10))
const EFFECTS = ["available", "busy", "unavailable"] as const
const STATUS_NAMES: Record<string, Record<(typeof EFFECTS)[number], string>> = {
  pbx: { available: "Available", busy: "On a call", unavailable: "Offline" },
  chat: { available: "available", busy: "busy", unavailable: "unavailable" }
}

interface Activity {
  readonly events: Array<Item>
  readonly calls: Array<Item & { agent_user_id?: string }>
  readonly chats: Array<Item & { agent_user_id?: string }>
}

/**
 * Status transitions, calls and chats per agent, day and channel: the data every status report is
 * computed from. Each day an agent goes available at 09:00, changes status a few times and goes
 * offline; `duration_in_previous_seconds` is the time since the previous transition.
 */
const activityOf = (state: EngineState): Activity =>
  state.memo("agentActivity", (prng) => {
    const schemaOf = (operationId: string, key: string) => {
      const member = state.shapeOf(operationId).response.payload.find((m) => m.key === key)
      if (member?.items === undefined) throw new Error(`mock-server: ${operationId} has no ${key} list`)
      return member.items
    }
    const eventSchema = schemaOf("searchAgentStatusHistory", "events")
    const callSchema = schemaOf("getAgentStatusTimeline", "call_events")
    const chatSchema = schemaOf("getAgentStatusTimeline", "chat_events")
    const events: Array<Item> = []
    const calls: Array<Item> = []
    const chats: Array<Item> = []
    for (const agent of agentsOf(state)) {
      for (const date of REPORT_DAYS) {
        for (const channel of ["pbx", "chat"] as const) {
          let at = Date.parse(`${date}T09:00:00Z`) + prng.int(0, 30) * 60_000
          let previous: (typeof EFFECTS)[number] = "unavailable"
          const path: Array<(typeof EFFECTS)[number]> = [
            "available",
            prng.pick(["busy", "unavailable"]),
            "available",
            "unavailable"
          ]
          let last = at
          for (const effect of path) {
            const event = fakeObject(state.shapes.document, prng, eventSchema)
            Object.assign(event, {
              agent_identifier: channel === "pbx" ? `client:agent${agent.user_id}` : `agent-${agent.user_id}`,
              agent_name: agent.name,
              agent_type: "human",
              agent_user_id: String(agent.user_id),
              channel,
              event_dts: iso(at),
              duration_in_previous_seconds: Math.round((at - last) / 1000),
              new_routing_effect: effect,
              new_status: STATUS_NAMES[channel]![effect],
              previous_routing_effect: previous,
              previous_status: STATUS_NAMES[channel]![previous],
              trigger: prng.pick(["manual", "system"])
            })
            delete event.custom_status_name
            delete event.custom_status_uuid
            events.push(event)
            last = at
            previous = effect
            at += prng.int(40, 150) * 60_000
          }
          const count = prng.int(1, 3)
          for (let i = 0; i < count; i++) {
            const start = Date.parse(`${date}T10:00:00Z`) + prng.int(0, 6 * 60) * 60_000
            const seconds = prng.int(60, 900)
            const record = fakeObject(
              state.shapes.document,
              prng,
              channel === "pbx" ? callSchema : chatSchema
            )
            Object.assign(record, { start_dts: iso(start), end_dts: iso(start + seconds * 1000) })
            if (channel === "pbx") {
              Object.assign(record, {
                duration_seconds: seconds,
                disposition: prng.pick(["answered", "answered", "missed"])
              })
              calls.push(Object.assign(record, { agent_user_id: String(agent.user_id) }))
            } else chats.push(Object.assign(record, { agent_user_id: String(agent.user_id) }))
          }
        }
      }
    }
    return { events, calls, chats }
  })

/** A call or chat event without the agent id the mock files it under (the schemas have none). */
const bare = (record: Item): Item => {
  const { agent_user_id: _, ...rest } = record
  return rest
}
const seconds = (record: Item): number =>
  Math.max(0, Math.round((Date.parse(String(record.end_dts)) - Date.parse(String(record.start_dts))) / 1000))

interface Totals {
  available: number
  unavailable: number
  total: number
  breakdown: Record<string, number>
}
/** Time in each status: every transition closes `duration_in_previous_seconds` of its previous status. */
const totalsOf = (events: ReadonlyArray<Item>): Totals => {
  const totals: Totals = { available: 0, unavailable: 0, total: 0, breakdown: {} }
  for (const event of events) {
    const spent = num(event.duration_in_previous_seconds) ?? 0
    if (spent === 0) continue
    const effect = String(event.previous_routing_effect)
    if (effect === "unavailable") totals.unavailable += spent
    else totals.available += spent // UltraCart counts Busy as Available
    totals.total += spent
    const name = String(event.previous_status)
    totals.breakdown[name] = (totals.breakdown[name] ?? 0) + spent
  }
  return totals
}

interface ReportFilter {
  readonly agent?: string | undefined
  readonly channel?: string | undefined
  readonly start?: string | undefined
  readonly end?: string | undefined
}
const filterActivity = (activity: Activity, f: ReportFilter) => {
  const keep = (agent: unknown, channel: string | undefined, dts: unknown): boolean =>
    (f.agent === undefined || String(agent) === f.agent) &&
    (f.channel === undefined || channel === undefined || channel === f.channel) &&
    inRange(String(dts), f.start, f.end)
  return {
    events: activity.events.filter((e) => keep(e.agent_user_id, String(e.channel), e.event_dts)),
    calls: activity.calls.filter((c) => keep(c.agent_user_id, "pbx", c.start_dts)),
    chats: activity.chats.filter((c) => keep(c.agent_user_id, "chat", c.start_dts))
  }
}

const rollupsOf = (state: EngineState, f: ReportFilter): Array<Item> => {
  const { events, calls, chats } = filterActivity(activityOf(state), f)
  const names = new Map(agentsOf(state).map((a) => [String(a.user_id), a.name]))
  const groups = new Map<string, Array<Item>>()
  for (const e of events) {
    const key = `${e.agent_user_id}|${day(String(e.event_dts))}|${e.channel}`
    groups.set(key, [...(groups.get(key) ?? []), e])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => {
      const [agent = "", date = "", channel = ""] = key.split("|")
      const totals = totalsOf(group)
      const onDay = (r: Item) => r.agent_user_id === agent && day(String(r.start_dts)) === date
      return {
        agent_name: names.get(agent) ?? "",
        agent_user_id: agent,
        availability_pct: {},
        available_seconds: totals.available,
        calls_taken:
          channel === "pbx" ? calls.filter((c) => onDay(c) && c.disposition === "answered").length : 0,
        channel,
        chats_handled: channel === "chat" ? chats.filter(onDay).length : 0,
        rollup_date: date,
        status_breakdown: totals.breakdown,
        total_tracked_seconds: totals.total,
        unavailable_seconds: totals.unavailable
      }
    })
}

// ---------------------------------------------------------------- helpers for uploads

/** A presigned upload URL from the same mechanism getConversationMultimediaUploadUrl uses. */
const presigned = (shape: OperationShape, ctx: HandlerContext, state: EngineState): HandlerResult => {
  const issued = handlers.getConversationMultimediaUploadUrl?.(ctx)
  const body = issued?.body
  const url = isObject(body as Json) ? (body as Item).conversation_multimedia_upload_url : undefined
  const key = shape.response.payload[0]?.key
  if (!isObject(url) || key === undefined) return state.generic(shape, ctx)
  return state.respond(shape, { values: { [key]: url } })
}

// ---------------------------------------------------------------- the actions

export const actions: Readonly<Record<string, Action>> = {
  // The caller's own profile is the agent profile of the authenticated user.
  getAgentProfile: (shape, ctx, state) => {
    const me = ctx.store.me()
    const item = whereIs(state.items(state.collectionOf("getAgentProfiles")), "user_id", me.user_id)
    return item === undefined ? state.generic(shape, ctx) : state.respond(shape, { item })
  },
  updateAgentProfile: (shape, ctx, state) => {
    const me = ctx.store.me()
    const profiles = state.collectionOf("getAgentProfiles")
    const item = whereIs(state.items(profiles), "user_id", me.user_id)
    if (item === undefined) return state.generic(shape, ctx)
    const { user_id: _, ...changes } = bodyOf(ctx)
    state.assign(profiles, item, changes)
    return state.respond(shape, { item })
  },

  // Possible department members: every agent profile; `member` when a department lists them.
  getConversationDepartmentMemberList: (shape, _ctx, state) => {
    const departments = state.items(state.collectionOf("getConversationDepartments"))
    const listed = new Set(
      departments
        .flatMap((d) => (Array.isArray(d.members) ? d.members : []))
        .flatMap((m) => (isObject(m) ? [String(m.user_id)] : []))
    )
    const list = state.items(state.collectionOf("getAgentProfiles")).map((p) => ({
      ai: bool(p.ai) ?? false,
      member: listed.has(String(p.user_id)),
      name: str(p.name) ?? "",
      user_id: num(p.user_id) ?? 0
    }))
    return state.respond(shape, {
      list,
      page: { count: list.length, limit: list.length, offset: 0, total: list.length }
    })
  },

  searchAgentStatusHistory: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const { events } = filterActivity(activityOf(state), {
      agent: str(b.agent_user_id),
      channel: str(b.channel),
      start: str(b.date_start),
      end: str(b.date_end)
    })
    const all = events.filter(
      (e) =>
        (str(b.status) === undefined || e.new_status === b.status) &&
        (str(b.trigger) === undefined || e.trigger === b.trigger)
    )
    const { limit, offset } = state.page(shape, ctx.params, all.length)
    const list = all.slice(offset, offset + limit)
    return state.respond(shape, {
      list,
      values: { total: all.length },
      page: { count: list.length, limit, offset, total: all.length }
    })
  },

  getAgentStatusTimeline: (shape, ctx, state) => {
    const agent = String(ctx.params.agent_user_id)
    const activity = activityOf(state)
    const latest = activity.events
      .filter((e) => e.agent_user_id === agent)
      .map((e) => day(String(e.event_dts)))
      .sort()
      .pop()
    const date = str(ctx.params.date) ?? latest ?? REPORT_DAYS[REPORT_DAYS.length - 1]!
    const channel = str(ctx.params.channel)
    const { events, calls, chats } = filterActivity(activity, { agent, channel, start: date, end: date })
    const totals = totalsOf(events)
    const handled = [...calls.filter((c) => c.disposition === "answered"), ...chats]
    const summary = {
      available_seconds: totals.available,
      avg_handle_time_seconds:
        handled.length === 0 ? 0 : Math.round(handled.reduce((s, r) => s + seconds(r), 0) / handled.length),
      calls_missed: calls.filter((c) => c.disposition === "missed").length,
      calls_taken: calls.filter((c) => c.disposition === "answered").length,
      chats_handled: chats.length
    }
    return state.respond(shape, {
      values: { call_events: calls.map(bare), chat_events: chats.map(bare), status_events: events, summary }
    })
  },

  searchAgentStatusRollups: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const list = rollupsOf(state, {
      agent: str(b.agent_user_id),
      channel: str(b.channel),
      start: str(b.date_start),
      end: str(b.date_end)
    })
    return state.respond(shape, {
      list,
      page: { count: list.length, limit: list.length, offset: 0, total: list.length }
    })
  },

  getAgentStatusSummary: (shape, ctx, state) => {
    const rollups = rollupsOf(state, { start: str(ctx.params.date_start), end: str(ctx.params.date_end) })
    const byAgent = new Map<string, Item>()
    const breakdown: Record<string, number> = {}
    for (const r of rollups) {
      const agent = String(r.agent_user_id)
      const sum = byAgent.get(agent) ?? {
        agent_name: r.agent_name ?? "",
        agent_user_id: agent,
        availability_pct: {},
        available_seconds: 0,
        calls_taken: 0,
        chats_handled: 0,
        total_tracked_seconds: 0
      }
      for (const k of ["available_seconds", "calls_taken", "chats_handled", "total_tracked_seconds"] as const)
        sum[k] = (num(sum[k]) ?? 0) + (num(r[k]) ?? 0)
      byAgent.set(agent, sum)
      for (const [status, s] of Object.entries(isObject(r.status_breakdown) ? r.status_breakdown : {}))
        breakdown[status] = (breakdown[status] ?? 0) + (num(s) ?? 0)
    }
    const agents = [...byAgent.values()]
    return state.respond(shape, {
      list: agents,
      values: { avg_available_pct: {}, status_breakdown: breakdown, total_agents: agents.length }
    })
  },

  // ECharts-shaped agent × hour grid; multi-day ranges average each cell over the days.
  getAgentStatusHeatmap: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const metric = str(b.metric) ?? "availability"
    const { events, calls, chats } = filterActivity(activityOf(state), {
      channel: str(b.channel),
      start: str(b.date_start),
      end: str(b.date_end)
    })
    const agents = agentsOf(state).filter((a) => events.some((e) => e.agent_user_id === String(a.user_id)))
    const days = new Set(events.map((e) => day(String(e.event_dts)))).size || 1
    const cells = new Map<string, number>()
    const add = (agent: unknown, dts: unknown, value: number): void => {
      const row = agents.findIndex((a) => String(a.user_id) === String(agent))
      if (row < 0) return
      const key = `${row}|${new Date(String(dts)).getUTCHours()}`
      cells.set(key, (cells.get(key) ?? 0) + value)
    }
    if (metric === "call_volume") for (const c of calls) add(c.agent_user_id, c.start_dts, 1)
    else if (metric === "chat_volume") for (const c of chats) add(c.agent_user_id, c.start_dts, 1)
    else
      for (const e of events)
        if (e.previous_routing_effect !== "unavailable")
          add(e.agent_user_id, e.event_dts, (num(e.duration_in_previous_seconds) ?? 0) / 3600)
    const data = [...cells.entries()]
      .filter(([, v]) => v > 0)
      .map(([key, v]) => {
        const [row, hour] = key.split("|").map(Number)
        return [row!, hour!, round2(v / days)]
      })
      .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)
    return state.respond(shape, {
      values: { agents: agents.map((a) => a.name), data, hours: Array.from({ length: 24 }, (_, h) => h) }
    })
  },

  // Filters the stored call records (the ones getPbxCall/updatePbxCall address).
  searchPbxCalls: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const lower = (u: unknown) => String(u ?? "").toLowerCase()
    const obj = (u: Json | undefined): Item => (isObject(u) ? u : {})
    const list = (u: Json | undefined): Array<Item> => (Array.isArray(u) ? u.filter(isObject) : [])
    const duration = (c: Item) => num(obj(c.timeline).total_duration_seconds) ?? 0
    const strings = (b.agent_ids ?? []) as Array<string>
    const queues = (b.queue_uuids ?? []) as Array<string>
    const statuses = (b.statuses ?? []) as Array<string>
    const term = lower(str(b.search_term))
    const all = state.items(state.collectionOf("getPbxCall")).filter((c) => {
      const routing = obj(c.routing)
      const checks = [
        strings.length === 0 ||
          list(c.agents).some(
            (a) => strings.includes(String(a.agent_id)) || strings.includes(String(a.agent_user_id))
          ),
        queues.length === 0 || queues.includes(String(obj(routing.queue).queue_uuid)),
        statuses.length === 0 || statuses.includes(String(c.status)),
        str(b.customer_name) === undefined || lower(c.customer_name).includes(lower(b.customer_name)),
        str(b.direction) === undefined || lower(routing.direction) === lower(b.direction),
        str(b.disposition) === undefined || lower(c.disposition) === lower(b.disposition),
        str(b.phone_number) === undefined ||
          String(obj(c.caller).phone_number ?? "").includes(String(b.phone_number)),
        bool(b.has_recording) === undefined || list(c.recordings).length > 0 === b.has_recording,
        bool(b.has_transcript) === undefined ||
          list(c.recordings).some((r) => isObject(r.transcript)) === b.has_transcript,
        bool(b.has_ai_engagement) === undefined ||
          list(c.ai_agent_engagements).length > 0 === b.has_ai_engagement,
        num(b.min_duration_seconds) === undefined || duration(c) >= num(b.min_duration_seconds)!,
        num(b.max_duration_seconds) === undefined || duration(c) <= num(b.max_duration_seconds)!,
        inRange(String(c.created_at_dts ?? ""), str(b.start_date), str(b.end_date)),
        term === "" || JSON.stringify(c).toLowerCase().includes(term),
        str(b.transcript_search) === undefined ||
          JSON.stringify(list(c.recordings).map((r) => r.transcript ?? null))
            .toLowerCase()
            .includes(lower(b.transcript_search))
      ]
      return checks.every(Boolean)
    })
    const sort = str(ctx.params._sort) ?? "-created_at_dts"
    const field = sort.replace(/^[-+]/, "")
    const direction = sort.startsWith("-") ? -1 : 1
    all.sort((x, y) => direction * String(x[field] ?? "").localeCompare(String(y[field] ?? "")))
    const { limit, offset } = state.page(shape, ctx.params, all.length)
    const page = all.slice(offset, offset + limit)
    return state.respond(shape, {
      list: page,
      page: { count: page.length, limit, offset, total: all.length }
    })
  },

  // "Search for canned messages by short_code".
  searchConversationCannedMessages: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const code = (str(b.short_code) ?? "").toLowerCase()
    const all = state.items(state.collectionOf("getConversationCannedMessages")).filter((m) =>
      String(m.short_code ?? "")
        .toLowerCase()
        .includes(code)
    )
    const max = num(b.max_results)
    const list = max === undefined || max < 1 ? all : all.slice(0, max)
    return state.respond(shape, {
      list,
      page: { count: list.length, limit: list.length, offset: 0, total: all.length }
    })
  },

  searchPbxAvailablePhoneNumbers: (shape, ctx, state) => {
    const p = ctx.params
    const digits = (u: unknown) => String(u ?? "").replace(/\D/g, "")
    const all = state
      .items(state.collectionOf("searchPbxAvailablePhoneNumbers"))
      .filter(
        (n) =>
          (str(p.country) === undefined ||
            String(n.country).toUpperCase() === String(p.country).toUpperCase()) &&
          (str(p.area_code) === undefined ||
            digits(n.phone_number).replace(/^1/, "").startsWith(digits(p.area_code))) &&
          (digits(p.contains) === "" || digits(n.phone_number).includes(digits(p.contains))) &&
          (bool(p.sms_enabled) === undefined || n.sms === p.sms_enabled) &&
          (bool(p.voice_enabled) === undefined || n.voice === p.voice_enabled)
      )
    const limit = Math.min(100, Math.max(1, num(p.limit) ?? 20))
    const list = all.slice(0, limit)
    return state.respond(shape, { list, page: { count: list.length, limit, offset: 0, total: all.length } })
  },

  // "The phone_number must be from the available phone number search results."
  purchasePbxPhoneNumber: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const available = state.items(state.collectionOf("searchPbxAvailablePhoneNumbers"))
    const offer = whereIs(available, "phone_number", b.phone_number)
    if (offer === undefined)
      return badRequest(
        `Phone number ${JSON.stringify(String(b.phone_number ?? ""))} is not available for purchase.`,
        String(b.phone_number ?? "")
      )
    available.splice(available.indexOf(offer), 1)
    const numbers = state.collectionOf("getPbxPhoneNumbers")
    const item: Item = {}
    state.assign(numbers, item, b)
    Object.assign(item, {
      [numbers.idField ?? "conversation_pbx_phone_number_uuid"]: state.newId(numbers),
      default_phone_number: false,
      deletion_protected: false,
      merchant_id: MERCHANT_ID,
      phone_number: String(offer.phone_number)
    })
    state.items(numbers).push(item)
    return state.respond(shape, { item, reveal: true })
  },

  // "Protect a pbx phoneNumber from deletion. This is a one-way operation."
  protectPbxPhoneNumber: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getPbxPhoneNumber"), ctx.params)
    if (isResult(found)) return found
    found.item.deletion_protected = true
    return state.respond(shape, { item: found.item })
  },
  // "Only works if deletion_protected is false."
  deletePbxPhoneNumber: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getPbxPhoneNumber"), ctx.params)
    if (isResult(found)) return found
    if (found.item.deletion_protected === true)
      return badRequest(
        `Phone number ${JSON.stringify(String(found.item.phone_number))} is protected from deletion.`,
        String(ctx.params.conversationPbxPhoneNumberUuid ?? found.item.phone_number)
      )
    return state.generic(shape, ctx)
  },

  // A new SIP password, shown once (the schema: "only on create or regenerate password requests").
  regeneratePasswordForPbxHardwarePhone: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getPbxHardwarePhone"), ctx.params)
    if (isResult(found)) return found
    found.item.sip_password = `${state.prng.uuid().replace(/-/g, "").slice(0, 20)}`
    return state.respond(shape, { item: found.item, reveal: true })
  },

  listenedPbxAgentVoicemail: (shape, ctx, state) => listened(shape, ctx, state),
  listenedPbxQueueVoicemail: (shape, ctx, state) => listened(shape, ctx, state),

  // Where an audio is used: the menus, queues and voicemail mailboxes that reference its uuid.
  getPbxAudioUsage: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getPbxAudio"), ctx.params)
    if (isResult(found)) return found
    const uuid = String(found.item.conversation_pbx_audio_uuid ?? "")
    const using = (operationId: string) =>
      state
        .items(state.collectionOf(operationId))
        .filter((i) => uuid !== "" && Object.values(i).some((v) => v === uuid))
    return state.respond(shape, {
      values: {
        menus: using("getPbxMenus"),
        queues: using("getPbxQueues"),
        voicemail_mailboxes: using("getPbxVoicemailMailboxes")
      }
    })
  },

  getConversationPbxAudioUploadUrl: presigned,
  getConversationKnowledgeBaseDocumentUploadUrl: (shape, ctx, state) => {
    const profile = state.parentOf(state.collectionOf("getAgentProfileKnowledgeBase"), ctx.params)
    return typeof profile !== "string" ? profile : presigned(shape, ctx, state)
  },

  // A document from an uploaded file: named after it, stored where the presigned URL put it.
  insertAgentProfileKnowledgeBaseDocument: (shape, ctx, state) => {
    const documents = state.collectionOf("getAgentProfileKnowledgeBase")
    const parent = state.parentOf(documents, ctx.params)
    if (typeof parent !== "string") return parent
    const b = bodyOf(ctx)
    const url = str(b.presigned_url) ?? ""
    const s3Key = decodeURIComponent(url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0] ?? "").replace(
      /^\/(__uploads\/)?/,
      ""
    )
    const name = str(b.original_file_name) ?? s3Key
    const item: Item = {
      chunk_count: 0,
      document_id: name,
      document_uuid: state.newId(documents, parent),
      s3_key: s3Key,
      s3_url: url.split("?")[0] ?? ""
    }
    state.items(documents, parent).push(item)
    return state.respond(shape, { item, values: { vector_keys: [] } })
  },

  // The same Zoho Desk facts the virtual agent capabilities carry.
  getPbxVoicemailCapabilities: (shape, ctx, state) => {
    const capabilities = state.generic(state.shapeOf("getVirtualAgentCapabilities"), ctx).body
    const c = isObject(capabilities as Json) ? (capabilities as Item).capabilities : undefined
    return isObject(c) ? state.respond(shape, { item: c }) : state.generic(shape, ctx)
  },

  // The tools an MCP server offers, as its tools/list JSON.
  getAgentProfileMcpTools: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getAgentProfileMcp"), ctx.params, shape.itemParam)
    if (isResult(found)) return found
    const host =
      String(found.item.url ?? "")
        .replace(/^[a-z]+:\/\//i, "")
        .split("/")[0] || "mcp"
    const tools = [
      {
        name: "search",
        description: `Search ${host}`,
        inputSchema: { type: "object", properties: { query: { type: "string" } } }
      },
      {
        name: "fetch",
        description: `Fetch a document from ${host}`,
        inputSchema: { type: "object", properties: { id: { type: "string" } } }
      }
    ]
    return state.respond(shape, { values: { tools_json: JSON.stringify({ tools }) } })
  },

  // "All the orders, auto orders, and customer profile for a given phone number": the mock keeps no
  // orders or customers (their schemas are placeholders upstream), so those lists are empty; the
  // Zoho Desk tickets are the ones linked to stored calls from that number.
  getConversationPbxCustomerSnapshot: (shape, ctx, state) => {
    const b = bodyOf(ctx)
    const digits = (u: unknown) =>
      String(u ?? "")
        .replace(/\D/g, "")
        .replace(/^1(?=\d{10}$)/, "")
    const wanted = digits(b.phone_number)
    const calls = state
      .items(state.collectionOf("getPbxCall"))
      .filter((c) => wanted !== "" && isObject(c.caller) && digits(c.caller.phone_number) === wanted)
    const tickets =
      b.search_zoho_desk_tickets === false
        ? []
        : calls
            .filter((c) => str(c.zoho_desk_ticket_id) !== undefined)
            .map((c) => ({
              channel: "Phone",
              created_time: String(c.created_at_dts ?? ""),
              id: String(c.zoho_desk_ticket_id),
              ...(str(c.zoho_desk_ticket_url) === undefined
                ? {}
                : { web_url: String(c.zoho_desk_ticket_url) })
            }))
    return state.respond(shape, {
      values: { auto_orders: [], customers: [], orders: [], zoho_desk_tickets: tickets }
    })
  },

  // "Update the agent-authored fields (notes, finalize)": finalize stamps notes_finalized_dts.
  updatePbxCall: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("getPbxCall"), ctx.params)
    if (isResult(found)) return found
    const b = bodyOf(ctx)
    state.assign(state.collectionOf("getPbxCall"), found.item, b)
    found.item.updated_at_dts = state.now(ctx)
    if (b.finalize === true) found.item.notes_finalized_dts = found.item.updated_at_dts
    return state.respond(shape, { item: found.item })
  },

  // "DELETE soft-deactivates by setting this to false."
  deleteAgentStatusConfig: (shape, ctx, state) => {
    const found = state.find(state.collectionOf("updateAgentStatusConfig"), ctx.params)
    if (isResult(found)) return found
    found.item.active = false
    found.item.updated_at = state.now(ctx)
    return state.respond(shape, { item: found.item })
  },

  getPbxCosAuditLogs: (shape, ctx, state) => {
    const since = str(ctx.params.since)
    const all = state
      .items(state.collectionOf("getPbxCosAuditLogs"))
      .filter(
        (e) =>
          (since === undefined || String(e.timestamp ?? "") >= since) &&
          (str(ctx.params.agent_login) === undefined || e.agent_login === ctx.params.agent_login) &&
          (str(ctx.params.action) === undefined || e.action === ctx.params.action)
      )
    const limit = Math.max(1, num(ctx.params.limit) ?? 100)
    const list = all.slice(0, limit)
    return state.respond(shape, { list, page: { count: list.length, limit, offset: 0, total: all.length } })
  }
}

function listened(shape: OperationShape, ctx: HandlerContext, state: EngineState): HandlerResult {
  const collection = shape.collection
  if (collection === undefined) return state.generic(shape, ctx)
  const found = state.find(collection, ctx.params, shape.itemParam)
  if (isResult(found)) return found
  found.item.listened = true
  return state.respond(shape, { item: found.item })
}

// ---------------------------------------------------------------- seed adjustments

const COUNTRIES: ReadonlyArray<Item> = [
  {
    iso2: "US",
    name: "United States",
    state_provinces: [
      { abbreviation: "OH", name: "Ohio" },
      { abbreviation: "CA", name: "California" }
    ]
  },
  {
    iso2: "CA",
    name: "Canada",
    state_provinces: [
      { abbreviation: "ON", name: "Ontario" },
      { abbreviation: "QC", name: "Quebec" }
    ]
  },
  { iso2: "GB", name: "United Kingdom", state_provinces: [] }
]
const MANUFACTURERS: ReadonlyArray<Item> = [
  {
    manufacturer_id: "yealink",
    name: "Yealink",
    models: [
      { model_id: "T54W", name: "T54W" },
      { model_id: "T46U", name: "T46U" }
    ]
  },
  { manufacturer_id: "polycom", name: "Poly", models: [{ model_id: "VVX450", name: "VVX 450" }] },
  { manufacturer_id: "grandstream", name: "Grandstream", models: [{ model_id: "GRP2614", name: "GRP2614" }] }
]
const AGENT_NAMES = ["Avery Quinn", "Blake Rivera", "Casey Morgan", "Devon Park"]

/** Adjusts freshly seeded items where the schema alone cannot make them coherent. */
const seedHooks: Readonly<Record<string, (list: Array<Item>, state: EngineState, prng: Prng) => void>> = {
  // The conversation seed's four agents (user 1001 is the caller), all human.
  getAgentProfiles: (list, state, prng) => {
    while (list.length < AGENT_NAMES.length)
      list.push(fakeObject(state.shapes.document, prng, state.collectionOf("getAgentProfiles").item))
    list.forEach((p, i) => {
      Object.assign(p, { user_id: 1001 + i, name: AGENT_NAMES[i], ai: false })
    })
  },
  // The PBX side of the same four agents.
  getPbxAgents: (list, state, prng) => {
    while (list.length < AGENT_NAMES.length)
      list.push(fakeObject(state.shapes.document, prng, state.collectionOf("getPbxAgents").item))
    list.forEach((agent, i) => {
      const name = AGENT_NAMES[i] ?? ""
      Object.assign(agent, {
        ai: false,
        extension: 101 + i,
        full_name: name,
        login: name.split(" ")[0]?.toLowerCase() ?? "",
        user_id: 1001 + i
      })
    })
  },
  getLocationsForEngagement: (list) => {
    list.splice(0, list.length, ...COUNTRIES.map((c) => structuredClone(c)))
  },
  getPbxHardwarePhoneManufacturers: (list) => {
    list.splice(0, list.length, ...MANUFACTURERS.map((m) => structuredClone(m)))
  },
  // A handful of numbers to buy, with mixed capabilities.
  searchPbxAvailablePhoneNumbers: (list, state, prng) => {
    const schema = state.collectionOf("searchPbxAvailablePhoneNumbers").item
    while (list.length < 8) list.push(fakeObject(state.shapes.document, prng, schema))
    list.forEach((n, i) => {
      const phone = fakePhoneNumber(prng)
      Object.assign(n, {
        country: i < 6 ? "US" : "CA",
        friendly_name: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`,
        phone_number: phone,
        sms: i % 2 === 0,
        voice: i % 3 !== 2
      })
    })
  },
  // Seeded numbers start unprotected, so delete works on them as documented.
  getPbxPhoneNumbers: (list) => {
    for (const n of list) n.deletion_protected = false
  },
  // The first queue holds with the first audio, so getPbxAudioUsage has something to find.
  getPbxQueues: (list, state) => {
    const audio = state.items(state.collectionOf("getPbxAudios"))[0]
    if (audio !== undefined && list[0] !== undefined)
      list[0].hold_conversation_pbx_audio_uuid = audio.conversation_pbx_audio_uuid ?? ""
  },
  getPbxAgentVoicemails: (list) => {
    for (const v of list) v.listened = false
  },
  getPbxQueueVoicemails: (list) => {
    for (const v of list) v.listened = false
  },
  getAgentStatusConfigs: (list) => {
    for (const c of list) c.active = true
  }
}

/** Runs the seed hook of the collection just seeded, if any. */
export const afterSeed = (
  collection: Collection,
  list: Array<Item>,
  state: EngineState,
  prng: Prng
): void => {
  for (const [operationId, hook] of Object.entries(seedHooks)) {
    if (state.shapes.operations.get(operationId)?.collection === collection) {
      hook(list, state, prng)
      return
    }
  }
}
