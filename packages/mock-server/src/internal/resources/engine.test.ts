import { isObject, type Json } from "@uc-conversation/spec"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rawCall } from "../../../test/rawCall.ts"
import { sampleRequest, seededId } from "../../../test/sampleRequests.ts"
import { type MockServer, startMockServer } from "../../index.ts"
import { handlers } from "../operations.ts"
import { makePrng } from "../prng.ts"
import { DEFAULT_SEED } from "../seed.ts"
import { loadSpec } from "../spec.ts"
import { engineFor } from "./engine.ts"
import { fakeValue } from "./fakeData.ts"
import { propertiesOf, typeOf } from "./schema.ts"
import type { Collection, OperationShape } from "./shapes.ts"

type Body = Record<string, Json>

const spec = loadSpec()
/** The mock's engine seeds deterministically, so a twin with the same seed knows its seeded ids. */
const twin = engineFor(spec, DEFAULT_SEED)
const shapes = [...twin.shapes.operations.values()]
const shapeOf = (operationId: string): OperationShape => {
  const shape = twin.shapes.operations.get(operationId)
  if (shape === undefined) throw new Error(`no ${operationId} in the spec`)
  return shape
}

let mock: MockServer
beforeAll(async () => {
  mock = await startMockServer({ port: 0, rateLimit: "off" })
})
afterAll(async () => {
  await mock.close()
})

const call = async (
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: Body }> => {
  const answer = await rawCall<Body>(mock, method, path, body)
  return { status: answer.status, body: answer.json }
}

/** Calls an operation by id, filling its path parameters in order. */
const op = (
  operationId: string,
  pathParams: Record<string, string | number> = {},
  query = "",
  body?: unknown
) => {
  const shape = shapeOf(operationId)
  let path = shape.operation.pathTemplate
  for (const [name, value] of Object.entries(pathParams))
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)))
  return call(shape.operation.method, `${path}${query === "" ? "" : `?${query}`}`, body)
}

const payloadKey = (operationId: string): string => shapeOf(operationId).response.payload[0]?.key ?? ""
const listOf = (result: { body: Body }, operationId: string): Array<Body> =>
  (result.body[payloadKey(operationId)] ?? []) as Array<Body>
const conforms = (operationId: string, body: unknown): string | undefined => {
  const schema = shapeOf(operationId).response.schema
  return schema === undefined ? undefined : spec.validateAt(schema.pointer, body)
}

describe("the resource engine", () => {
  it("covers every operation of the spec: a hand handler or an engine shape (spec.test.ts calls each)", () => {
    for (const operation of spec.operations)
      expect(
        handlers[operation.operationId] !== undefined || twin.shapes.operations.has(operation.operationId),
        operation.operationId
      ).toBe(true)
    // Only the operations the spec gives no resource to are views; every other has a collection or singleton.
    expect(
      shapes
        .filter((s) => s.kind === "view" && handlers[s.operation.operationId] === undefined)
        .map((s) => s.operation.operationId)
        .sort()
    ).toEqual([
      "getAgentStatusHeatmap",
      "getAgentStatusTimeline",
      "getConversationItemVariations",
      "getConversationPbxAudioUploadUrl",
      "getConversationPbxCustomerSnapshot",
      "searchAgentStatusHistory"
    ])
  })

  it("seeds data that conforms to every list and item schema, the same for the same seed", async () => {
    for (const shape of shapes.filter(
      (s) => s.kind === "list" && handlers[s.operation.operationId] === undefined
    )) {
      const request = sampleRequest(twin, shape.operation)
      const result = await call(request.method, request.path, request.body)
      expect(result.status, shape.operation.operationId).toBe(200)
      expect(conforms(shape.operation.operationId, result.body), shape.operation.operationId).toBeUndefined()
    }
    const again = engineFor(spec, DEFAULT_SEED)
    const audios = twin.shapes.operations.get("getPbxAudios")!.collection!
    expect(again.state.items(audios)).toEqual(twin.state.items(audios))
    expect(engineFor(spec, 1).state.items(audios)).not.toEqual(twin.state.items(audios))
  })
})

// ------------------------------------------------------------------ CRUD families

