/**
 * The chat operations of the current spec, over a real socket with raw fetch: each call's answer,
 * its conformance to the spec's response schema, and the state it leaves behind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { rawCall } from "../../../test/rawCall.ts"
import { type MockServer, startMockServer } from "../../index.ts"
import { loadSpec } from "../spec.ts"

const spec = loadSpec()

let mock: MockServer

beforeAll(async () => {
  mock = await startMockServer({ port: 0, rateLimit: "off" })
})
afterEach(() => mock.reset())
afterAll(() => mock.close())

type Json = Record<string, unknown>

const call = (method: string, path: string, body?: unknown) => rawCall<Json>(mock, method, path, body)

/** Calls and checks the body against `schema` (the operation's success schema, or ErrorResponse). */
const conforming = async (schema: string, method: string, path: string, body?: unknown) => {
  const result = await call(method, path, body)
  expect(spec.validateComponent(schema, result.json), `${method} ${path}`).toBeUndefined()
  return result
}

const AVERY = "arn:aws:chime:us-east-1:000000000000:app-instance/uc-mock/user/agent-avery-quinn"
const enc = encodeURIComponent
const conversationPath = (uuid: string) => `/conversation/conversations/${enc(uuid)}`

const list = async (query = ""): Promise<Array<Json>> =>
  (await call("GET", `/conversation/conversations?_limit=200${query}`)).json.conversations as Array<Json>
const conversation = async (uuid: string): Promise<Json> =>
  (await call("GET", conversationPath(uuid))).json.conversation as Json
const participant = (c: Json, arn: string): Json | undefined =>
  (c.participants as Array<Json>).find((p) => p.conversation_participant_arn === arn)
const search = async (request: Json) =>
  (await conforming("ConversationSearchResponse", "POST", "/conversation/conversations/search", request)).json
const uuids = (records: unknown): Array<string> =>
  (records as Array<Json>).map((r) => r.conversation_uuid as string)

const expectBadRequest = (result: { status: number; json: Json; headers: Headers }, pattern: RegExp) => {
  expect(result.status).toBe(400)
  expect(spec.validateComponent("ErrorResponse", result.json)).toBeUndefined()
  expect((result.json.error as Json).developer_message).toMatch(pattern)
  expect(result.headers.get("uc-rest-error")).toMatch(pattern)
}

describe("the spec serves the chat operations", () => {
  it("declares every chat operation the mock implements", () => {
    const ids = new Set(spec.operations.map((o) => o.operationId))
    for (const id of [
      "markReadConversation",
      "getConversationsSearch",
      "getConversationsAutocomplete",
      "getConversationContext",
      "smsUnsubscribeConversation"
    ])
      expect(ids.has(id), id).toBe(true)
  })
})

describe("markReadConversation", () => {
  it("clears the agent's unread count, as getConversation and getConversations then show", async () => {
    const uuid = (await list("&medium=websocket"))[0]!.conversation_uuid as string
    expect((await call("PUT", `${conversationPath(uuid)}/join`)).status).toBe(204)
    mock.addMessage(uuid, { body: "Are you still there?" })
    mock.addMessage(uuid, { body: "Hello?" })

    const before = await conversation(uuid)
    expect(before.unread_messages).toBe(true)
    expect(participant(before, AVERY)?.unread_messages).toBe(2)
    const summary = (await list()).find((c) => c.conversation_uuid === uuid)!
    expect(summary.unread_messages).toBe(true)
    expect(participant(summary, AVERY)?.unread_messages).toBe(2)

    const marked = await call("PUT", `${conversationPath(uuid)}/markread`)
    expect(marked.status).toBe(204)
    expect(marked.text).toBe("")

    const after = await conversation(uuid)
    expect(after.unread_messages).toBe(false)
    expect(participant(after, AVERY)?.unread_messages).toBe(0)
    const listed = (await list()).find((c) => c.conversation_uuid === uuid)!
    expect(listed.unread_messages).toBe(false)
    expect(participant(listed, AVERY)?.unread_messages).toBe(0)
    // Reading is all it does: the messages and the other participants are as they were.
    expect(after.messages).toEqual(before.messages)
    const others = (c: Json) =>
      (c.participants as Array<Json>).filter((p) => p.conversation_participant_arn !== AVERY)
    expect(others(after)).toEqual(others(before))

    // A new customer message makes it unread again; the agent's own messages do not.
    mock.addMessage(uuid, { body: "One more thing" })
    expect(participant(await conversation(uuid), AVERY)?.unread_messages).toBe(1)
    await call("PUT", `${conversationPath(uuid)}/markread`)
    mock.addMessage(uuid, { body: "Sure!", author_conversation_participant_arn: AVERY })
    expect((await conversation(uuid)).unread_messages).toBe(false)
  })

  it("clears a seeded unread conversation the agent is not in, and is idempotent", async () => {
    const unread = (await list()).find((c) => c.unread_messages === true)!
    const uuid = unread.conversation_uuid as string
    expect((await call("PUT", `${conversationPath(uuid)}/markread`)).status).toBe(204)
    expect((await call("PUT", `${conversationPath(uuid)}/markread`)).status).toBe(204)
    expect((await conversation(uuid)).unread_messages).toBe(false)
  })

  it("answers 400 for an unknown conversation, naming it, and changes nothing", async () => {
    const before = await list()
    const result = await call("PUT", `${conversationPath("no such/uuid")}/markread`)
    expectBadRequest(result, /not found/)
    expect((result.json.error as Json).object_id).toBe("no such/uuid")
    expect(await list()).toEqual(before)
  })
})

