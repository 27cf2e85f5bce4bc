import { getConversationsPagination } from "@uc-conversation/core"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type ServedTestApp, startServedTestApp } from "./testApp.ts"
import { planBudget } from "./upstream/Budget.ts"

// The console, its client and the mock at the same time scale: the budget's hour lasts 2 minutes,
// so the list is polled about every 0.2 s and the keep-alive every 2 s while a tab is connected.
const timeScale = 30
const plan = planBudget({ timeScale })

let test: ServedTestApp

beforeAll(async () => {
  test = await startServedTestApp(timeScale)
})

afterAll(() => test?.close())

beforeEach(() => {
  test.mock.reset()
})

const get = (path: string) => test.get(path)
const send = (method: string, path: string, json?: unknown) => test.send(method, path, json)

/** Reads an event stream until `predicate` accepts an event, then disconnects. */
const readEvents = async (
  path: string,
  predicate: (name: string, data: unknown) => boolean,
  onOpen?: () => void
) => {
  const abort = new AbortController()
  const response = await fetch(`${test.server.url}${path}`, { signal: abort.signal })
  expect(response.headers.get("content-type")).toContain("text/event-stream")
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ""
  onOpen?.()
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) throw new Error("stream ended")
      buffer += value
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const name = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (name && data && predicate(name, JSON.parse(data)))
          return { name, data: JSON.parse(data) as unknown }
      }
    }
  } finally {
    abort.abort()
  }
}

