import { request } from "node:http"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../index.ts"
import { makeFaultQueue, mutateBody, parseFault } from "./faults.ts"
import { loadSpec } from "./spec.ts"

let mock: MockServer

beforeAll(async () => {
  mock = await startMockServer({ port: 0, rateLimit: "off" })
})
afterEach(() => mock.reset())
afterAll(() => mock.close())

type Json = Record<string, unknown>

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  "x-ultracart-simple-key": mock.simpleKey,
  "X-UltraCart-Api-Version": "2017-03-01",
  ...extra
})

const get = (path: string, extra: Record<string, string> = {}): Promise<Response> =>
  fetch(`${mock.baseUrl}${path}`, { headers: headers(extra) })

/** A raw node:http GET that reports what arrived on the socket, including an early close. */
const rawGet = (
  path: string
): Promise<{
  status: number | undefined
  declaredLength: number
  received: number
  error: string | undefined
}> =>
  new Promise((resolve) => {
    const url = new URL(`${mock.baseUrl}${path}`)
    let status: number | undefined
    let declaredLength = -1
    let received = 0
    const req = request(url, { headers: headers(), agent: false }, (res) => {
      status = res.statusCode
      declaredLength = Number(res.headers["content-length"] ?? -1)
      res.on("data", (chunk: Buffer) => {
        received += chunk.length
      })
      res.on("end", () => resolve({ status, declaredLength, received, error: undefined }))
      res.on("error", (e) => resolve({ status, declaredLength, received, error: e.message }))
      res.on("aborted", () => resolve({ status, declaredLength, received, error: "aborted" }))
    })
    req.on("error", (e) => resolve({ status, declaredLength, received, error: e.message }))
    req.end()
  })