describe("getConversationsSearch", () => {
  it("answers every conversation newest first, with the range it served and the total", async () => {
    const all = await search({})
    expect(all.total).toBe(25)
    expect(all.range_begin).toBe(0)
    expect(all.range_end).toBe(25)
    expect(uuids(all.records)).toEqual(uuids(await list()))
    expect((all.records as Array<Json>)[0]).not.toHaveProperty("messages")
  })

  it("finds by text in messages and participants: every word, any case, any accent", async () => {
    const added = mock.addConversation({
      participants: [
        {
          conversation_participant_arn: "arn:test:customer:zoe",
          conversation_participant_name: "Zoë Quasimodo",
          email: "zoe@example.org",
          language_iso_code: "en"
        }
      ]
    })
    mock.addMessage(added.conversation_uuid, { body: "My Xylophone arrived with a cracked bar" })
    expect(uuids((await search({ text_search: "xylophone" })).records)).toEqual([added.conversation_uuid])
    expect(uuids((await search({ text_search: "CRACKED xylophone" })).records)).toEqual([
      added.conversation_uuid
    ])
    expect(uuids((await search({ text_search: "xylophone refund" })).records)).toEqual([])
    expect(uuids((await search({ text_search: "zoe quasimodo" })).records)).toEqual([added.conversation_uuid])
    expect(uuids((await search({ text_search: "zoe@example.org" })).records)).toEqual([
      added.conversation_uuid
    ])

    // Seeded text: every hit has the words somewhere, and it narrows the whole set.
    const canada = await search({ text_search: "Canada" })
    expect(canada.total).toBeGreaterThan(0)
    expect(canada.total).toBeLessThan(26)
    for (const uuid of uuids(canada.records)) {
      const c = await conversation(uuid)
      expect(JSON.stringify(c.messages)).toMatch(/canada/i)
    }
  })

  it("each filter narrows to exactly the conversations it names", async () => {
    const all = await list()
    const everything = new Set(uuids(all))
    const narrowsTo = async (request: Json, expected: ReadonlyArray<string>) => {
      const found = await search(request)
      expect(new Set(uuids(found.records)), JSON.stringify(request)).toEqual(new Set(expected))
      expect(found.total).toBe(expected.length)
      for (const uuid of expected) expect(everything.has(uuid) || uuid.startsWith("search-")).toBe(true)
      return found
    }

    await narrowsTo({ medium_filter: "sms" }, uuids(all.filter((c) => c.medium === "sms")))
    expect(uuids(all.filter((c) => c.medium === "sms")).length).toBeLessThan(all.length)

    const hidden = mock.addConversation({ conversation_uuid: "search-hidden", visible: false })
    await narrowsTo({ visible_filter: false }, [hidden.conversation_uuid])
    expect((await search({ visible_filter: true })).total).toBe(25)

    const spanish = mock.addConversation({
      conversation_uuid: "search-es",
      participants: [
        {
          conversation_participant_arn: "arn:test:customer:lucia",
          language_iso_code: "es",
          email: "Lucia@Example.com"
        }
      ]
    })
    await narrowsTo({ language_filter: "ES" }, [spanish.conversation_uuid])
    await narrowsTo({ email_filter: "lucia@example.com" }, [spanish.conversation_uuid])

    const seededSms = all.find((c) => c.medium === "sms")!
    const phone = participant(
      seededSms,
      (seededSms.participants as Array<Json>)[0]!.conversation_participant_arn as string
    )?.sms_phone_number as string
    const withPhone = all.filter((c) =>
      (c.participants as Array<Json>).some((p) => p.sms_phone_number === phone)
    )
    // Any formatting of the number finds it (digits compared, +1 optional).
    const formatted = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`
    await narrowsTo({ sms_phone_number_filter: formatted }, uuids(withPhone))

    // Dates: conversations active in the range (started before its end, last message after its start).
    const sorted = [...all].sort((a, b) => String(a.start_dts).localeCompare(String(b.start_dts)))
    const middle = sorted[12]!
    const inRange = all.filter(
      (c) =>
        String(c.start_dts) <= String(middle.start_dts) &&
        String(c.last_message_dts) >= String(middle.start_dts)
    )
    await narrowsTo({ date_start: middle.start_dts, date_end: middle.start_dts }, uuids(inRange))
    expect(inRange.length).toBeLessThan(all.length)
    const before = all.filter((c) => String(c.start_dts) <= String(middle.start_dts))
    await narrowsTo(
      { date_end: middle.start_dts, medium_filter: "websocket" },
      uuids(before.filter((c) => c.medium === "websocket"))
    )

    // Filters combine.
    await narrowsTo({ medium_filter: "sms", language_filter: "es" }, [])
  })

  it("orders oldest first on request and pages with range_begin / range_end", async () => {
    const newest = uuids((await search({})).records)
    expect(uuids((await search({ order_by_oldest: true })).records)).toEqual([...newest].reverse())
    expect(uuids((await search({ order_by_newest: true })).records)).toEqual(newest)

    const page = await search({ range_begin: 5, range_end: 10 })
    expect(page).toMatchObject({ range_begin: 5, range_end: 10, total: 25 })
    expect(uuids(page.records)).toEqual(newest.slice(5, 10))
    const tail = await search({ range_begin: 20, range_end: 40 })
    expect(tail).toMatchObject({ range_begin: 20, range_end: 25, total: 25 })
    expect(uuids(tail.records)).toEqual(newest.slice(20))
    const past = await search({ range_begin: 30 })
    expect(past).toMatchObject({ range_begin: 30, range_end: 30, records: [], total: 25 })

    const walked: Array<string> = []
    for (let begin = 0; ; ) {
      const next = await search({ range_begin: begin, range_end: begin + 7 })
      walked.push(...uuids(next.records))
      begin = next.range_end as number
      if (begin >= (next.total as number)) break
    }
    expect(walked).toEqual(newest)
  })

  it("answers every schema-valid request, clamping ranges; a body that breaks the schema is a 400", async () => {
    const newest = uuids((await search({})).records)
    expect(await search({ range_begin: 5, range_end: 2 })).toMatchObject({
      range_begin: 5,
      range_end: 5,
      records: [],
      total: 25
    })
    const negative = await search({ range_begin: -3, range_end: 2 })
    expect(negative).toMatchObject({ range_begin: 0, range_end: 2, total: 25 })
    expect(uuids(negative.records)).toEqual(newest.slice(0, 2))
    // At most 200 records per answer (as getConversations' _limit).
    for (let i = 0; i < 200; i++) mock.addConversation({ conversation_uuid: `bulk-${i}` })
    const capped = await search({ range_begin: 0, range_end: 1000 })
    expect(capped).toMatchObject({ range_begin: 0, range_end: 200, total: 225 })
    expect((capped.records as Array<Json>).length).toBe(200)
    mock.reset()
    // An unreadable date is no bound; an inverted range holds nothing.
    expect((await search({ date_start: "yesterday-ish" })).total).toBe(25)
    expect(
      (await search({ date_start: "2026-01-12T00:00:00Z", date_end: "2026-01-11T00:00:00Z" })).total
    ).toBe(0)
    expectBadRequest(
      await call("POST", "/conversation/conversations/search", { visible_filter: "yes" }),
      /visible_filter/
    )
  })
})

describe("getConversationsAutocomplete", () => {
  const autocomplete = async (request: Json) =>
    (
      await conforming(
        "ConversationAutocompleteResponse",
        "POST",
        "/conversation/conversations/autocomplete",
        request
      )
    ).json

  it("suggests stored values containing the term, prefix matches first, with who has them", async () => {
    const emails = await autocomplete({ field: "email_filter", term: "pr" })
    expect(emails).toMatchObject({ success: true, field: "email_filter", term: "pr" })
    const results = emails.results as Array<Json>
    expect(results.length).toBeGreaterThan(0)
    for (const r of results) expect(String(r.value).toLowerCase()).toContain("pr")
    expect(String(results[0]!.value).toLowerCase().startsWith("pr")).toBe(true)
    expect(results[0]!.description).toMatch(/· \d+ conversations?$/)
    expect(((emails.metadata as Json).result_set as Json).count).toBe(results.length)

    const media = await autocomplete({ field: "medium", term: "" })
    expect((media.results as Array<Json>).map((r) => r.value).sort()).toEqual(["sms", "websocket"])
    const names = await autocomplete({ field: "name", term: "garcia" })
    expect((names.results as Array<Json>).map((r) => r.value)).toEqual(
      expect.arrayContaining([expect.stringMatching(/García/)])
    )
  })

  it("follows the stored conversations: a new customer is suggested at once", async () => {
    expect((await autocomplete({ field: "email", term: "quill" })).results).toEqual([])
    mock.addConversation({
      participants: [
        {
          conversation_participant_arn: "arn:test:customer:q",
          conversation_participant_name: "Q. Quill",
          email: "quill@example.net"
        }
      ]
    })
    expect((await autocomplete({ field: "email", term: "quill" })).results).toEqual([
      { value: "quill@example.net", description: "Q. Quill · 1 conversation" }
    ])
    const sms = await autocomplete({ field: "sms_phone_number", term: "+1555" })
    expect((sms.results as Array<Json>).length).toBeGreaterThan(0)
    for (const r of sms.results as Array<Json>) expect(r.value).toMatch(/^\+1555\d{7}$/)
  })

  it("has no suggestions for a field it does not know, and a warning that names the fields it knows", async () => {
    for (const request of [{ field: "shoe_size", term: "9" }, { term: "x" }]) {
      const answer = await autocomplete(request)
      expect(answer.success).toBe(true)
      expect(answer.results).toEqual([])
      expect(answer.warning).toMatchObject({
        warning_code: "unknown_autocomplete_field",
        warning_message: expect.stringMatching(/Unknown autocomplete field .*email, sms_phone_number/)
      })
    }
    expect(await autocomplete({ field: "email", term: "zzzz-nothing" })).not.toHaveProperty("warning")
  })
})

describe("getConversationContext", () => {
  const context = (uuid: string) =>
    conforming("ConversationWebchatContext", "PUT", `${conversationPath(uuid)}/context`)

  it("answers the seeded context of a webchat conversation: its page and session start", async () => {
    const webchat = (await list("&medium=websocket")).slice(0, 5)
    const seen = new Set<string>()
    for (const c of webchat) {
      const { status, json } = await context(c.conversation_uuid as string)
      expect(status).toBe(200)
      expect(json.current_url).toMatch(/^https:\/\/shop\.demo-outfitters\.invalid\//)
      expect(Date.parse(json.session_start_dts as string)).toBeLessThan(Date.parse(c.start_dts as string))
      // The placeholder schemas (Cart, Order, HitPageView, …) are never made up.
      for (const field of ["cart", "orders", "auto_orders", "page_view", "session_start", "session_utm"])
        expect(json).not.toHaveProperty(field)
      seen.add(JSON.stringify(json))
    }
    expect(seen.size).toBe(webchat.length)
    // Deterministic: another server with the same seed serves the same context.
    const uuid = webchat[0]!.conversation_uuid as string
    const other = await startMockServer({ port: 0, rateLimit: "off" })
    try {
      const again = await fetch(`${other.baseUrl}${conversationPath(uuid)}/context`, {
        method: "PUT",
        headers: { "x-ultracart-simple-key": other.simpleKey, "X-UltraCart-Api-Version": "2017-03-01" }
      })
      expect(await again.json()).toEqual((await context(uuid)).json)
    } finally {
      await other.close()
    }
  })

  it("serves a context a test set, exactly and only there; sms conversations have an empty one", async () => {
    const webchatContext = {
      current_url: "https://shop.example/checkout",
      cart: { cart_id: "test-cart", items: [{ item_id: "SKU-1", quantity: 2 }] },
      page_view: [{ url: "https://shop.example/" }, { url: "https://shop.example/checkout" }]
    }
    const added = mock.addConversation({
      conversation_uuid: "ctx/with context",
      webchat_context: webchatContext
    })
    expect((await context(added.conversation_uuid)).json).toEqual(webchatContext)
    expect(added).not.toHaveProperty("webchat_context")
    expect(await conversation(added.conversation_uuid)).not.toHaveProperty("webchat_context")

    const plain = mock.addConversation({})
    expect((await context(plain.conversation_uuid)).json).toEqual({})
    const sms = (await list("&medium=sms"))[0]!
    expect((await context(sms.conversation_uuid as string)).json).toEqual({})

    mock.reset()
    expectBadRequest(await call("PUT", `${conversationPath(added.conversation_uuid)}/context`), /not found/)
  })

  it("takes a context through the HTTP control too (POST /__mock/conversations with webchat_context)", async () => {
    const webchatContext = { current_url: "https://shop.example/cart", session_utm: { utm_source: "test" } }
    const created = await fetch(`${mock.url}/__mock/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversation_uuid: "ctx-http", webchat_context: webchatContext })
    })
    expect(created.status).toBe(201)
    expect(((await created.json()) as Json).conversation).not.toHaveProperty("webchat_context")
    expect((await context("ctx-http")).json).toEqual(webchatContext)
  })

  it("answers 400 for an unknown conversation", async () => {
    const result = await call("PUT", `${conversationPath("missing")}/context`)
    expectBadRequest(result, /not found/)
    expect((result.json.error as Json).object_id).toBe("missing")
  })
})

