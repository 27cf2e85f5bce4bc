import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  BadRequest,
  ConfigError,
  type ConversationClient,
  createConversationClient,
  RateLimited,
  ServerError,
  UltraCartClient
} from "../src/index.ts"
import { operationIds } from "./mock.ts"

let mock: MockServer
let client: ConversationClient
const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  mock = await startMockServer({ port: 0 })
  process.on("unhandledRejection", onUnhandled)
})
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled)
  await mock.close()
})
beforeEach(() => {
  mock.reset()
  client = createConversationClient({
    baseUrl: mock.baseUrl,
    simpleKey: mock.simpleKey,
    retry: { initialDelay: 1, maxDelay: 5 }
  })
})
afterEach(async () => {
  await client.dispose()
  expect(unhandled).toEqual([])
})

describe("Promise facade", () => {
  it("offers every operation as a method and resolves with decoded bodies", async () => {
    for (const name of operationIds) expect(typeof client[name]).toBe("function")
    const { conversations } = await client.getConversations({ _limit: 3 })
    expect(conversations?.length).toBe(3)
    const started = await client.startConversation({ body: {} })
    const uuid = started.conversation?.conversation_uuid ?? ""
    await expect(client.joinConversation({ conversation_uuid: uuid })).resolves.toBeUndefined()
    const one = await client.getConversation({ conversation_uuid: uuid })
    expect(one.conversation?.conversation_uuid).toBe(uuid)
  })

  it("rejects with the same error classes (instanceof works), never with a defect", async () => {
    mock.injectFault({ operationId: "getConversation", status: 400 })
    const error = await client.getConversation({ conversation_uuid: "nope" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequest)
    expect((error as BadRequest).status).toBe(400)
    expect(String(error)).not.toContain(mock.simpleKey)

    mock.injectFault({ operationId: "startConversation", status: 429, retryAfter: "2" })
    const limited = await client.startConversation({ body: {} }).catch((e: unknown) => e)
    expect(limited).toBeInstanceOf(RateLimited)
    expect((limited as RateLimited).retryAfterMillis).toBe(2000)
    expect(mock.requests().filter((r) => r.operationId === "startConversation")).toHaveLength(1)

    mock.injectFault({ operationId: "getConversations", status: 503, times: "always" })
    await expect(client.getConversations({}, { retry: false })).rejects.toBeInstanceOf(ServerError)
    mock.clearFaults()
  })

  it("iterates every page and tails messages as async iterables", async () => {
    let count = 0
    for await (const summary of client.conversations({}, { pageSize: 6 })) {
      expect(typeof summary.conversation_uuid).toBe("string")
      count++
    }
    const all = await client.getConversations({ _limit: 200 })
    expect(count).toBe(all.conversations?.length)

    mock.addConversation({ conversation_uuid: "facade-tail" })
    const first = mock.addMessage("facade-tail", { body: "one" })
    setTimeout(() => mock.addMessage("facade-tail", { body: "two" }), 40)
    const bodies: Array<string | null | undefined> = []
    for await (const message of client.messagesSince("facade-tail", first.message_epoch ?? 0, {
      every: "10 millis"
    })) {
      bodies.push(message.body)
      if (bodies.length === 2) break
    }
    expect(bodies).toEqual(["one", "two"])
    // Leaving the loop stops the polling.
    const polls = () => mock.requests().filter((r) => r.operationId === "getConversationMessages").length
    const afterBreak = polls()
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(polls()).toBe(afterBreak)
  })

  it("runs and stops the keep-alive, and uploads through a presigned URL", async () => {
    const handle = client.keepAlive("20 millis")
    await new Promise((resolve) => setTimeout(resolve, 120))
    await handle.stop()
    // A beat in flight when stop() interrupts it may still reach the mock's log; let it land
    // before counting, then prove no new beat starts (a running 20 ms cadence would add ~5).
    await new Promise((resolve) => setTimeout(resolve, 60))
    const beats = mock.requests().filter((r) => r.operationId === "getAgentKeepAlive").length
    expect(beats).toBeGreaterThanOrEqual(2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(mock.requests().filter((r) => r.operationId === "getAgentKeepAlive").length).toBe(beats)

    const uploaded = await client.uploadMultimedia(new TextEncoder().encode("hello"), "txt", "text/plain")
    expect(new TextDecoder().decode(mock.upload(uploaded.key)?.bytes)).toBe("hello")
  })

  it("reports keep-alive failures that retrying cannot fix through onError", async () => {
    mock.injectFault({ operationId: "getAgentKeepAlive", status: 401, times: "always" })
    const failure = await new Promise<unknown>((resolve) => client.keepAlive("1 second", resolve))
    expect(failure).toMatchObject({ _tag: "Unauthorized" })
    mock.clearFaults()
  })

  it("accepts an OAuth token function, called for every request", async () => {
    let calls = 0
    const oauth = createConversationClient({
      baseUrl: mock.baseUrl,
      oauthToken: async () => {
        calls++
        return mock.oauthToken
      }
    })
    await oauth.getAgentKeepAlive()
    await oauth.getConversations({ _limit: 1 })
    expect(calls).toBe(2)
    await oauth.dispose()
  })

  it("rejects with a ConfigError for plain http to a remote host, before any request", async () => {
    const remote = createConversationClient({ baseUrl: "http://example.com/rest/v2", simpleKey: "k" })
    await expect(remote.getConversations()).rejects.toBeInstanceOf(ConfigError)
    await remote.dispose()
    expect(typeof UltraCartClient.layer).toBe("function")
  })
})
