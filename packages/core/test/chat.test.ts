/**
 * The chat operations of the current ConversationApi through the generated client, over a real
 * socket to the mock: mark read, search, autocomplete, webchat context, SMS unsubscribe, and the
 * 2022 operations' newer fields. Each call is checked by the state it leaves, read back through
 * the client.
 */
import { assert, describe, it } from "@effect/vitest"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Effect, type Scope } from "effect"
import { ConversationApi } from "../src/generated/ConversationApi.gen.ts"
import type { ConversationParticipant } from "../src/generated/models.gen.ts"
import { mockClient } from "./mock.ts"

/** A mock for this scope. Rate limits off: these tests are about the chat operations' state. */
const chatMock: Effect.Effect<MockServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() => startMockServer({ port: 0, rateLimit: "off" })),
  (mock) => Effect.promise(() => mock.close())
)

const AVERY = "arn:aws:chime:us-east-1:000000000000:app-instance/uc-mock/user/agent-avery-quinn"

const mine = (participants: ReadonlyArray<ConversationParticipant> | null | undefined) =>
  participants?.find((p) => p.conversation_participant_arn === AVERY)

/** Runs `body` with the client against a fresh mock; the mock is also handed to `body`. */
const withApi = <A, E>(body: (mock: MockServer) => Effect.Effect<A, E, ConversationApi>) =>
  Effect.gen(function* () {
    const mock = yield* chatMock
    return yield* body(mock).pipe(Effect.provide(mockClient(mock)))
  })

/** The 400's developer message, or a failure when the call did not fail with BadRequest. */
const badRequestMessage = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(effect)
    assert.strictEqual(error._tag, "BadRequest")
    const response = (error as { response?: { error?: { developer_message?: string | null } | null } })
      .response
    return response?.error?.developer_message ?? ""
  })

