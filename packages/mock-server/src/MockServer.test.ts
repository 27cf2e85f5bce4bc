import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "./index.ts"
import { verifyJwt } from "./internal/signing.ts"

let mock: MockServer

beforeAll(async () => {
  mock = await startMockServer({ port: 0, rateLimit: "off" })
})
afterEach(() => mock.reset())
afterAll(() => mock.close())

type Json = Record<string, unknown>

const authHeaders = (): Record<string, string> => ({
  "x-ultracart-simple-key": mock.simpleKey,
  "X-UltraCart-Api-Version": "2017-03-01"
})

const call = async (
  method: string,
  path: string,
  init: { readonly headers?: Record<string, string>; readonly body?: unknown; readonly auth?: boolean } = {}
): Promise<{ status: number; headers: Headers; json: Json; text: string }> => {
  const headers: Record<string, string> = { ...(init.auth === false ? {} : authHeaders()), ...init.headers }
  if (init.body !== undefined) headers["content-type"] ??= "application/json"
  const response = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers,
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) })
  })
  const text = await response.text()
  const isJson = (response.headers.get("content-type") ?? "").includes("json") && text !== ""
  return {
    status: response.status,
    headers: response.headers,
    json: isJson ? (JSON.parse(text) as Json) : {},
    text
  }
}

const conversations = async (query = ""): Promise<Array<Json>> =>
  (await call("GET", `/conversation/conversations${query}`)).json.conversations as Array<Json>

const firstUuid = async (): Promise<string> =>
  (await conversations("?_limit=1"))[0]?.conversation_uuid as string

const resultSet = (body: Json): Json => (body.metadata as Json).result_set as Json