interface Family {
  readonly collection: Collection
  readonly insert: OperationShape
  readonly list: OperationShape | undefined
  readonly get: OperationShape | undefined
  readonly update: OperationShape | undefined
  readonly remove: OperationShape
}
const families: Array<Family> = [...twin.shapes.collections.values()].flatMap((collection) => {
  const of = (kind: string) =>
    shapes.find(
      (s) => s.collection === collection && s.kind === kind && handlers[s.operation.operationId] === undefined
    )
  const insert = of("insert")
  const remove = of("delete")
  return insert === undefined || remove === undefined
    ? []
    : [{ collection, insert, list: of("list"), get: of("get"), update: of("update"), remove }]
})

const availableNumber = async (): Promise<string> => {
  const offers = await op("searchPbxAvailablePhoneNumbers", {}, "country=US")
  return String(listOf(offers, "searchPbxAvailablePhoneNumbers")[0]?.phone_number)
}

/** A string field the update body and the item share, free to change (no enum, id or short limit). */
const changeableField = (family: Family): string | undefined => {
  const body = family.update?.body
  if (body === undefined) return undefined
  const item = propertiesOf(family.collection.item.schema)
  return Object.entries(propertiesOf(body.schema)).find(
    ([key, schema]) =>
      key in item &&
      key !== family.collection.idField &&
      !key.endsWith("merchant_id") &&
      isObject(schema) &&
      typeOf(schema) === "string" &&
      schema.enum === undefined &&
      schema.format === undefined &&
      (typeof schema.maxLength !== "number" || schema.maxLength >= 20)
  )?.[0]
}

