import type { MockServer } from "@uc-conversation/mock-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { missingPermissionMessage } from "../wire.ts"
import { type ServedTestApp, startServedTestApp } from "./testApp.ts"

// Each describe starts its own console: the access is read once per console, so an agent's roles
// cannot be changed under a console that has already read them.
const timeScale = 30

/**
 * A console of the describe's own: started (then `prepare`d) before its tests, closed after. The
 * returned function gives the started one.
 */
const ownConsole = (prepare: (mock: MockServer) => Promise<void> = async () => {}) => {
  let started: ServedTestApp | undefined
  beforeAll(async () => {
    started = await startServedTestApp(timeScale)
    await prepare(started.mock)
  })
  afterAll(() => started?.close())
  return (): ServedTestApp => {
    if (started === undefined) throw new Error("the console did not start")
    return started
  }
}

/** How many times the mock answered `operationId`. */
const callsOf = (mock: MockServer, operationId: string) =>
  mock.requests().filter((request) => request.operationId === operationId).length

/**
 * From now on the mock's agent lacks the chat user and chat admin roles: its own authorization
 * answer, with those two flags turned off, is served instead of the real one.
 */
const withoutChatRoles = async (mock: MockServer): Promise<void> => {
  const response = await fetch(`${mock.baseUrl}/conversation/agent/auth`, {
    method: "PUT",
    headers: { "x-ultracart-simple-key": mock.simpleKey, ...mock.requiredHeaders }
  })
  const body = await response.json()
  expect(body.agent_auth.chat_user).toBe(true)
  mock.injectFault({
    operationId: "getAgentWebsocketAuthorization",
    body: { ...body, agent_auth: { ...body.agent_auth, chat_user: false, chat_admin: false } },
    times: "always"
  })
}

describe("an agent with the chat user role", () => {
  const current = ownConsole()

  it("gets its roles and permissions with the session, read from UltraCart once", async () => {
    const test = current()
    // The page asks for the session and the profile together when it loads: one read each.
    const [first, profile] = await Promise.all([test.get("/api/session"), test.get("/api/agent/profile")])
    expect(first.status).toBe(200)
    expect(profile.status).toBe(200)
    expect(first.body.access).toEqual({ chat_user: true, chat_admin: true, edit_settings: true })
    expect((await test.get("/api/session")).body.access).toEqual(first.body.access)
    const uuid: string = (await test.get("/api/conversations?limit=1")).body.conversations[0]
      .conversation_uuid
    expect((await test.send("POST", `/api/conversations/${uuid}/join`)).status).toBe(204)
    expect((await test.send("PUT", "/api/agent/status", { agent_status: "busy" })).status).toBe(200)
    expect(callsOf(test.mock, "getAgentWebsocketAuthorization")).toBe(1)
    expect(callsOf(test.mock, "getConversationPermissions")).toBe(1)
    expect(callsOf(test.mock, "joinConversation")).toBe(1)
  })
})

describe("an agent without the chat user role", () => {
  const current = ownConsole(withoutChatRoles)

  it("is told so with the session", async () => {
    const test = current()
    const { status, body } = await test.get("/api/session")
    expect(status).toBe(200)
    expect(body.agent.name).toBe("Avery Quinn")
    expect(body.access).toEqual({ chat_user: false, chat_admin: false, edit_settings: true })
  })

  it("is refused join, start, status changes and attachments with 403, and nothing reaches UltraCart", async () => {
    const test = current()
    const uuid: string = (await test.get("/api/conversations?limit=1")).body.conversations[0]
      .conversation_uuid
    const upload = await fetch(`${test.server.url}/api/conversations/${uuid}/attachments?filename=a.txt`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello"
    })
    const refused = [
      await test.send("POST", `/api/conversations/${uuid}/join`),
      await test.send("POST", "/api/conversations", { participant_arns: ["arn:test:customer"] }),
      await test.send("PUT", "/api/agent/status", { agent_status: "busy" }),
      { status: upload.status, body: await upload.json() }
    ]
    for (const answer of refused) {
      expect(answer.status).toBe(403)
      expect(answer.body).toEqual({
        error: { tag: "PermissionDenied", status: 403, message: missingPermissionMessage.chat_user }
      })
    }
    for (const operationId of [
      "joinConversation",
      "startConversation",
      "updateConversationWebchatQueueStatus",
      "getConversationMultimediaUploadUrl"
    ])
      expect(callsOf(test.mock, operationId)).toBe(0)
  })

  it("may still read, and leave a conversation", async () => {
    const test = current()
    const uuid: string = (await test.get("/api/conversations?limit=1")).body.conversations[0]
      .conversation_uuid
    expect((await test.get(`/api/conversations/${uuid}`)).status).toBe(200)
    expect((await test.get("/api/queues")).status).toBe(200)
    expect((await test.send("POST", `/api/conversations/${uuid}/leave`)).status).toBe(204)
  })
})

describe("permissions UltraCart did not answer", () => {
  const current = ownConsole()

  it("are not guessed: the session says why, a gated action is not sent, and the next request reads them", async () => {
    const test = current()
    // Armed until cleared: the client's one quick retry meets it too.
    test.mock.injectFault({ operationId: "getConversationPermissions", status: 503, times: "always" })
    const session = await test.get("/api/session")
    expect(session.body.agent.name).toBe("Avery Quinn")
    expect(session.body.access).toBeNull()
    expect(session.body.error).toMatchObject({ tag: "ServerError", operation: "getConversationPermissions" })
    const uuid: string = (await test.get("/api/conversations?limit=1")).body.conversations[0]
      .conversation_uuid
    expect((await test.send("POST", `/api/conversations/${uuid}/join`)).status).toBe(503)
    expect(callsOf(test.mock, "joinConversation")).toBe(0)
    test.mock.clearFaults()
    expect((await test.get("/api/session")).body.access).toMatchObject({ chat_user: true })
    expect((await test.send("POST", `/api/conversations/${uuid}/join`)).status).toBe(204)
  })
})
