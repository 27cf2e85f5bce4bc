import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { ConversationApi } from "../src/generated/ConversationApi.gen.ts"
import { getConversation } from "../src/generated/operations/getConversation.gen.ts"
import { getConversationMessages } from "../src/generated/operations/getConversationMessages.gen.ts"
import { joinConversation } from "../src/generated/operations/joinConversation.gen.ts"
import { UltraCartClient } from "../src/runtime/client.ts"
import { type AuthKind, lifecycleOperationIds, mockClient, mockServer } from "./mock.ts"

describe.each<AuthKind>(["simpleKey", "oauthToken"])("every operation end to end (%s)", (auth) => {
  it.live("all 11 operations succeed against the mock and decode", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const program = Effect.gen(function* () {
        const api = yield* ConversationApi
        const agent = yield* api.getAgentWebsocketAuthorization()
        assert.isDefined(agent.agent_auth)
        yield* api.getAgentKeepAlive()
        const list = yield* api.getConversations({ _limit: 5 })
        assert.strictEqual(list.conversations?.length, 5)
        const started = yield* api.startConversation({ body: {} })
        const uuid = started.conversation?.conversation_uuid
        if (typeof uuid !== "string") return assert.fail("startConversation returned no uuid")
        const queues = yield* api.getConversationWebchatQueueStatuses()
        const queueName = queues.queue_statuses?.[0]?.queue_name
        if (typeof queueName !== "string") return assert.fail("no queue")
        yield* api.updateConversationWebchatQueueStatus({
          queue_name: queueName,
          body: { agent_status: "available" }
        })
        const one = yield* api.getConversation({ conversation_uuid: uuid })
        assert.strictEqual(one.conversation?.conversation_uuid, uuid)
        yield* api.joinConversation({
          conversation_uuid: uuid,
          body: { participant_language_iso_code: "en" }
        })
        yield* api.getConversationMessages({ conversation_uuid: uuid, since: 0, limit: 10 })
        const upload = yield* api.getConversationMultimediaUploadUrl({ extension: "png" })
        assert.isString(upload.conversation_multimedia_upload_url?.url)
        yield* api.leaveConversation({ conversation_uuid: uuid })
      })
      yield* program.pipe(Effect.provide(mockClient(mock, auth)))
      const log = mock.requests()
      assert.deepStrictEqual(
        log.map((r) => r.operationId),
        [...lifecycleOperationIds]
      )
      for (const entry of log)
        assert.isTrue(entry.status >= 200 && entry.status < 300, `${entry.operationId} ${entry.status}`)
    })
  )

  it.live("a wrong credential is Unauthorized, carrying UC-REST-ERROR and never the credential", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const wrong = "definitely-wrong-credential-1234"
      const layer = UltraCartClient.layer({
        baseUrl: mock.baseUrl,
        ...(auth === "simpleKey" ? { simpleKey: Redacted.make(wrong) } : { oauthToken: Redacted.make(wrong) })
      }).pipe(Layer.provide(FetchHttpClient.layer))
      const error = yield* Effect.flip(
        getConversation({ conversation_uuid: "x" }).pipe(Effect.provide(layer))
      )
      assert.strictEqual(error._tag, "Unauthorized")
      if (error._tag !== "Unauthorized") return
      assert.strictEqual(error.status, 401)
      assert.isString(error.ucRestError)
      for (const text of [String(error), JSON.stringify(error), error.message]) assert.notInclude(text, wrong)
      // 401 is not transient: exactly one request.
      assert.strictEqual(mock.requests().length, 1)
    })
  )
})

describe("path parameters reach the mock exactly", () => {
  const awkward = ["a/b", "what?x=1", "frag#ment", "100%", "two words", "ünïcødé 日本", "a+b&c=d;e"]
  it.live(
    "getConversation / joinConversation / getConversationMessages find conversations by the exact uuid",
    () =>
      Effect.gen(function* () {
        const mock = yield* mockServer
        for (const uuid of awkward) mock.addConversation({ conversation_uuid: uuid })
        const program = Effect.gen(function* () {
          for (const uuid of awkward) {
            const found = yield* getConversation({ conversation_uuid: uuid })
            assert.strictEqual(found.conversation?.conversation_uuid, uuid)
            yield* joinConversation({ conversation_uuid: uuid })
            yield* getConversationMessages({ conversation_uuid: uuid, since: 0 })
          }
        })
        yield* program.pipe(Effect.provide(mockClient(mock)))
        const seen = mock.requests().filter((r) => r.operationId === "getConversation")
        assert.deepStrictEqual(
          seen.map((r) => r.pathParams.conversation_uuid),
          awkward
        )
        for (const r of mock.requests())
          assert.strictEqual(r.status < 300, true, `${r.operationId} ${r.path} ${r.status}`)
      })
  )
})