describe("operations", () => {
  it("getConversations pages newest first with _limit/_offset and UltraCart's result_set", async () => {
    const all = await call("GET", "/conversation/conversations")
    expect(all.status).toBe(200)
    expect(all.json.success).toBe(true)
    const everything = all.json.conversations as Array<Json>
    expect(everything).toHaveLength(25)
    expect(resultSet(all.json)).toMatchObject({
      count: 25,
      limit: 100,
      offset: 0,
      more: false,
      total_records: 25
    })
    const dts = everything.map((c) => c.last_message_dts as string)
    expect([...dts].sort().reverse()).toEqual(dts)
    expect(everything[0]).not.toHaveProperty("messages")

    const pages: Array<Json> = []
    for (let offset = 0; ; offset += 10) {
      const page = await call("GET", `/conversation/conversations?_limit=10&_offset=${offset}`)
      pages.push(...(page.json.conversations as Array<Json>))
      const rs = resultSet(page.json)
      expect(rs.offset).toBe(offset)
      if (rs.more !== true) break
      expect(rs.next_offset).toBe(offset + 10)
    }
    expect(pages.map((c) => c.conversation_uuid)).toEqual(everything.map((c) => c.conversation_uuid))
  })

  it("getConversations filters by medium and by before, and caps _limit at 200", async () => {
    const sms = await conversations("?medium=sms")
    const websocket = await conversations("?medium=websocket")
    expect(sms.length).toBeGreaterThan(0)
    expect(websocket.length).toBeGreaterThan(0)
    expect(sms.length + websocket.length).toBe(25)
    expect(sms.every((c) => c.medium === "sms")).toBe(true)
    const everything = await conversations()
    const cutoff = everything[5]?.last_message_dts as string
    const before = await conversations(`?before=${encodeURIComponent(cutoff)}`)
    expect(before.map((c) => c.conversation_uuid)).toEqual(
      everything.slice(6).map((c) => c.conversation_uuid)
    )
    const capped = await call("GET", "/conversation/conversations?_limit=5000")
    expect(resultSet(capped.json).limit).toBe(200)
  })

  it("getConversation returns the conversation with its messages, the latest `limit` of them", async () => {
    const uuid = await firstUuid()
    const full = await call("GET", `/conversation/conversations/${uuid}`)
    expect(full.status).toBe(200)
    const conversation = full.json.conversation as Json
    const messages = conversation.messages as Array<Json>
    expect(conversation.conversation_uuid).toBe(uuid)
    expect(messages.length).toBe(conversation.message_count)
    expect((conversation.participants as Array<Json>).length).toBeGreaterThan(0)
    const limited = await call("GET", `/conversation/conversations/${uuid}?limit=2`)
    expect((limited.json.conversation as Json).messages).toEqual(messages.slice(-2))
  })

  it("getConversationMessages returns messages after `since` (int64 ms), oldest first, bounded by limit", async () => {
    const uuid = await firstUuid()
    const all = (await call("GET", `/conversation/conversations/${uuid}/messages/0`)).json
    const messages = all.conversation_messages as Array<Json>
    const epochs = messages.map((m) => m.message_epoch as number)
    expect(epochs.length).toBeGreaterThan(2)
    expect([...epochs].sort((a, b) => a - b)).toEqual(epochs)
    const since = epochs[1]!
    const after = (await call("GET", `/conversation/conversations/${uuid}/messages/${since}`)).json
    expect((after.conversation_messages as Array<Json>).map((m) => m.message_epoch)).toEqual(epochs.slice(2))
    const one = (await call("GET", `/conversation/conversations/${uuid}/messages/0?limit=1`)).json
    expect(one.conversation_messages).toEqual(messages.slice(0, 1))
    expect(resultSet(one)).toMatchObject({ count: 1, more: true, total_records: messages.length })
  })

  it("startConversation creates a conversation and answers with only {conversation}", async () => {
    const started = await call("PUT", "/conversation/conversations", {
      body: { add_conversation_participant_arns: ["arn:mock:customer:42"] }
    })
    expect(started.status).toBe(200)
    expect(Object.keys(started.json ?? {})).toEqual(["conversation"])
    const conversation = started.json.conversation as Json
    const uuid = conversation.conversation_uuid as string
    const arns = (conversation.participants as Array<Json>).map((p) => p.conversation_participant_arn)
    expect(arns).toContain("arn:mock:customer:42")
    expect(await conversations()).toHaveLength(26)
    expect((await call("GET", `/conversation/conversations/${uuid}`)).status).toBe(200)
  })

  it("joinConversation and leaveConversation change the agent's participation", async () => {
    const uuid = (mock.addConversation({}) as Json).conversation_uuid as string
    const participants = async (): Promise<Array<Json>> =>
      ((await call("GET", `/conversation/conversations/${uuid}`)).json.conversation as Json)
        .participants as Array<Json>
    const agent = async (): Promise<Json | undefined> =>
      (await participants()).find((p) => p.conversation_participant_name === "Avery Quinn")
    expect(await agent()).toBeUndefined()

    const joined = await call("PUT", `/conversation/conversations/${uuid}/join`, {
      body: { participant_language_iso_code: "es" }
    })
    expect(joined.status).toBe(204)
    expect(joined.text).toBe("")
    expect(await agent()).toMatchObject({ status: "joined", language_iso_code: "es" })
    expect((await agent())?.left_dts).toBeUndefined()

    const left = await call("DELETE", `/conversation/conversations/${uuid}/leave`)
    expect(left.status).toBe(204)
    expect(await agent()).toMatchObject({ status: "left" })
    expect(typeof (await agent())?.left_dts).toBe("string")

    // Joining without a body is allowed (the body is optional upstream) and rejoins.
    expect((await call("PUT", `/conversation/conversations/${uuid}/join`)).status).toBe(204)
    expect((await agent())?.left_dts).toBeUndefined()
  })

  it("updateConversationWebchatQueueStatus changes the agent's status in that queue only", async () => {
    const statusIn = async (queue: string): Promise<unknown> => {
      const body = (await call("GET", "/conversation/conversations/queues/statuses")).json
      const q = (body.queue_statuses as Array<Json>).find((s) => s.queue_name === queue) ?? {}
      return (q.agents as Array<Json>).find((a) => a.conversation_participant_name === "Avery Quinn")
        ?.agent_status
    }
    const before = await call("GET", "/conversation/conversations/queues/statuses")
    expect(before.status).toBe(200)
    const queues = before.json.queue_statuses as Array<Json>
    expect(queues.map((q) => q.queue_name)).toEqual(["Sales", "Support", "Returns & Exchanges"])
    const salesBefore = await statusIn("Sales")
    const next = (await statusIn("Returns & Exchanges")) === "busy" ? "available" : "busy"
    const update = await call(
      "PUT",
      `/conversation/conversations/queues/${encodeURIComponent("Returns & Exchanges")}/status`,
      {
        body: { agent_status: next }
      }
    )
    expect(update.status).toBe(204)
    expect(await statusIn("Returns & Exchanges")).toBe(next)
    expect(await statusIn("Sales")).toBe(salesBefore)
    const after = (await call("GET", "/conversation/conversations/queues/statuses")).json
    const q = (after.queue_statuses as Array<Json>).find((s) => s.queue_name === "Returns & Exchanges")!
    const agents = q.agents as Array<Json>
    expect(q.agent_busy_count).toBe(agents.filter((a) => a.agent_status === "busy").length)
    expect(q.agent_count).toBe(agents.length)
  })

  it("getAgentKeepAlive answers 204 with no body", async () => {
    const response = await call("GET", "/conversation/agent/keepalive")
    expect(response.status).toBe(204)
    expect(response.text).toBe("")
  })

  it("getAgentWebsocketAuthorization returns agent_auth with an HS256 JWT signed by the mock", async () => {
    const response = await call("PUT", "/conversation/agent/auth")
    expect(response.status).toBe(200)
    const auth = response.json.agent_auth as Json
    const jwt = auth.jwt as string
    expect(jwt).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    const header = JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()) as Json
    expect(header).toEqual({ alg: "HS256", typ: "JWT" })
    expect(verifyJwt(jwt)).toMatchObject({ sub: auth.conversation_participant_arn, user_id: auth.user_id })
    expect(verifyJwt(`${jwt.slice(0, -2)}xx`)).toBeUndefined()
    expect(auth.websocket_url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//)
  })

  it("getConversationMultimediaUploadUrl hands out a presigned URL that accepts the PUT and serves it back", async () => {
    const response = await call("GET", "/conversation/upload_url/png")
    expect(response.status).toBe(200)
    const { key, url } = response.json.conversation_multimedia_upload_url as { key: string; url: string }
    expect(key).toMatch(/\.png$/)
    expect(url.startsWith(`${mock.url}/__uploads/`)).toBe(true)
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])
    const put = await fetch(url, { method: "PUT", body: bytes, headers: { "content-type": "image/png" } })
    expect(put.status).toBe(200)
    expect(put.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/)
    const get = await fetch(`${mock.url}/__uploads/${key}`)
    expect(get.headers.get("content-type")).toBe("image/png")
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(bytes)
    expect(mock.upload(key)?.bytes).toEqual(bytes)

    const forged = await fetch(url.replace(/signature=[^&]+/, "signature=forged"), {
      method: "PUT",
      body: bytes
    })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toContain("SignatureDoesNotMatch")
    const missing = await fetch(`${mock.url}/__uploads/nothing-here.png`)
    expect(missing.status).toBe(404)
  })

  it("expired upload URLs are refused", async () => {
    const shortLived = await startMockServer({ port: 0, uploadUrlTtlMs: 1, rateLimit: "off" })
    try {
      const response = await fetch(`${shortLived.baseUrl}/conversation/upload_url/txt`, {
        headers: { "x-ultracart-simple-key": shortLived.simpleKey, "X-UltraCart-Api-Version": "2017-03-01" }
      })
      const { url } = ((await response.json()) as Json).conversation_multimedia_upload_url as { url: string }
      await new Promise((resolve) => setTimeout(resolve, 20))
      const put = await fetch(url, { method: "PUT", body: "late" })
      expect(put.status).toBe(403)
      expect(await put.text()).toContain("expired")
    } finally {
      await shortLived.close()
    }
  })
})

