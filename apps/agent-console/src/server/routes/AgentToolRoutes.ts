/**
 * What an agent does beside the list and the thread, each an `interactive` call through the
 * client, counted in the budget meter's "agent actions" (the default feature of a route's calls):
 *
 * POST /api/conversations/:uuid/read     `markReadConversation` (204)
 * GET  /api/conversations/:uuid/context  `getConversationContext`: what the customer is browsing
 * GET  /api/search?q=                    `getConversationsSearch`
 * GET  /api/agent/profile                `getAgentProfile` (the permissions come with /api/session)
 * GET  /api/canned?q=                    `searchConversationCannedMessages`
 *
 * @since 0.0.0
 */
import { ConversationApi } from "@uc-conversation/core"
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { CannedWire, ContextWire, ProfileWire, SearchWire } from "../../wire.ts"
import { respond } from "../respond.ts"

const UuidParams = Schema.Struct({ uuid: Schema.String })
const TextQuery = Schema.Struct({ q: Schema.String.check(Schema.isMaxLength(200)) })

const conversationUuid = Effect.map(HttpRouter.schemaPathParams(UuidParams), ({ uuid }) => uuid)

/** How many search results and canned messages one lookup shows. */
const lookupSize = 20

const markRead = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  yield* api.markReadConversation({ conversation_uuid })
  return HttpServerResponse.empty({ status: 204 })
})

const stringField = (record: unknown, ...keys: ReadonlyArray<string>): string | undefined => {
  if (typeof record !== "object" || record === null) return undefined
  for (const key of keys) {
    const value = (record as Record<string, unknown>)[key]
    if (typeof value === "string" && value !== "") return value
  }
  return undefined
}

const context = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  const found = yield* api.getConversationContext({ conversation_uuid })
  const pages = (found.page_view ?? [])
    .map((view) => stringField(view, "url", "page_url", "uri"))
    .filter((url): url is string => url !== undefined)
    .slice(-10)
  const body: ContextWire = {
    current_url: found.current_url ?? null,
    session_start_dts: found.session_start_dts ?? null,
    pages,
    orders: found.orders?.length ?? 0,
    auto_orders: found.auto_orders?.length ?? 0,
    cart_items: (found.cart as { items?: ReadonlyArray<unknown> } | null | undefined)?.items?.length ?? 0
  }
  return HttpServerResponse.jsonUnsafe(body)
})

const search = Effect.gen(function* () {
  const api = yield* ConversationApi
  const { q } = yield* HttpServerRequest.schemaSearchParams(TextQuery)
  const found = yield* api.getConversationsSearch({
    body: { text_search: q.trim(), order_by_newest: true, range_begin: 0, range_end: lookupSize }
  })
  const body: SearchWire = { conversations: found.records ?? [], total: found.total ?? null }
  return HttpServerResponse.jsonUnsafe(body)
})

const profile = Effect.gen(function* () {
  const api = yield* ConversationApi
  const { agent_profile } = yield* api.getAgentProfile()
  const body: ProfileWire = { profile: agent_profile ?? null }
  return HttpServerResponse.jsonUnsafe(body)
})

const canned = Effect.gen(function* () {
  const api = yield* ConversationApi
  const { q } = yield* HttpServerRequest.schemaSearchParams(TextQuery)
  const found = yield* api.searchConversationCannedMessages({
    body: { short_code: q.trim(), max_results: lookupSize }
  })
  const body: CannedWire = { messages: found.conversation_canned_messages ?? [] }
  return HttpServerResponse.jsonUnsafe(body)
})

/**
 * @since 0.0.0
 */
export const AgentToolRoutes = Layer.mergeAll(
  HttpRouter.add("POST", "/api/conversations/:uuid/read", respond(markRead)),
  HttpRouter.add("GET", "/api/conversations/:uuid/context", respond(context)),
  HttpRouter.add("GET", "/api/search", respond(search)),
  HttpRouter.add("GET", "/api/agent/profile", respond(profile)),
  HttpRouter.add("GET", "/api/canned", respond(canned))
)