describe("smsUnsubscribeConversation", () => {
  it("marks the sms customers unsubscribed, in every sms conversation with that number", async () => {
    const sms = await list("&medium=sms")
    const target = sms[0]!
    const uuid = target.conversation_uuid as string
    const customer = (target.participants as Array<Json>).find((p) => typeof p.sms_phone_number === "string")!
    const phone = customer.sms_phone_number as string
    // A second conversation with the same number (say the customer wrote again).
    const again = mock.addConversation({
      medium: "sms",
      participants: [
        { conversation_participant_arn: "arn:test:again", sms_phone_number: phone, status: "joined" }
      ]
    })
    const before = await conversation(uuid)
    const result = await call("PUT", `${conversationPath(uuid)}/sms_unsubscribe`)
    expect(result.status).toBe(204)
    expect(result.text).toBe("")

    const after = await conversation(uuid)
    expect(participant(after, customer.conversation_participant_arn as string)?.status).toBe("unsubscribed")
    expect(participant(await conversation(again.conversation_uuid), "arn:test:again")?.status).toBe(
      "unsubscribed"
    )
    // Agents stay as they were, and so does everything else of the conversation.
    for (const p of after.participants as Array<Json>)
      if (p.conversation_participant_arn !== customer.conversation_participant_arn)
        expect(p).toEqual(participant(before, p.conversation_participant_arn as string))
    expect(after.messages).toEqual(before.messages)
    expect(after.closed).toBe(before.closed)
    // Other numbers are untouched.
    const otherSms = sms.find((c) =>
      (c.participants as Array<Json>).every(
        (p) => p.sms_phone_number === undefined || p.sms_phone_number !== phone
      )
    )!
    expect(
      (await conversation(otherSms.conversation_uuid as string)).participants as Array<Json>
    ).not.toContainEqual(expect.objectContaining({ status: "unsubscribed" }))

    // Idempotent, and reset restores the seed.
    expect((await call("PUT", `${conversationPath(uuid)}/sms_unsubscribe`)).status).toBe(204)
    mock.reset()
    expect(
      participant(await conversation(uuid), customer.conversation_participant_arn as string)?.status
    ).toBe("joined")
  })

  it("answers 400 for a webchat conversation and for an unknown one, changing nothing", async () => {
    const webchat = (await list("&medium=websocket"))[0]!
    const uuid = webchat.conversation_uuid as string
    const before = await conversation(uuid)
    const result = await call("PUT", `${conversationPath(uuid)}/sms_unsubscribe`)
    expectBadRequest(result, /is a websocket conversation; only sms conversations have SMS participants/)
    expect((result.json.error as Json).object_id).toBe(uuid)
    expect(await conversation(uuid)).toEqual(before)
    expectBadRequest(await call("PUT", `${conversationPath("missing")}/sms_unsubscribe`), /not found/)
  })
})