describe("checks on every request", () => {
  it("refuses a missing or wrong credential with 401, ErrorResponse and UC-REST-ERROR", async () => {
    for (const headers of [{}, { "x-ultracart-simple-key": "wrong" }, { authorization: "Bearer wrong" }]) {
      const response = await call("GET", "/conversation/conversations", {
        auth: false,
        headers: { "X-UltraCart-Api-Version": "2017-03-01", ...headers }
      })
      expect(response.status).toBe(401)
      expect(response.headers.get("uc-rest-error")).toBeTruthy()
      expect(response.json).toMatchObject({ success: false, error: { error_code: "401" } })
      expect(response.json.error).toHaveProperty("developer_message")
      expect(response.json.error).toHaveProperty("user_message")
    }
  })

  it("accepts an OAuth bearer token instead of the simple key", async () => {
    const response = await call("GET", "/conversation/agent/keepalive", {
      auth: false,
      headers: { authorization: `Bearer ${mock.oauthToken}`, "X-UltraCart-Api-Version": "2017-03-01" }
    })
    expect(response.status).toBe(204)
  })

  it("insists on X-UltraCart-Api-Version: 2017-03-01", async () => {
    const missing = await call("GET", "/conversation/agent/keepalive", {
      auth: false,
      headers: { "x-ultracart-simple-key": mock.simpleKey }
    })
    expect(missing.status).toBe(400)
    expect(missing.headers.get("uc-rest-error")).toContain("X-UltraCart-Api-Version")
    const wrong = await call("GET", "/conversation/agent/keepalive", {
      headers: { "X-UltraCart-Api-Version": "2099-01-01" }
    })
    expect(wrong.status).toBe(400)
  })

  it("validates parameters against the spec (types, int32 and int64 ranges)", async () => {
    const uuid = await firstUuid()
    const cases: Array<[string, string]> = [
      ["/conversation/conversations?_limit=ten", "_limit"],
      ["/conversation/conversations?_offset=1.5", "_offset"],
      [`/conversation/conversations/${uuid}?limit=2147483648`, "limit"],
      [`/conversation/conversations/${uuid}/messages/yesterday`, "since"],
      [`/conversation/conversations/${uuid}/messages/9223372036854775808`, "since"]
    ]
    for (const [path, name] of cases) {
      const response = await call("GET", path)
      expect(response.status, path).toBe(400)
      expect(response.headers.get("uc-rest-error"), path).toContain(name)
    }
    const extreme = await call("GET", `/conversation/conversations/${uuid}/messages/-9223372036854775808`)
    expect(extreme.status).toBe(200)
  })

  it("validates bodies against the spec", async () => {
    const notJson = await call("PUT", "/conversation/conversations", { body: "{nope" })
    expect(notJson.status).toBe(400)
    const wrongShape = await call("PUT", "/conversation/conversations", {
      body: { add_conversation_participant_arns: "not-a-list" }
    })
    expect(wrongShape.status).toBe(400)
    expect(wrongShape.headers.get("uc-rest-error")).toContain("add_conversation_participant_arns")
    const missing = await call("PUT", "/conversation/conversations")
    expect(missing.status).toBe(400)
    const badEnum = await call("PUT", "/conversation/conversations/queues/Sales/status", {
      body: { agent_status: "asleep" }
    })
    expect(badEnum.status).toBe(400)
    const wrongType = await call("PUT", "/conversation/conversations", {
      body: "{}",
      headers: { "content-type": "text/plain" }
    })
    expect(wrongType.status).toBe(400)
  })

  it("answers unknown conversations and queues with 400 and an ErrorResponse naming the object", async () => {
    for (const [method, path] of [
      ["GET", "/conversation/conversations/no-such-conversation"],
      ["GET", "/conversation/conversations/no-such-conversation/messages/0"],
      ["PUT", "/conversation/conversations/no-such-conversation/join"],
      ["DELETE", "/conversation/conversations/no-such-conversation/leave"]
    ] as const) {
      const response = await call(method, path)
      expect(response.status, path).toBe(400)
      expect(response.json.error).toMatchObject({ object_id: "no-such-conversation", error_code: "400" })
    }
    const queue = await call("PUT", "/conversation/conversations/queues/Nowhere/status", {
      body: { agent_status: "busy" }
    })
    expect(queue.status).toBe(400)
  })

  it("answers 405 with Allow for a known path and 404 for an unknown one", async () => {
    const wrongMethod = await call("POST", "/conversation/agent/keepalive")
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get("allow")).toBe("GET")
    const nowhere = await call("GET", "/conversation/nothing")
    expect(nowhere.status).toBe(404)
    const preflight = await fetch(`${mock.baseUrl}/conversation/conversations`, { method: "OPTIONS" })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("allow")).toBe("GET, PUT")
    // A browser may PUT straight to a presigned URL: its CORS preflight must pass.
    const uploadPreflight = await fetch(`${mock.url}/__uploads/some-key.png`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "PUT" }
    })
    expect(uploadPreflight.status).toBe(204)
    expect(uploadPreflight.headers.get("access-control-allow-origin")).toBe("*")
    expect(uploadPreflight.headers.get("access-control-allow-methods")).toContain("PUT")
  })
})