describe("chat operations through the client", () => {
  it.live("markReadConversation clears the unread count getConversation and getConversations show", () =>
    withApi((mock) =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const list = yield* api.getConversations({ medium: "websocket", _limit: 1 })
        const uuid = list.conversations?.[0]?.conversation_uuid
        if (typeof uuid !== "string") return assert.fail("no conversation")
        yield* api.joinConversation({
          conversation_uuid: uuid,
          body: { participant_language_iso_code: "en" }
        })
        mock.addMessage(uuid, { body: "Anyone there?" })
        mock.addMessage(uuid, { body: "Hello?" })

        const before = yield* api.getConversation({ conversation_uuid: uuid })
        assert.strictEqual(before.conversation?.unread_messages, true)
        assert.strictEqual(mine(before.conversation?.participants)?.unread_messages, 2)

        yield* api.markReadConversation({ conversation_uuid: uuid })

        const after = yield* api.getConversation({ conversation_uuid: uuid })
        assert.strictEqual(after.conversation?.unread_messages, false)
        assert.strictEqual(mine(after.conversation?.participants)?.unread_messages, 0)
        const summaries = yield* api.getConversations({ _limit: 200 })
        const summary = summaries.conversations?.find((c) => c.conversation_uuid === uuid)
        assert.strictEqual(summary?.unread_messages, false)
        assert.strictEqual(mine(summary?.participants)?.unread_messages, 0)

        const message = yield* badRequestMessage(
          api.markReadConversation({ conversation_uuid: "no/such uuid" })
        )
        assert.match(message, /not found/)
      })
    )
  )

  it.live("getConversationsSearch finds by text, narrows by each filter and pages by range", () =>
    withApi((mock) =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const added = mock.addConversation({
          conversation_uuid: "chat-test/xylophone",
          participants: [
            {
              conversation_participant_arn: "arn:test:customer:zoe",
              conversation_participant_name: "Zoë Quasimodo",
              email: "zoe@example.org",
              language_iso_code: "es"
            }
          ]
        })
        mock.addMessage(added.conversation_uuid, { body: "My xylophone arrived cracked" })

        const byText = yield* api.getConversationsSearch({ body: { text_search: "XYLOPHONE cracked" } })
        assert.deepStrictEqual(
          byText.records?.map((r) => r.conversation_uuid),
          [added.conversation_uuid]
        )
        assert.strictEqual(byText.total, 1)
        const byName = yield* api.getConversationsSearch({ body: { text_search: "zoe quasimodo" } })
        assert.deepStrictEqual(
          byName.records?.map((r) => r.conversation_uuid),
          [added.conversation_uuid]
        )

        const everything = yield* api.getConversationsSearch({ body: {} })
        assert.strictEqual(everything.total, 26)
        const sms = yield* api.getConversationsSearch({ body: { medium_filter: "sms" } })
        assert.isAbove(sms.total ?? 0, 0)
        assert.isBelow(sms.total ?? 0, 26)
        assert.isTrue(sms.records?.every((r) => r.medium === "sms"))
        const spanish = yield* api.getConversationsSearch({ body: { language_filter: "es" } })
        assert.deepStrictEqual(
          spanish.records?.map((r) => r.conversation_uuid),
          [added.conversation_uuid]
        )
        const byEmail = yield* api.getConversationsSearch({ body: { email_filter: "ZOE@example.org" } })
        assert.strictEqual(byEmail.total, 1)
        const seededEnd = yield* api.getConversationsSearch({
          body: { date_end: "2026-01-12T17:00:00.000Z" }
        })
        assert.strictEqual(seededEnd.total, 25)
        const invisible = yield* api.getConversationsSearch({ body: { visible_filter: false } })
        assert.strictEqual(invisible.total, 0)

        const page = yield* api.getConversationsSearch({
          body: { range_begin: 3, range_end: 8, order_by_oldest: true }
        })
        const oldest = yield* api.getConversationsSearch({ body: { order_by_oldest: true } })
        assert.strictEqual(page.range_begin, 3)
        assert.strictEqual(page.range_end, 8)
        assert.deepStrictEqual(
          page.records?.map((r) => r.conversation_uuid),
          oldest.records?.slice(3, 8).map((r) => r.conversation_uuid)
        )
        // An inverted range is an empty page, not an error (as getConversations clamps `_limit`).
        const inverted = yield* api.getConversationsSearch({ body: { range_begin: 9, range_end: 2 } })
        assert.strictEqual(inverted.range_end, 9)
        assert.deepStrictEqual(inverted.records, [])
      })
    )
  )

  it.live("getConversationsAutocomplete suggests the stored values of a field", () =>
    withApi((mock) =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        mock.addConversation({
          participants: [
            {
              conversation_participant_arn: "arn:test:customer:quill",
              conversation_participant_name: "Q. Quill",
              email: "quill@example.net"
            }
          ]
        })
        const found = yield* api.getConversationsAutocomplete({ body: { field: "email", term: "quill" } })
        assert.strictEqual(found.success, true)
        assert.strictEqual(found.field, "email")
        assert.strictEqual(found.term, "quill")
        assert.deepStrictEqual(found.results, [
          { value: "quill@example.net", description: "Q. Quill · 1 conversation" }
        ])
        const media = yield* api.getConversationsAutocomplete({ body: { field: "medium_filter", term: "" } })
        assert.sameMembers(media.results?.map((r) => r.value) ?? [], ["sms", "websocket"])
        // A field the mock cannot complete: no suggestions, and UltraCart's warning says why.
        const unknown = yield* api.getConversationsAutocomplete({ body: { field: "shoe_size", term: "9" } })
        assert.deepStrictEqual(unknown.results, [])
        assert.strictEqual(unknown.warning?.warning_code, "unknown_autocomplete_field")
      })
    )
  )

  it.live("getConversationContext answers the seeded or set context, and 400 for an unknown uuid", () =>
    withApi((mock) =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const list = yield* api.getConversations({ medium: "websocket", _limit: 1 })
        const first = list.conversations?.[0]
        if (typeof first?.conversation_uuid !== "string") return assert.fail("no conversation")
        const seeded = yield* api.getConversationContext({ conversation_uuid: first.conversation_uuid })
        assert.match(seeded.current_url ?? "", /^https:\/\/shop\.demo-outfitters\.invalid\//)
        assert.isBelow(Date.parse(seeded.session_start_dts ?? ""), Date.parse(first.start_dts ?? ""))

        const context = {
          current_url: "https://shop.example/checkout",
          cart: { cart_id: "test-cart" },
          page_view: [{ url: "https://shop.example/" }]
        }
        const added = mock.addConversation({ conversation_uuid: "ctx ü/1", webchat_context: context })
        const served = yield* api.getConversationContext({ conversation_uuid: added.conversation_uuid })
        assert.deepStrictEqual(served, context)

        const message = yield* badRequestMessage(api.getConversationContext({ conversation_uuid: "missing" }))
        assert.match(message, /not found/)
      })
    )
  )

  it.live("smsUnsubscribeConversation unsubscribes the sms customer; a webchat conversation is a 400", () =>
    withApi(() =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const sms = yield* api.getConversations({ medium: "sms", _limit: 1 })
        const target = sms.conversations?.[0]
        const customer = target?.participants?.find((p) => typeof p.sms_phone_number === "string")
        if (typeof target?.conversation_uuid !== "string" || customer === undefined)
          return assert.fail("no sms conversation")
        yield* api.smsUnsubscribeConversation({ conversation_uuid: target.conversation_uuid })
        const after = yield* api.getConversation({ conversation_uuid: target.conversation_uuid })
        const status = after.conversation?.participants?.find(
          (p) => p.conversation_participant_arn === customer.conversation_participant_arn
        )?.status
        assert.strictEqual(status, "unsubscribed")

        const webchat = yield* api.getConversations({ medium: "websocket", _limit: 1 })
        const uuid = webchat.conversations?.[0]?.conversation_uuid ?? ""
        const message = yield* badRequestMessage(api.smsUnsubscribeConversation({ conversation_uuid: uuid }))
        assert.match(message, /only sms conversations/)
      })
    )
  )

  it.live("the newer fields of the 2022 operations: resolve_only, custom statuses, `tool call`", () =>
    withApi((mock) =>
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const list = yield* api.getConversations({ _limit: 200 })
        const open = list.conversations?.find((c) => c.closed === false)
        if (typeof open?.conversation_arn !== "string") return assert.fail("no open conversation")
        const resolved = yield* api.startConversation({
          body: { conversation_arn: open.conversation_arn, resolve_only: true }
        })
        assert.strictEqual(resolved.conversation?.conversation_uuid, open.conversation_uuid)
        const nothing = yield* api.startConversation({
          body: { conversation_arn: "arn:none", resolve_only: true }
        })
        assert.isUndefined(nothing.conversation)
        const again = yield* api.getConversations({ _limit: 200 })
        assert.strictEqual(again.conversations?.length, list.conversations?.length)

        yield* api.updateConversationWebchatQueueStatus({
          queue_name: "Sales",
          body: { agent_status: "busy", custom_status_uuid: "cs-lunch", custom_status_name: "Lunch" }
        })
        const queues = yield* api.getConversationWebchatQueueStatuses()
        const me = queues.queue_statuses
          ?.find((q) => q.queue_name === "Sales")
          ?.agents?.find((a) => a.conversation_participant_arn === AVERY)
        assert.strictEqual(me?.agent_user_id, "1001")
        assert.strictEqual(me?.agent_status, "busy")
        assert.strictEqual(me?.custom_status_uuid, "cs-lunch")
        assert.strictEqual(me?.custom_status_name, "Lunch")

        const uuid = open.conversation_uuid ?? ""
        mock.addMessage(uuid, { body: '{"tool":"lookup_order"}', type: "tool call" })
        const messages = yield* api.getConversationMessages({ conversation_uuid: uuid, since: 0 })
        assert.strictEqual(messages.conversation_messages?.at(-1)?.type, "tool call")
      })
    )
  )
})