describe("CRUD over a real socket, one row per collection the spec lets a client create", () => {
  it("finds every family the spec defines", () => {
    expect(families.map((f) => f.collection.key).sort()).toEqual(
      [
        "/conversation/agent/profiles/{user_id}/knowledge_base",
        "/conversation/agent/profiles/{user_id}/mcps",
        "/conversation/agent/status/config",
        "/conversation/canned_messages",
        "/conversation/departments",
        "/conversation/engagements",
        "/conversation/pbx/address",
        "/conversation/pbx/audio",
        "/conversation/pbx/audio/user",
        "/conversation/pbx/class_of_service",
        "/conversation/pbx/hardware_phone",
        "/conversation/pbx/menu",
        "/conversation/pbx/phone_number",
        "/conversation/pbx/queue",
        "/conversation/pbx/time_based",
        "/conversation/pbx/time_range",
        "/conversation/pbx/voicemail_mailbox"
      ].sort()
    )
  })

  it.each(families.map((f) => [f.collection.key, f] as const))(
    "%s: insert, get, list, update, delete",
    async (_, family) => {
      const { collection } = family
      const idField = collection.idField!
      const parentParams: Record<string, string> =
        collection.parent === undefined
          ? {}
          : { [collection.parent.param]: seededId(twin, collection.parent.collection) }
      const insertId = family.insert.operation.operationId
      const body =
        insertId === "purchasePbxPhoneNumber"
          ? { phone_number: await availableNumber() }
          : fakeValue(spec.document, makePrng(42), family.insert.body!.schema, family.insert.body!.pointer)
      const inserted = await op(insertId, parentParams, "", body)
      expect(inserted.status, JSON.stringify(inserted.body)).toBe(200)
      expect(conforms(insertId, inserted.body)).toBeUndefined()
      const payload = inserted.body[payloadKey(insertId)] as Body
      const id = (
        typeof payload === "object" && payload !== null && idField in payload
          ? payload[idField]
          : inserted.body[idField]
      ) as string | number
      expect(id, "the insert assigns an id").toBeDefined()
      if (collection.idType === "integer") expect(typeof id).toBe("number")
      const itemParams = { ...parentParams, [collection.idParam!]: id }

      const read = async (): Promise<Body | undefined> => {
        if (family.get !== undefined) {
          const got = await op(family.get.operation.operationId, itemParams)
          return got.status === 200
            ? (got.body[payloadKey(family.get.operation.operationId)] as Body)
            : undefined
        }
        const listed = await op(family.list!.operation.operationId, parentParams)
        return listOf(listed, family.list!.operation.operationId).find((i) => i[idField] === id)
      }
      const listed = async (): Promise<Array<Body>> =>
        family.list === undefined
          ? []
          : listOf(
              await op(family.list.operation.operationId, parentParams),
              family.list.operation.operationId
            )

      expect((await read())?.[idField]).toBe(id)
      if (family.list !== undefined) expect((await listed()).map((i) => i[idField])).toContain(id)

      const field = changeableField(family)
      if (family.update !== undefined && field !== undefined) {
        const updated = await op(family.update.operation.operationId, itemParams, "", {
          [field]: "changed by the test"
        })
        expect(updated.status).toBe(200)
        expect(conforms(family.update.operation.operationId, updated.body)).toBeUndefined()
        expect((await read())?.[field]).toBe("changed by the test")
      }

      const removed = await op(family.remove.operation.operationId, itemParams)
      expect(removed.status).toBeLessThan(300)
      if (family.remove.operation.operationId === "deleteAgentStatusConfig") {
        // "DELETE soft-deactivates by setting this to false."
        expect((await read())?.active).toBe(false)
        return
      }
      if (family.get !== undefined) {
        const gone = await op(family.get.operation.operationId, itemParams)
        expect(gone.status).toBe(400)
        expect(gone.body).toMatchObject({ success: false, error: { object_id: String(id) } })
      }
      if (family.list !== undefined) expect((await listed()).map((i) => i[idField])).not.toContain(id)
      const again = await op(family.remove.operation.operationId, itemParams)
      expect(again.status).toBe(400)
    }
  )

  it("echoes a huge integer a client stored as integer digits, never as 1e+33", async () => {
    const response = await fetch(`${mock.baseUrl}/conversation/engagements`, {
      method: "POST",
      headers: {
        "x-ultracart-simple-key": mock.simpleKey,
        "X-UltraCart-Api-Version": "2017-03-01",
        "content-type": "application/json"
      },
      body: '{"department_oids": [-9660766897302669000000000000000000, 7]}'
    })
    const text = await response.text()
    expect(response.status).toBe(200)
    expect(text).toMatch(/"department_oids":\[-\d{34},7\]/)
  })

  it("stamps created_at on insert and updated_at on update where the item has them", async () => {
    const inserted = (await op("insertAgentStatusConfig", {}, "", { name: "Training" })).body
      .status_config as Body
    expect(Date.parse(String(inserted.created_at))).not.toBeNaN()
    expect(inserted.updated_at).toBe(inserted.created_at)
    const uuid = String(inserted.conversation_status_uuid)
    const updated = (
      await op("updateAgentStatusConfig", { conversation_status_uuid: uuid }, "", { name: "Coaching" })
    ).body.status_config as Body
    expect(updated.created_at).toBe(inserted.created_at)
    expect(String(updated.updated_at) > String(inserted.updated_at)).toBe(true)
  })

  it("answers 400 for an unknown parent of a nested collection", async () => {
    const result = await op("getAgentProfileMcps", { user_id: 9999 })
    expect(result.status).toBe(400)
    expect(result.body).toMatchObject({ success: false, error: { object_id: "9999" } })
  })

  it("pages a list with _limit/_offset and reports the result set", async () => {
    const all = listOf(await op("searchAgentStatusHistory", {}, "", {}), "searchAgentStatusHistory")
    const page = await op("searchAgentStatusHistory", {}, "_limit=5&_offset=3", {})
    expect(listOf(page, "searchAgentStatusHistory").map((e) => e.event_uuid)).toEqual(
      all.slice(3, 8).map((e) => e.event_uuid)
    )
    expect(page.body.total).toBe(all.length)
    expect((page.body.metadata as Body).result_set).toEqual({
      count: 5,
      limit: 5,
      more: true,
      next_offset: 8,
      offset: 3,
      total_records: all.length
    })
  })
})