describe("fault injection", () => {
  it("is never on by default", async () => {
    const fresh = await startMockServer({ port: 0, rateLimit: "off" })
    try {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${fresh.baseUrl}/conversation/agent/keepalive`, {
          headers: { "x-ultracart-simple-key": fresh.simpleKey, "X-UltraCart-Api-Version": "2017-03-01" }
        })
        expect(response.status).toBe(204)
      }
      expect(fresh.requests().every((r) => r.fault === undefined)).toBe(true)
    } finally {
      await fresh.close()
    }
  })

  it("answers a status fault with an ErrorResponse, UC-REST-ERROR and Retry-After, `times` times", async () => {
    mock.injectFault({ operationId: "getConversations", status: 429, retryAfter: "3", times: 2 })
    for (let i = 0; i < 2; i++) {
      const response = await get("/conversation/conversations")
      expect(response.status).toBe(429)
      expect(response.headers.get("retry-after")).toBe("3")
      expect(response.headers.get("uc-rest-error")).toContain("429")
      expect(await response.json()).toMatchObject({ success: false, error: { error_code: "429" } })
    }
    expect((await get("/conversation/conversations")).status).toBe(200)
    expect(mock.requests().map((r) => r.status)).toEqual([429, 429, 200])
    expect(mock.requests()[0]?.fault).toMatchObject({ status: 429 })
  })

  it("matches faults by operationId, or every operation when none is given", async () => {
    mock.injectFault({ operationId: "getConversation", status: 500 })
    expect((await get("/conversation/agent/keepalive")).status).toBe(204)
    const list = (await (await get("/conversation/conversations?_limit=1")).json()) as Json
    const uuid = (list.conversations as Array<Json>)[0]?.conversation_uuid as string
    expect((await get(`/conversation/conversations/${uuid}`)).status).toBe(500)
    mock.injectFault({ status: 502, times: "always" })
    expect((await get("/conversation/agent/keepalive")).status).toBe(502)
    expect((await get("/conversation/conversations")).status).toBe(502)
    mock.clearFaults()
    expect((await get("/conversation/agent/keepalive")).status).toBe(204)
  })

  it("delays by latencyMs before answering", async () => {
    mock.injectFault({ operationId: "getAgentKeepAlive", latencyMs: 150 })
    const started = performance.now()
    const response = await get("/conversation/agent/keepalive")
    expect(response.status).toBe(204)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it("resets the connection", async () => {
    mock.injectFault({ operationId: "getAgentKeepAlive", reset: true })
    await expect(get("/conversation/agent/keepalive")).rejects.toThrow()
    expect(mock.requests().at(-1)).toMatchObject({ operationId: "getAgentKeepAlive", status: 0 })
    expect((await get("/conversation/agent/keepalive")).status).toBe(204)
  })

  it("truncates the body: fewer bytes than Content-Length, then the socket closes", async () => {
    mock.injectFault({ operationId: "getConversations", truncate: true })
    const result = await rawGet("/conversation/conversations")
    expect(result.status).toBe(200)
    expect(result.declaredLength).toBeGreaterThan(1000)
    expect(result.received).toBeLessThan(result.declaredLength)
    expect(result.error).toBeDefined()
  })

  it("sends malformed JSON with a JSON content type", async () => {
    mock.injectFault({ operationId: "getConversations", malformedJson: true })
    const response = await get("/conversation/conversations")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("application/json")
    const text = await response.text()
    expect(text.startsWith('{"success":true')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
  })

  it("sends the wrong content type, with a custom body", async () => {
    mock.injectFault({
      operationId: "getConversations",
      status: 502,
      contentType: "text/html",
      body: "<html><body>Bad Gateway</body></html>"
    })
    const response = await get("/conversation/conversations")
    expect(response.status).toBe(502)
    expect(response.headers.get("content-type")).toBe("text/html")
    expect(await response.text()).toContain("Bad Gateway")
  })

  it("sends a schema-mismatched body on a 200", async () => {
    mock.injectFault({
      operationId: "getConversations",
      body: { success: true, conversations: "not-a-list" }
    })
    const body = (await (await get("/conversation/conversations")).json()) as Json
    expect(body.conversations).toBe("not-a-list")
    expect(loadSpec().validateComponent("ConversationsResponse", body)).toContain("conversations")
  })

  it("mutates bodies: unknown enum values, nulls and extra fields", async () => {
    const spec = loadSpec()
    const clean = (await (await get("/conversation/conversations")).json()) as Json
    expect(spec.validateComponent("ConversationsResponse", clean)).toBeUndefined()

    mock.injectFault({ operationId: "getConversations", mutate: "unknownEnum" })
    const unknownEnum = (await (await get("/conversation/conversations")).json()) as Json
    const mediums = (unknownEnum.conversations as Array<Json>).map((c) => c.medium)
    expect(new Set(mediums)).toEqual(new Set(["carrier_pigeon"]))
    expect(spec.validateComponent("ConversationsResponse", unknownEnum)).toMatch(/allowed values/)

    mock.injectFault({ operationId: "getConversations", mutate: "nulls" })
    const nulls = (await (await get("/conversation/conversations")).json()) as Json
    const first = (nulls.conversations as Array<Json>)[0]!
    expect(first.conversation_uuid).toBeNull()
    expect(first.closed).toBeNull()
    expect(((nulls.metadata as Json).result_set as Json).total_records).toBeNull()
    expect(nulls.success).toBe(true)

    mock.injectFault({ operationId: "getConversations", mutate: "extraFields" })
    const extra = (await (await get("/conversation/conversations")).json()) as Json
    expect((extra.conversations as Array<Json>)[0]).toHaveProperty("x_mock_unannounced_field")
    // Extra fields are allowed by the spec: a client must tolerate them.
    expect(spec.validateComponent("ConversationsResponse", extra)).toBeUndefined()
  })

  it("takes a one-off fault from the x-mock-fault header", async () => {
    const response = await get("/conversation/agent/keepalive", {
      "x-mock-fault": JSON.stringify({ status: 503, retryAfter: "1" })
    })
    expect(response.status).toBe(503)
    expect(response.headers.get("retry-after")).toBe("1")
    expect((await get("/conversation/agent/keepalive")).status).toBe(204)
    const bad = await get("/conversation/agent/keepalive", { "x-mock-fault": "{not json" })
    expect(bad.status).toBe(400)
  })

  it("applies to the presigned upload PUT as the pseudo-operation uploadPut", async () => {
    const upload = (await (await get("/conversation/upload_url/bin")).json()) as Json
    const { url } = upload.conversation_multimedia_upload_url as { url: string }
    mock.injectFault({ operationId: "uploadPut", status: 503, retryAfter: "1" })
    expect((await fetch(url, { method: "PUT", body: "x" })).status).toBe(503)
    expect((await fetch(url, { method: "PUT", body: "x" })).status).toBe(200)
  })
})

describe("fault specs", () => {
  it("rejects malformed specs", () => {
    expect(parseFault({ status: 42 })).toMatch(/status/)
    expect(parseFault({ times: 0 })).toMatch(/times/)
    expect(parseFault({ mutate: "shuffle" })).toMatch(/mutate/)
    expect(parseFault({ surprise: true })).toMatch(/unknown fault field/)
    expect(parseFault([])).toMatch(/object/)
    expect(() => mock.injectFault({ latencyMs: -1 })).toThrow(TypeError)
  })

  it("counts down and drops a fault once `times` is used up, first armed first", () => {
    const queue = makeFaultQueue()
    queue.add({ operationId: "a", status: 500, times: 2 })
    queue.add({ status: 503 })
    expect(queue.take("a")?.status).toBe(500)
    expect(queue.take("b")?.status).toBe(503)
    expect(queue.take("b")).toBeUndefined()
    expect(queue.take("a")?.status).toBe(500)
    expect(queue.take("a")).toBeUndefined()
  })

  it("mutateBody leaves its input untouched", () => {
    const body = { success: true, conversations: [{ medium: "sms", closed: false }] }
    const snapshot = structuredClone(body)
    mutateBody(body, "nulls")
    mutateBody(body, "unknownEnum")
    expect(body).toEqual(snapshot)
  })
})