describe("the 2022 operations with the current spec's fields", () => {
  it("startConversation with resolve_only answers the open conversation it names and starts none", async () => {
    const open = (await list()).find((c) => c.closed === false)!
    const resolved = await conforming("ConversationStartResponse", "PUT", "/conversation/conversations", {
      conversation_arn: open.conversation_arn,
      resolve_only: true
    })
    expect(resolved.status).toBe(200)
    expect((resolved.json.conversation as Json).conversation_uuid).toBe(open.conversation_uuid)
    const customer = (open.participants as Array<Json>)[0]!.conversation_participant_arn
    const byParticipant = await call("PUT", "/conversation/conversations", {
      add_conversation_participant_arns: [customer],
      resolve_only: true
    })
    expect((byParticipant.json.conversation as Json).conversation_uuid).toBe(open.conversation_uuid)
    // Nothing to resolve: no conversation in the answer, and none started.
    const nothing = await conforming("ConversationStartResponse", "PUT", "/conversation/conversations", {
      conversation_arn: "arn:nothing",
      resolve_only: true
    })
    expect(nothing.status).toBe(200)
    expect(nothing.json).toEqual({})
    expect(await list()).toHaveLength(25)
    // Without it a conversation is started as before.
    expect((await call("PUT", "/conversation/conversations", { resolve_only: false })).status).toBe(200)
    expect(await list()).toHaveLength(26)
  })

  it("queue statuses carry agent_user_id and the custom status the agent picked", async () => {
    const statuses = async () =>
      (
        await conforming(
          "ConversationWebchatQueueStatusesResponse",
          "GET",
          "/conversation/conversations/queues/statuses"
        )
      ).json.queue_statuses as Array<Json>
    const me = (queues: Array<Json>) =>
      ((queues.find((q) => q.queue_name === "Sales")!.agents as Array<Json>) ?? []).find(
        (a) => a.conversation_participant_arn === AVERY
      )!
    expect(me(await statuses())).toMatchObject({ agent_user_id: "1001" })
    expect(me(await statuses())).not.toHaveProperty("custom_status_uuid")

    const path = `/conversation/conversations/queues/${enc("Sales")}/status`
    const custom = { agent_status: "busy", custom_status_uuid: "cs-lunch", custom_status_name: "Lunch" }
    expect((await call("PUT", path, custom)).status).toBe(204)
    expect(me(await statuses())).toMatchObject(custom)
    expect((await call("PUT", path, { agent_status: "available" })).status).toBe(204)
    const back = me(await statuses())
    expect(back.agent_status).toBe("available")
    expect(back).not.toHaveProperty("custom_status_uuid")
    expect(back).not.toHaveProperty("custom_status_name")
    // A name without its uuid picks no custom status.
    expect((await call("PUT", path, { custom_status_name: "Lunch" })).status).toBe(204)
    expect(me(await statuses())).not.toHaveProperty("custom_status_name")
  })

  it("a `tool call` message is stored and served as such", async () => {
    const uuid = (await list())[0]!.conversation_uuid as string
    mock.addMessage(uuid, { body: '{"tool":"lookup_order"}', type: "tool call" })
    const { json } = await conforming("ConversationResponse", "GET", conversationPath(uuid))
    const messages = (json.conversation as Json).messages as Array<Json>
    expect(messages.at(-1)).toMatchObject({ type: "tool call", body: '{"tool":"lookup_order"}' })
  })
})