describe("test controls", () => {
  it("addConversation accepts any uuid, and the path parameter round-trips percent-encoded", async () => {
    const odd = "a/b ?c#d%e ünï 会話"
    const created = mock.addConversation({ conversation_uuid: odd, medium: "sms" })
    expect(created.conversation_uuid).toBe(odd)
    const path = `/conversation/conversations/${encodeURIComponent(odd)}`
    const response = await call("GET", path)
    expect(response.status).toBe(200)
    expect((response.json.conversation as Json).conversation_uuid).toBe(odd)
    const logged = mock.requests().at(-1)
    expect(logged).toMatchObject({
      method: "GET",
      path: `/rest/v2${path}`,
      operationId: "getConversation",
      status: 200,
      pathParams: { conversation_uuid: odd }
    })
  })

  it("addMessage assigns strictly increasing epochs that getConversationMessages tails", async () => {
    const uuid = await firstUuid()
    const seeded = (await call("GET", `/conversation/conversations/${uuid}/messages/0`)).json
      ?.conversation_messages as Array<Json>
    const lastSeeded = seeded.at(-1)?.message_epoch as number
    const a = mock.addMessage(uuid, { body: "first" })
    const b = mock.addMessage(uuid, { body: "second", author_conversation_participant_name: "Someone" })
    expect(a.message_epoch).toBeGreaterThan(lastSeeded)
    expect(b.message_epoch).toBeGreaterThan(a.message_epoch!)
    expect(b.author_conversation_participant_name).toBe("Someone")
    const fresh = mock.addConversation({ conversation_uuid: "fresh" })
    expect(fresh.participants.map((p) => p.conversation_participant_name)).toEqual(["Test Customer"])
    expect(mock.addMessage("fresh", { body: "hello" }).author_conversation_participant_name).toBe(
      "Test Customer"
    )
    const tail = (await call("GET", `/conversation/conversations/${uuid}/messages/${lastSeeded}`)).json
    expect((tail.conversation_messages as Array<Json>).map((m) => m.body)).toEqual(["first", "second"])
    const summary = (await conversations()).find((c) => c.conversation_uuid === uuid)
    expect(summary?.last_conversation_message_body).toBe("second")
    expect(() => mock.addMessage("missing", { body: "x" })).toThrow(/unknown conversation/)
  })

  it("the same controls work over HTTP under /__mock/", async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${mock.url}/__mock${path}`, { method: "POST", body: JSON.stringify(body) })
    const created = await post("/conversations", { conversation_uuid: "http made/1" })
    expect(created.status).toBe(201)
    const message = await post(`/conversations/${encodeURIComponent("http made/1")}/messages`, {
      body: "over http"
    })
    expect(message.status).toBe(201)
    const { conversation_message } = (await message.json()) as { conversation_message: Json }
    expect(conversation_message.body).toBe("over http")
    expect((await post("/conversations/unknown/messages", { body: "x" })).status).toBe(404)

    expect(
      (await post("/faults", { operationId: "getAgentKeepAlive", status: 503, retryAfter: "2" })).status
    ).toBe(201)
    const faulted = await call("GET", "/conversation/agent/keepalive")
    expect(faulted.status).toBe(503)
    expect(faulted.headers.get("retry-after")).toBe("2")
    expect((await post("/faults", { status: "bad" })).status).toBe(400)

    const log = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as { requests: Array<Json> }
    expect(log.requests.map((r) => r.operationId)).toEqual(["getAgentKeepAlive"])
    expect(JSON.stringify(log)).not.toContain(mock.simpleKey)

    expect((await post("/reset", {})).status).toBe(204)
    expect(await conversations()).toHaveLength(25)
  })

  it("a customer joins and leaves a queue's waiting list, in JS and over HTTP", async () => {
    const waiting = async (queueName: string): Promise<Array<Json>> => {
      const statuses = (await call("GET", "/conversation/conversations/queues/statuses")).json
        .queue_statuses as Array<Json>
      const queue = statuses.find((q) => q.queue_name === queueName)
      if (queue === undefined) throw new Error(`no queue ${queueName}`)
      const entries = queue.queue_entries as Array<Json>
      expect(queue.customer_waiting_count).toBe(entries.length)
      return entries
    }
    const statuses = (await call("GET", "/conversation/conversations/queues/statuses")).json
      .queue_statuses as Array<Json>
    const queueName = statuses[0]?.queue_name as string
    const before = await waiting(queueName)

    const last = mock.addQueueEntry(queueName, { conversation_participant_name: "Last In" })
    expect(last).toMatchObject({ queue_name: queueName, conversation_participant_name: "Last In" })
    const created = await fetch(`${mock.url}/__mock/queues/${encodeURIComponent(queueName)}/entries`, {
      method: "POST",
      body: JSON.stringify({ conversation_participant_name: "First In", question: "Hi?", first: true })
    })
    expect(created.status).toBe(201)
    const { queue_entry: first } = (await created.json()) as { queue_entry: Json }
    const names = (await waiting(queueName)).map((e) => e.conversation_participant_name)
    expect(names).toEqual(["First In", ...before.map((e) => e.conversation_participant_name), "Last In"])

    const leave = (arn: unknown) =>
      fetch(
        `${mock.url}/__mock/queues/${encodeURIComponent(queueName)}/entries/${encodeURIComponent(String(arn))}`,
        { method: "DELETE" }
      )
    expect((await leave(first.conversation_participant_arn)).status).toBe(204)
    expect((await leave(first.conversation_participant_arn)).status).toBe(404)
    expect(mock.removeQueueEntry(queueName, last!.conversation_participant_arn)).toBe(true)
    expect(await waiting(queueName)).toEqual(before)

    expect(mock.addQueueEntry("no such queue")).toBeUndefined()
    const unknown = await fetch(`${mock.url}/__mock/queues/nope/entries`, { method: "POST", body: "{}" })
    expect(unknown.status).toBe(404)
    const bad = await fetch(`${mock.url}/__mock/queues/${encodeURIComponent(queueName)}/entries`, {
      method: "POST",
      body: JSON.stringify({ first: "yes" })
    })
    expect(bad.status).toBe(400)
  })

  it("reset restores the seeded world", async () => {
    const before = await call("GET", "/conversation/conversations")
    mock.addConversation({})
    await call("PUT", "/conversation/conversations", { body: {} })
    expect(await conversations()).toHaveLength(27)
    mock.reset()
    expect((await call("GET", "/conversation/conversations")).json).toEqual(before.json)
    expect(mock.requests()).toHaveLength(1)
  })

  it("never records credentials in the request log", async () => {
    await call("GET", "/conversation/agent/keepalive")
    await call("GET", "/conversation/agent/keepalive", {
      auth: false,
      headers: { authorization: `Bearer ${mock.oauthToken}`, "X-UltraCart-Api-Version": "2017-03-01" }
    })
    const text = JSON.stringify(mock.requests())
    expect(text).not.toContain(mock.simpleKey)
    expect(text).not.toContain(mock.oauthToken)
  })
})
