import { listOperations } from "@uc-conversation/spec"
import { describe, expect, it } from "vitest"
import { rawCall } from "../../test/rawCall.ts"
import { sampleRequest } from "../../test/sampleRequests.ts"
import { type MockServer, startMockServer } from "../index.ts"
import { route } from "./api.ts"
import { handlers } from "./operations.ts"
import { engineFor } from "./resources/engine.ts"
import { DEFAULT_SEED } from "./seed.ts"
import { compileSpec, loadSpec } from "./spec.ts"

const spec = loadSpec()

describe("spec loading", () => {
  it("finds every operation of the document, the 2022 eleven among them", () => {
    const ids = spec.operations.map((o) => o.operationId)
    expect(ids.length).toBe(listOperations(spec.document).length)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(
      expect.arrayContaining([
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
    )
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
    const answer = await rawCall(mock, method, path, body)
    return { status: answer.status, body: answer.status === 204 ? undefined : (answer.json as unknown) }
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

  it("for every operation of the spec: none falls through, every 2xx body validates, every engine operation succeeds", async () => {
    const mock = await startMockServer({ port: 0, rateLimit: "off" })
    // The engine seeds deterministically: a twin with the mock's seed knows the seeded ids.
    const twin = engineFor(spec, DEFAULT_SEED)
    try {
      const list = await call(mock, "GET", "/conversation/conversations")
      const uuid = (list.body as { conversations: Array<{ conversation_uuid: string }> }).conversations[0]!
        .conversation_uuid
      // Deletes last, so nothing another operation reads is gone.
      const ordered = [...spec.operations].sort(
        (a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE")
      )
      for (const operation of ordered) {
        const id = operation.operationId
        const request = sampleRequest(twin, operation, (name) =>
          name === "conversation_uuid"
            ? uuid
            : name === "queue_name"
              ? "Support"
              : name === "since"
                ? "0"
                : undefined
        )
        const offered =
          id === "purchasePbxPhoneNumber"
            ? (
                (await call(mock, "GET", "/conversation/pbx/phone_number/search?country=US")).body as {
                  available_phone_numbers: Array<{ phone_number: string }>
                }
              ).available_phone_numbers[0]?.phone_number
            : undefined
        const body = offered === undefined ? request.body : { phone_number: offered }
        const result = await call(mock, request.method, request.path, body)
        expect([404, 405, 500, 501], `${id} answered ${result.status}`).not.toContain(result.status)
        // Hand-handled operations have their own suites; every engine operation must succeed here.
        if (handlers[id] === undefined)
          expect(result.status, `${id}: ${JSON.stringify(result.body)}`).toBeLessThan(300)
        if (result.status >= 300) continue
        const schema = twin.shapes.operations.get(id)?.response.schema
        if (schema === undefined) expect(result.status, id).toBe(204)
        else expect(spec.validateAt(schema.pointer, result.body), id).toBeUndefined()
      }
    } finally {
      await mock.close()
    }
  })
})
