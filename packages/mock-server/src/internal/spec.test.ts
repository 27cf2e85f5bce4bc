import { describe, expect, it } from "vitest"
import { type MockServer, startMockServer } from "../index.ts"
import { route } from "./api.ts"
import { compileSpec, loadSpec } from "./spec.ts"

const spec = loadSpec()

describe("spec loading", () => {
  it("finds all 11 operations of the document", () => {
    expect(spec.operations.map((o) => o.operationId).sort()).toEqual([
      "getAgentKeepAlive",
      "getAgentWebsocketAuthorization",
      "getConversation",
      "getConversationMessages",
      "getConversationMultimediaUploadUrl",
      "getConversationWebchatQueueStatuses",
      "getConversations",
      "joinConversation",
      "leaveConversation",
      "startConversation",
      "updateConversationWebchatQueueStatus"
    ])
  })

  it("reads getConversations' paging from the spec's x-uc-pagination and the limit's default", () => {
    const paging = spec.operations.find((o) => o.operationId === "getConversations")?.paging
    expect(paging).toEqual({ limit: "_limit", offset: "_offset", maxPageSize: 200, defaultPageSize: 100 })
    expect(spec.operations.find((o) => o.operationId === "getConversation")?.paging).toBeUndefined()
  })

  it("takes page sizes from whatever spec it serves (no default: the maximum)", () => {
    const doc = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/conversation/conversations": {
          get: {
            operationId: "getConversations",
            "x-uc-pagination": { limit: "n", offset: "at", items: "conversations", max: 7 },
            parameters: [
              { name: "n", in: "query", schema: { type: "integer" } },
              { name: "at", in: "query", schema: { type: "integer" } }
            ],
            responses: { "200": { description: "ok" } }
          }
        }
      }
    }
    expect(compileSpec("inline.yaml", doc).operations[0]?.paging).toEqual({
      limit: "n",
      offset: "at",
      maxPageSize: 7,
      defaultPageSize: 7
    })
  })

  it("routes literal segments before parameters and keeps an encoded slash inside its parameter", () => {
    const statuses = route(spec.operations, "GET", "/conversation/conversations/queues/statuses")
    expect(statuses._tag === "Matched" && statuses.operation.operationId).toBe(
      "getConversationWebchatQueueStatuses"
    )
    const encoded = route(spec.operations, "GET", "/conversation/conversations/a%2Fb%20c")
    expect(encoded).toMatchObject({ _tag: "Matched", pathParams: { conversation_uuid: "a/b c" } })
    expect(route(spec.operations, "POST", "/conversation/agent/keepalive")).toEqual({
      _tag: "MethodNotAllowed",
      allow: ["GET"]
    })
    expect(route(spec.operations, "GET", "/conversation/conversations/%E0%A4%A")._tag).toBe("BadEncoding")
    expect(route(spec.operations, "GET", "/elsewhere")._tag).toBe("NoSuchPath")
  })

  it("uses an explicit path or nothing, and says where it looked", () => {
    expect(() => loadSpec("/nonexistent/spec.yaml")).toThrow(/nonexistent\/spec\.yaml/)
    expect(loadSpec().path).toMatch(/conversation\.openapi\.yaml$/)
  })
})

describe("every success body conforms to the spec's response schema", () => {
  const call = async (mock: MockServer, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${mock.baseUrl}${path}`, {
      method,
      headers: {
        "x-ultracart-simple-key": mock.simpleKey,
        "X-UltraCart-Api-Version": "2017-03-01",
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return {
      status: response.status,
      body: response.status === 204 ? undefined : ((await response.json()) as unknown)
    }
  }

  it("for each operation that answers with a body", async () => {
    const mock = await startMockServer({ port: 0, rateLimit: "off" })
    try {
      const list = await call(mock, "GET", "/conversation/conversations")
      const uuid = (list.body as { conversations: Array<{ conversation_uuid: string }> }).conversations[0]!
        .conversation_uuid
      const checks: Array<[string, string, string, unknown?]> = [
        ["ConversationsResponse", "GET", "/conversation/conversations"],
        ["ConversationResponse", "GET", `/conversation/conversations/${uuid}`],
        ["ConversationMessagesResponse", "GET", `/conversation/conversations/${uuid}/messages/0`],
        ["ConversationWebchatQueueStatusesResponse", "GET", "/conversation/conversations/queues/statuses"],
        ["ConversationAgentAuthResponse", "PUT", "/conversation/agent/auth"],
        ["ConversationMultimediaUploadUrlResponse", "GET", "/conversation/upload_url/jpg"],
        ["ConversationStartResponse", "PUT", "/conversation/conversations", { conversation_arn: "arn:x" }],
        ["ErrorResponse", "GET", "/conversation/conversations/missing"]
      ]
      for (const [schema, method, path, body] of checks) {
        const result = await call(mock, method, path, body)
        expect(result.body, path).toBeDefined()
        expect(spec.validateComponent(schema, result.body), `${method} ${path}`).toBeUndefined()
      }
    } finally {
      await mock.close()
    }
  })
})