describe("the agent console app", () => {
  it("serves the page with a strict content security policy", async () => {
    const response = await fetch(`${test.server.url}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'")
    expect(await response.text()).toContain('<script type="module" src="/console.js">')
    expect((await fetch(`${test.server.url}/console.js`)).headers.get("content-type")).toContain("javascript")
  })

  it("tells the browser the backend and the agent, but never a credential or a JWT", async () => {
    const { status, body } = await get("/api/session")
    expect(status).toBe(200)
    expect(body.backend).toBe("mock")
    expect(body.agent.name).toBe("Avery Quinn")
    expect(body.agent.arn).toMatch(/^arn:/)
    expect(JSON.stringify(body)).not.toMatch(/jwt|token/i)
  })

  it("pages conversations and filters them by medium", async () => {
    const first = await get("/api/conversations?limit=5&offset=0")
    expect(first.body.conversations).toHaveLength(5)
    expect(first.body.total).toBeGreaterThan(5)
    const second = await get("/api/conversations?limit=5&offset=5")
    const uuids = (page: { conversations: Array<{ conversation_uuid: string }> }) =>
      page.conversations.map((c) => c.conversation_uuid)
    expect(uuids(second.body).some((uuid) => uuids(first.body).includes(uuid))).toBe(false)
    const sms = await get("/api/conversations?medium=sms&limit=50")
    expect(sms.body.conversations.length).toBeGreaterThan(0)
    expect(sms.body.conversations.every((c: { medium: string }) => c.medium === "sms")).toBe(true)
    expect((await get("/api/conversations?limit=0")).status).toBe(400)
  })

  it("takes the list's page-size ceiling from the spec (generated x-uc-pagination)", async () => {
    const max = getConversationsPagination.maxPageSize
    expect((await get(`/api/conversations?limit=${max}`)).body.limit).toBe(max)
    expect((await get(`/api/conversations?limit=${max + 1}`)).status).toBe(400)
  })

  it("joins and leaves a conversation", async () => {
    const session = await get("/api/session")
    const { body } = await get("/api/conversations?limit=1")
    const uuid: string = body.conversations[0].conversation_uuid
    expect((await send("POST", `/api/conversations/${uuid}/join`)).status).toBe(204)
    const joined = await get(`/api/conversations/${uuid}`)
    const me = joined.body.conversation.participants.find(
      (p: { conversation_participant_arn: string }) =>
        p.conversation_participant_arn === session.body.agent.arn
    )
    expect(me).toBeDefined()
    expect(me.left_dts ?? undefined).toBeUndefined()
    expect((await send("POST", `/api/conversations/${uuid}/leave`)).status).toBe(204)
  })

  it("starts a conversation", async () => {
    const { status, body } = await send("POST", "/api/conversations", {
      participant_arns: ["arn:test:customer"]
    })
    expect(status).toBe(201)
    expect(body.conversation.conversation_uuid).toBeTruthy()
    expect(test.mock.conversation(body.conversation.conversation_uuid)).toBeDefined()
  })

  it("sets the agent's status in every queue the agent works", async () => {
    const { status, body } = await send("PUT", "/api/agent/status", { agent_status: "busy" })
    expect(status).toBe(200)
    const { body: session } = await get("/api/session")
    const mine = body.queues.flatMap((q: { agents?: Array<{ conversation_participant_arn: string }> }) =>
      (q.agents ?? []).filter((a) => a.conversation_participant_arn === session.agent.arn)
    )
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((a: { agent_status: string }) => a.agent_status === "busy")).toBe(true)
    expect((await send("PUT", "/api/agent/status", { agent_status: "asleep" })).status).toBe(400)
  })

  it("uploads an attachment through the presigned flow", async () => {
    const { body } = await get("/api/conversations?limit=1")
    const uuid: string = body.conversations[0].conversation_uuid
    const bytes = new TextEncoder().encode("%PDF-1.4 pretend")
    const response = await fetch(
      `${test.server.url}/api/conversations/${uuid}/attachments?filename=Invoice.PDF`,
      {
        method: "POST",
        headers: { "content-type": "application/pdf" },
        body: bytes
      }
    )
    expect(response.status).toBe(201)
    const uploaded = await response.json()
    expect(uploaded.bytes).toBe(bytes.byteLength)
    const stored = test.mock.upload(uploaded.key)
    expect(stored).toBeDefined()
    expect(new Uint8Array(stored!.bytes)).toEqual(bytes)
  })

  it("pushes new messages of a conversation as server-sent events", async () => {
    const { body } = await get("/api/conversations?limit=1")
    const uuid: string = body.conversations[0].conversation_uuid
    const text = `live ${Date.now()}`
    const event = await readEvents(
      `/api/conversations/${uuid}/events?since=${Date.now()}`,
      (name, data) => name === "message" && (data as { body?: string }).body === text,
      () => setTimeout(() => test.mock.addMessage(uuid, { body: text }), 200)
    )
    expect(event.name).toBe("message")
  })

  it("reports an upstream failure in the tail as an event, then resumes", async () => {
    const { body } = await get("/api/conversations?limit=1")
    const uuid: string = body.conversations[0].conversation_uuid
    test.mock.injectFault({ operationId: "getConversationMessages", status: 429, retryAfter: "1", times: 2 })
    const seen: Array<string> = []
    const text = `through the storm ${Date.now()}`
    // The message makes the list poll see a change; fetching it fails (both attempts), the error
    // is reported, and the next cycle fetches it.
    await readEvents(
      `/api/conversations/${uuid}/events?since=${Date.now()}`,
      (name, data) => {
        seen.push(name === "upstream-error" ? `${name}:${(data as { tag: string }).tag}` : name)
        return name === "message" && (data as { body?: string }).body === text
      },
      () => setTimeout(() => test.mock.addMessage(uuid, { body: text }), 200)
    )
    expect(seen).toEqual(["upstream-error:RateLimited", "message"])
  })

  it("stops polling UltraCart when the browser disconnects", async () => {
    const { body } = await get("/api/conversations?limit=1")
    const uuid: string = body.conversations[0].conversation_uuid
    const calls = () => test.mock.requests().length
    const polls = () => test.mock.requests().filter((r) => r.operationId === "getConversations").length
    const text = `before leaving ${Date.now()}`
    // A tab (its events stream) with a conversation open: the list is polled, the message fetched.
    const abort = new AbortController()
    const tab = await fetch(`${test.server.url}/api/events?tab=leaving&visible=true`, {
      signal: abort.signal
    })
    expect(tab.status).toBe(200)
    await readEvents(
      `/api/conversations/${uuid}/events?since=${Date.now()}&tab=leaving`,
      (name, data) => name === "message" && (data as { body?: string }).body === text,
      () => setTimeout(() => test.mock.addMessage(uuid, { body: text }), 200)
    )
    expect(polls()).toBeGreaterThan(0)
    abort.abort()
    // With no tab connected nothing is polled, keep-alive included. A quiet stretch of twice the
    // longest interval means every loop has stopped. How soon the server notices the disconnect
    // depends on the machine's load, so look for the first quiet stretch instead of timing one; a
    // schedule that never stops is caught by the suite's hang timeout.
    const longest = Math.max(
      ...(["list", "queues", "keepAlive"] as const).map(
        (feature) => plan.intervalMillis(feature, "visible") ?? 0
      )
    )
    for (;;) {
      const before = calls()
      await new Promise((resolve) => setTimeout(resolve, 2 * longest))
      if (calls() === before) break
    }
  })

  it("polls less often when no tab is visible, and says so in the budget it pushes", async () => {
    const interval = (attendance: "visible" | "hidden") =>
      ((plan.intervalMillis("list", attendance) ?? 0) * timeScale) / 1000
    type View = { intervalsSeconds: { list: number }; attendance: string }
    const hidden = await readEvents(
      "/api/events?tab=hidden-tab&visible=false",
      (name, data) => name === "budget" && (data as View).attendance === "hidden"
    )
    expect((hidden.data as View).intervalsSeconds.list).toBe(interval("hidden"))
    expect(interval("hidden")).toBeGreaterThan(interval("visible"))
    const visible = await readEvents(
      "/api/events?tab=shown-tab&visible=false",
      (name, data) => name === "budget" && (data as View).attendance === "visible",
      () => setTimeout(() => void send("POST", "/api/tabs/shown-tab/visibility", { visible: true }), 100)
    )
    expect((visible.data as View).intervalsSeconds.list).toBe(interval("visible"))
    expect((await send("POST", "/api/tabs/no-such-tab/visibility", { visible: true })).status).toBe(404)
  })

  it("pushes the list, the queues and what each feature spent to every tab", async () => {
    const seen = new Set<string>()
    type View = {
      limit: number
      target: number
      used: number
      byFeature: Record<string, number>
      planned: Record<string, number>
    }
    const budget = await readEvents("/api/events?tab=meter", (name, data) => {
      seen.add(name)
      return (
        name === "budget" &&
        seen.has("conversations") &&
        seen.has("queues") &&
        (data as View).byFeature.list! > 0
      )
    })
    const view = budget.data as View
    expect(view.limit).toBe(1000)
    expect(view.target).toBe(800)
    expect(view.used).toBeGreaterThan(0)
    expect(Object.keys(view.byFeature).sort()).toEqual(["actions", "keepAlive", "list", "messages", "queues"])
    expect(Object.values(view.planned).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(800)
  })

  it("reports the keep-alive as a status event", async () => {
    const event = await readEvents(
      "/api/events",
      (name, data) => name === "status" && (data as { state: string }).state === "ok"
    )
    expect((event.data as { lastOkAt: string }).lastOkAt).toMatch(/^\d{4}-/)
  })

  it("explains a rate limit with the wait, as 429", async () => {
    // Armed until cleared: the server's own background list poll may call getConversations first,
    // and a fault it used up would leave this request a 200.
    test.mock.injectFault({ operationId: "getConversations", status: 429, retryAfter: "7", times: "always" })
    const answer = await get("/api/conversations").finally(() => test.mock.clearFaults())
    const { status, headers, body } = answer
    expect(status).toBe(429)
    expect(headers.get("retry-after")).toBe("7")
    expect(body.error).toMatchObject({
      tag: "RateLimited",
      retryAfterSeconds: 7,
      operation: "getConversations"
    })
  })

  it("explains a refused credential as 401", async () => {
    // Armed until cleared, for the same reason as above (the background queue poll).
    test.mock.injectFault({
      operationId: "getConversationWebchatQueueStatuses",
      status: 401,
      times: "always"
    })
    const { status, body } = await get("/api/queues").finally(() => test.mock.clearFaults())
    expect(status).toBe(401)
    expect(body.error.tag).toBe("Unauthorized")
  })

  it("logs every upstream call with its timing and never the key", () => {
    expect(
      test.lines.some((line) =>
        /^upstream GET \S+\/conversation\/conversations\?\S* -> 200 \(\d+ ms\)$/.test(line)
      )
    ).toBe(true)
    expect(test.lines.some((line) => /^upstream PUT .* -> 2\d\d/.test(line))).toBe(true)
    expect(test.lines.join("\n")).not.toContain(test.mock.simpleKey)
  })
})
