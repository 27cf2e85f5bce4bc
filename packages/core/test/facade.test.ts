import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { DEFAULT_SPEC, listOperations, loadDocumentSync } from "@uc-conversation/spec"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  BadRequest,
  CallInterrupted,
  ClientDisposed,
  type ConversationClient,
  conversationApiOperations,
  conversationApiPaginators,
  createConversationClient,
  RateLimited,
  ServerError,
  UltraCartClient,
  UltraCartConfigError,
  UltraCartErrorBase
} from "../src/index.ts"
import { startHostile } from "./hostile.ts"
import { lifecycleOperationIds } from "./mock.ts"

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
    for (const name of lifecycleOperationIds) expect(typeof client[name]).toBe("function")
    const { conversations } = await client.getConversations({ _limit: 3 })
    expect(conversations?.length).toBe(3)
    const started = await client.startConversation({ body: {} })
    const uuid = started.conversation?.conversation_uuid ?? ""
    await expect(client.joinConversation({ conversation_uuid: uuid })).resolves.toBeUndefined()
    const one = await client.getConversation({ conversation_uuid: uuid })
    expect(one.conversation?.conversation_uuid).toBe(uuid)
  })

  it("has exactly one method per entry of the generated operations table, and one per operation", () => {
    // The table against the spec itself, read by the spec library, not against generated code.
    const inSpec = listOperations(loadDocumentSync(DEFAULT_SPEC).doc).map((op) => op.id)
    expect(inSpec).toHaveLength(141)
    expect([...conversationApiOperations].sort()).toEqual(inSpec.sort())
    const methods = Object.keys(client).filter(
      (key) =>
        ![
          "conversations",
          "messagesSince",
          "keepAlive",
          "uploadMultimedia",
          "budget",
          "dispose",
          "paginate"
        ].includes(key)
    )
    expect(methods.sort()).toEqual([...conversationApiOperations].sort())
    // One async iterable per entry of the generated paginators table (x-uc-pagination).
    expect(Object.keys(client.paginate)).toEqual(Object.keys(conversationApiPaginators))
    expect(Object.keys(client.paginate).sort()).toEqual([
      "getConversations",
      "searchAgentStatusHistory",
      "searchPbxCalls"
    ])
  })

  it("rejects with the same error classes (instanceof works), never with a defect", async () => {
    mock.injectFault({ operationId: "getConversation", status: 400 })
    const error = await client.getConversation({ conversation_uuid: "nope" }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequest)
    expect(error).toBeInstanceOf(UltraCartErrorBase)
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

  it("throws an UltraCartConfigError for plain http to a remote host when it is created, before any request", () => {
    expect(() => createConversationClient({ baseUrl: "http://example.com/rest/v2", simpleKey: "k" })).toThrow(
      UltraCartConfigError
    )
    expect(typeof UltraCartClient.layer).toBe("function")
  })
})

describe("Promise facade lifecycle", () => {
  it("rejects calls after dispose() with ClientDisposed (instanceof), without sending anything", async () => {
    const server = await startHostile((_, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end("{}")
    })
    try {
      const uc = createConversationClient({ baseUrl: server.baseUrl, simpleKey: "k-0123456789" })
      await uc.dispose()
      const error = await uc.getConversation({ conversation_uuid: "x" }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ClientDisposed)
      expect(error).toBeInstanceOf(Error)
      expect((error as ClientDisposed).operation).toBe("getConversation")
      expect((error as ClientDisposed).message).toMatch(/disposed/)
      await expect(uc.uploadMultimedia(new Uint8Array([1]), "png", "image/png")).rejects.toBeInstanceOf(
        ClientDisposed
      )
      await expect(uc.conversations()[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ClientDisposed)
      expect(() => uc.keepAlive("1 second")).toThrow(ClientDisposed)
      // A second dispose() is harmless.
      await uc.dispose()
      expect(server.requests()).toBe(0)
    } finally {
      await server.close()
    }
  })

  it("rejects a call in flight at dispose() with CallInterrupted that says so, and closes its socket", async () => {
    const server = await startHostile(() => {
      // never answer
    })
    try {
      // Two requests in flight at once on purpose (this is about dispose(), not the limits): with
      // the scheduler's one-at-a-time default the second would wait and never reach the server.
      const uc = createConversationClient({
        baseUrl: server.baseUrl,
        simpleKey: "k-0123456789",
        rateLimit: "off"
      })
      const pending = uc.getConversation({ conversation_uuid: "x" }).catch((e: unknown) => e)
      const iterator = uc.conversations()[Symbol.asyncIterator]()
      const page = iterator.next().catch((e: unknown) => e)
      // No deadline of its own: the suite's hang timeout is the bound.
      while (server.requests() < 2) await new Promise((resolve) => setTimeout(resolve, 5))
      await uc.dispose()
      const [error, pageError] = await Promise.all([pending, page])
      expect(error).toBeInstanceOf(CallInterrupted)
      expect((error as CallInterrupted).message).toMatch(
        /getConversation was interrupted: the client was disposed/
      )
      expect(pageError).toBeInstanceOf(CallInterrupted)
      expect((pageError as CallInterrupted).operation).toBe("conversations")
      await server.waitForClosed(2)
    } finally {
      await server.close()
    }
  })

  it("throws an UltraCartConfigError naming simpleKey, never quoting it, for a key with a line break", () => {
    const key = "SECRET-KEY-0123456789abcdef"
    let thrown: unknown
    try {
      createConversationClient({ baseUrl: "http://127.0.0.1:1/rest/v2", simpleKey: `${key}\r\n` })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UltraCartConfigError)
    expect((thrown as UltraCartConfigError).option).toBe("simpleKey")
    expect(JSON.stringify(thrown)).not.toContain(key)
    expect(String(thrown)).not.toContain(key)
  })
})