describe("singletons: get and put round trip", () => {
  const puts = shapes.filter(
    (s) => s.kind === "singletonPut" || s.operation.operationId === "updateAgentProfile"
  )
  it.each(puts.map((s) => [s.operation.operationId, s] as const))("%s", async (_, shape) => {
    const getter = shapes.find(
      (s) => s.operation.pathTemplate === shape.operation.pathTemplate && s.operation.method === "GET"
    )!
    const body = fakeValue(spec.document, makePrng(7), shape.body!.schema, shape.body!.pointer) as Body
    delete body.user_id
    const put = await call(shape.operation.method, shape.operation.pathTemplate, body)
    expect(put.status).toBe(200)
    expect(conforms(shape.operation.operationId, put.body)).toBeUndefined()
    const got = await call("GET", getter.operation.pathTemplate)
    const member = shape.response.payload.find((m) => m.schema.pointer === shape.body!.pointer)
    const stored = (member === undefined ? got.body : got.body[member.key]) as Body
    for (const [key, value] of Object.entries(body)) expect(stored[key], key).toEqual(value)
  })
})

// ------------------------------------------------------------------ actions

describe("operations with their own semantics", () => {
  const history = async (filter: Body = {}) =>
    listOf(await op("searchAgentStatusHistory", {}, "_limit=200", filter), "searchAgentStatusHistory")

  it("searchAgentStatusHistory filters stored status events by agent, channel, trigger and dates", async () => {
    const events = await history({
      agent_user_id: "1002",
      channel: "pbx",
      date_start: "2026-01-11",
      date_end: "2026-01-11"
    })
    expect(events.length).toBeGreaterThan(0)
    for (const e of events) {
      expect(e).toMatchObject({ agent_user_id: "1002", channel: "pbx" })
      expect(String(e.event_dts).slice(0, 10)).toBe("2026-01-11")
    }
    const manual = await history({ trigger: "manual" })
    expect(manual.every((e) => e.trigger === "manual")).toBe(true)
    expect(manual.length).toBeLessThan((await history()).length)
  })

  it("rollups, summary, timeline and heatmap are computed from the same events", async () => {
    const events = await history({ date_start: "2026-01-11", date_end: "2026-01-11" })
    const rollups = listOf(
      await op("searchAgentStatusRollups", {}, "", { date_start: "2026-01-11", date_end: "2026-01-11" }),
      "searchAgentStatusRollups"
    )
    expect(rollups.length).toBe(4 * 2) // four agents, two channels
    for (const r of rollups) {
      const mine = events.filter((e) => e.agent_user_id === r.agent_user_id && e.channel === r.channel)
      const spent = (effects: Array<string>) =>
        mine
          .filter((e) => effects.includes(String(e.previous_routing_effect)))
          .reduce((s, e) => s + Number(e.duration_in_previous_seconds), 0)
      expect(r.available_seconds).toBe(spent(["available", "busy"]))
      expect(r.unavailable_seconds).toBe(spent(["unavailable"]))
      expect(r.total_tracked_seconds).toBe(spent(["available", "busy", "unavailable"]))
    }
    const summary = await op("getAgentStatusSummary", {}, "date_start=2026-01-11&date_end=2026-01-11")
    expect(summary.status).toBe(200)
    expect(summary.body.total_agents).toBe(4)
    const avery = (summary.body.agents as Array<Body>).find((a) => a.agent_user_id === "1001")!
    const averyRollups = rollups.filter((r) => r.agent_user_id === "1001")
    expect(avery.available_seconds).toBe(averyRollups.reduce((s, r) => s + Number(r.available_seconds), 0))
    expect(avery.calls_taken).toBe(averyRollups.reduce((s, r) => s + Number(r.calls_taken), 0))

    const timeline = await op("getAgentStatusTimeline", { agent_user_id: "1001" }, "date=2026-01-11")
    expect(timeline.status).toBe(200)
    const calls = timeline.body.call_events as Array<Body>
    expect((timeline.body.status_events as Array<Body>).length).toBe(
      events.filter((e) => e.agent_user_id === "1001").length
    )
    expect(timeline.body.summary).toMatchObject({
      calls_taken: calls.filter((c) => c.disposition === "answered").length,
      calls_missed: calls.filter((c) => c.disposition === "missed").length,
      chats_handled: (timeline.body.chat_events as Array<unknown>).length
    })
    expect(avery.calls_taken).toBe(calls.filter((c) => c.disposition === "answered").length)
    const chatOnly = await op(
      "getAgentStatusTimeline",
      { agent_user_id: "1001" },
      "date=2026-01-11&channel=chat"
    )
    expect(chatOnly.body.call_events).toEqual([])

    let allCalls = 0
    for (const agent of ["1001", "1002", "1003", "1004"])
      allCalls += (
        (await op("getAgentStatusTimeline", { agent_user_id: agent }, "date=2026-01-11")).body
          .call_events as Array<unknown>
      ).length
    const heat = await op("getAgentStatusHeatmap", {}, "", {
      metric: "call_volume",
      date_start: "2026-01-11",
      date_end: "2026-01-11"
    })
    expect(heat.body.agents).toHaveLength(4)
    expect(heat.body.hours).toEqual(Array.from({ length: 24 }, (_, h) => h))
    const cells = heat.body.data as Array<[number, number, number]>
    expect(cells.reduce((s, [, , v]) => s + v, 0)).toBe(allCalls)
    for (const [row, hour, value] of cells) {
      expect(row).toBeLessThan(4)
      expect(hour).toBeLessThan(24)
      expect(value).toBeGreaterThan(0)
    }
  })

  it("searchPbxCalls filters the stored calls; updatePbxCall stores notes and finalizes them", async () => {
    const all = listOf(await op("searchPbxCalls", {}, "", {}), "searchPbxCalls")
    expect(all.length).toBeGreaterThan(0)
    const first = all[0]!
    const byName = listOf(
      await op("searchPbxCalls", {}, "", { customer_name: String(first.customer_name) }),
      "searchPbxCalls"
    )
    expect(byName.map((c) => c.call_uuid)).toContain(first.call_uuid)
    expect(byName.every((c) => c.customer_name === first.customer_name)).toBe(true)
    expect(
      listOf(await op("searchPbxCalls", {}, "", { search_term: "no call mentions this" }), "searchPbxCalls")
    ).toEqual([])
    const updated = await op("updatePbxCall", { callUuid: String(first.call_uuid) }, "", {
      notes: "Called back",
      finalize: true
    })
    expect(updated.status).toBe(200)
    const got = (await op("getPbxCall", { callUuid: String(first.call_uuid) })).body.call as Body
    expect(got.notes).toBe("Called back")
    expect(typeof got.notes_finalized_dts).toBe("string")
  })

  it("getConversationPbxCustomerSnapshot shows the Zoho Desk tickets of the calls from that number", async () => {
    const call = listOf(await op("searchPbxCalls", {}, "", {}), "searchPbxCalls")[0]!
    const phone = String((call.caller as Body).phone_number)
    await op("updatePbxCall", { callUuid: String(call.call_uuid) }, "", { zoho_desk_ticket_id: "T-1001" })
    const snapshot = await op("getConversationPbxCustomerSnapshot", {}, "", { phone_number: phone })
    expect(snapshot.body).toMatchObject({ customers: [], orders: [], auto_orders: [] })
    expect((snapshot.body.zoho_desk_tickets as Array<Body>).map((t) => t.id)).toContain("T-1001")
    const stranger = await op("getConversationPbxCustomerSnapshot", {}, "", { phone_number: "+15550000000" })
    expect(stranger.body.zoho_desk_tickets).toEqual([])
  })

  it("searchConversationCannedMessages finds canned messages by short_code", async () => {
    await op("insertConversationCannedMessage", {}, "", {
      short_code: "zz-refund",
      canned_message: "Your refund is on its way."
    })
    const found = listOf(
      await op("searchConversationCannedMessages", {}, "", { short_code: "ZZ-REF" }),
      "searchConversationCannedMessages"
    )
    expect(found.map((m) => m.canned_message)).toEqual(["Your refund is on its way."])
  })

  it("purchasePbxPhoneNumber buys an offered number once; protectPbxPhoneNumber then blocks its deletion", async () => {
    const number = await availableNumber()
    const bought = await op("purchasePbxPhoneNumber", {}, "", { phone_number: number, action: "queue" })
    expect(bought.status).toBe(200)
    const item = bought.body.phone_number as Body
    expect(item).toMatchObject({ phone_number: number, action: "queue", deletion_protected: false })
    const offers = listOf(
      await op("searchPbxAvailablePhoneNumbers", {}, "country=US"),
      "searchPbxAvailablePhoneNumbers"
    )
    expect(offers.map((o) => o.phone_number)).not.toContain(number)
    expect((await op("purchasePbxPhoneNumber", {}, "", { phone_number: number })).status).toBe(400)
    const uuid = String(item.conversation_pbx_phone_number_uuid)
    const protectedNow = await op("protectPbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid })
    expect((protectedNow.body.phone_number as Body).deletion_protected).toBe(true)
    const refused = await op("deletePbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid })
    expect(refused.status).toBe(400)
    expect((await op("getPbxPhoneNumber", { conversationPbxPhoneNumberUuid: uuid })).status).toBe(200)
  })

  it("searchPbxAvailablePhoneNumbers filters by country, capability and area code", async () => {
    const sms = listOf(
      await op("searchPbxAvailablePhoneNumbers", {}, "country=US&sms_enabled=true"),
      "searchPbxAvailablePhoneNumbers"
    )
    expect(sms.length).toBeGreaterThan(0)
    expect(sms.every((n) => n.sms === true && n.country === "US")).toBe(true)
    const area = String(sms[0]!.phone_number).slice(2, 5)
    const inArea = listOf(
      await op("searchPbxAvailablePhoneNumbers", {}, `country=US&area_code=${area}`),
      "searchPbxAvailablePhoneNumbers"
    )
    expect(inArea.every((n) => String(n.phone_number).startsWith(`+1${area}`))).toBe(true)
  })

  it("regeneratePasswordForPbxHardwarePhone issues a new SIP password, shown only then", async () => {
    const uuid = seededId(twin, shapeOf("getPbxHardwarePhone").collection!)
    const params = { conversationPbxHardwarePhoneUuid: uuid }
    expect((await op("getPbxHardwarePhone", params)).body.hardware_phone).not.toHaveProperty("sip_password")
    const first = (await op("regeneratePasswordForPbxHardwarePhone", params, "", {})).body
      .hardware_phone as Body
    const second = (await op("regeneratePasswordForPbxHardwarePhone", params, "", {})).body
      .hardware_phone as Body
    expect(typeof first.sip_password).toBe("string")
    expect(second.sip_password).not.toBe(first.sip_password)
  })

  it.each([
    ["listenedPbxAgentVoicemail", "getPbxAgentVoicemail"],
    ["listenedPbxQueueVoicemail", "getPbxQueueVoicemail"]
  ])("%s marks the voicemail listened", async (listened, get) => {
    const collection = shapeOf(get).collection!
    const params: Record<string, string> = { [collection.idParam!]: seededId(twin, collection) }
    if (collection.parent !== undefined)
      params[collection.parent.param] = seededId(twin, collection.parent.collection)
    expect(((await op(get, params)).body.voicemail_message as Body).listened).toBe(false)
    expect((await op(listened, params)).status).toBe(204)
    expect(((await op(get, params)).body.voicemail_message as Body).listened).toBe(true)
  })

  it("getPbxAudioUsage lists the queues, menus and mailboxes that use the audio", async () => {
    const audio = seededId(twin, shapeOf("getPbxAudio").collection!)
    const queue = seededId(twin, shapeOf("getPbxQueue").collection!)
    const usage = await op("getPbxAudioUsage", { conversationPbxAudioUuid: audio })
    expect((usage.body.queues as Array<Body>).map((q) => q.conversation_pbx_queue_uuid)).toContain(queue)
    await op("updatePbxQueue", { conversationPbxQueueUuid: queue }, "", {
      hold_conversation_pbx_audio_uuid: "another"
    })
    const after = await op("getPbxAudioUsage", { conversationPbxAudioUuid: audio })
    expect((after.body.queues as Array<Body>).map((q) => q.conversation_pbx_queue_uuid)).not.toContain(queue)
  })

  it("hands out presigned upload URLs that accept the upload; a knowledge base document records it", async () => {
    const audioUrl = await op("getConversationPbxAudioUploadUrl", { extension: "wav" })
    const { key, url } = audioUrl.body.conversation_pbx_audio_upload_url as { key: string; url: string }
    expect((await fetch(url, { method: "PUT", body: "RIFF" })).status).toBe(200)
    expect(new TextDecoder().decode(mock.upload(key)?.bytes)).toBe("RIFF")

    expect(
      (await op("getConversationKnowledgeBaseDocumentUploadUrl", { user_id: 9999, extension: "pdf" })).status
    ).toBe(400)
    const kb = await op("getConversationKnowledgeBaseDocumentUploadUrl", { user_id: 1001, extension: "pdf" })
    const upload = kb.body.conversation_knowledge_base_document_upload_url as { key: string; url: string }
    const inserted = await op("insertAgentProfileKnowledgeBaseDocument", { user_id: 1001 }, "", {
      original_file_name: "returns-policy.pdf",
      presigned_url: upload.url
    })
    expect(inserted.body).toMatchObject({ s3_key: upload.key })
    const documents = listOf(
      await op("getAgentProfileKnowledgeBase", { user_id: 1001 }),
      "getAgentProfileKnowledgeBase"
    )
    expect(documents.find((d) => d.document_uuid === inserted.body.document_uuid)).toMatchObject({
      document_id: "returns-policy.pdf"
    })
  })

  it("reads derived views from the state: profiles, members, capabilities, MCP tools", async () => {
    const profiles = listOf(await op("getAgentProfiles"), "getAgentProfiles")
    expect(profiles.map((p) => p.user_id)).toEqual([1001, 1002, 1003, 1004])
    expect(((await op("getAgentProfile")).body.agent_profile as Body).user_id).toBe(1001)
    const pbxAgents = listOf(await op("getPbxAgents"), "getPbxAgents")
    expect(pbxAgents.map((a) => [a.user_id, a.full_name])).toEqual([
      [1001, "Avery Quinn"],
      [1002, "Blake Rivera"],
      [1003, "Casey Morgan"],
      [1004, "Devon Park"]
    ])

    await op("insertConversationDepartment", {}, "", {
      department_name: "VIP",
      members: [{ user_id: 1003, member: true }]
    })
    const members = listOf(
      await op("getConversationDepartmentMemberList"),
      "getConversationDepartmentMemberList"
    )
    expect(members.find((m) => m.user_id === 1003)).toMatchObject({ member: true, name: "Casey Morgan" })

    await op("updateVirtualAgentCapabilities", {}, "", {
      zoho_desk_available: true,
      zoho_desk_departments: []
    })
    expect((await op("getPbxVoicemailCapabilities")).body).toMatchObject({
      zoho_desk_available: true,
      zoho_desk_departments: []
    })

    const mcp = seededId(twin, shapeOf("getAgentProfileMcp").collection!)
    const tools = await op("getAgentProfileMcpTools", { user_id: 1001, mcp_server_uuid: mcp })
    expect(JSON.parse(String(tools.body.tools_json))).toMatchObject({ tools: expect.any(Array) })
    expect((await op("getAgentProfileMcpTools", { user_id: 1001, mcp_server_uuid: "nope" })).status).toBe(400)

    const manufacturers = listOf(
      await op("getPbxHardwarePhoneManufacturers"),
      "getPbxHardwarePhoneManufacturers"
    )
    expect(manufacturers.map((m) => m.name)).toContain("Yealink")
    expect((await op("getConversationItemVariations", { merchant_item_id: "SKU-1" })).body).toEqual({})
  })

  it("resetConversationPbxQueueStatistics answers for a stored queue only", async () => {
    const queue = seededId(twin, shapeOf("getPbxQueue").collection!)
    expect((await op("resetConversationPbxQueueStatistics", { queue_uuid: queue })).status).toBe(204)
    expect((await op("resetConversationPbxQueueStatistics", { queue_uuid: "nope" })).status).toBe(400)
  })

  it("reset() restores the seeded state", async () => {
    const inserted = await op("insertPbxAudio", {}, "", { description: "Temporary" })
    const id = (inserted.body.audio as Body).conversation_pbx_audio_uuid
    mock.reset()
    const audios = listOf(await op("getPbxAudios"), "getPbxAudios")
    expect(audios.map((a) => a.conversation_pbx_audio_uuid)).not.toContain(id)
    expect(audios).toEqual(
      twin.state.items(shapeOf("getPbxAudios").collection!).map((a) => expect.objectContaining(a))
    )
  })
})
