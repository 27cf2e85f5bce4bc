import { isObject } from "@uc-conversation/spec"
import { errorBody, successEnvelope } from "./envelope.ts"
import type { AgentStatus } from "./model.ts"
import { MERCHANT_ID } from "./seed.ts"
import { signJwt, uploadSignature } from "./signing.ts"
import type { SpecPaging } from "./spec.ts"
import type { Store } from "./store.ts"

/** What a handler answers: a status and, unless it is a void operation, a JSON body. */
export interface HandlerResult {
  readonly status: number
  readonly body?: unknown
}

/** Everything a handler may read: coerced path and query parameters, the parsed body, the store. */
export interface HandlerContext {
  readonly params: Readonly<Record<string, unknown>>
  readonly body: unknown
  readonly store: Store
  /** Scheme, host and port the client reached the mock on (for URLs the mock hands out). */
  readonly origin: string
  /** How long a presigned upload URL stays valid, in ms. */
  readonly uploadTtlMs: number
  /** How long a websocket JWT says it is valid (its `exp - iat`), in seconds. */
  readonly jwtTtlSeconds: number
  /** The operation's paging as the spec states it (`x-uc-pagination`); undefined when not paged. */
  readonly paging: SpecPaging | undefined
}

/** How long a presigned upload URL stays valid. */
export const UPLOAD_URL_TTL_MS = 15 * 60_000
/** How long a websocket authorization JWT stays valid (an hour), before any time scale. */
export const JWT_TTL_SECONDS = 3600

/**
 * UltraCart declares no 404. Its REST v2 answers a lookup of a resource that does not exist
 * with 400 and an ErrorResponse ("bad request input"), so the mock does the same.
 */
export const UNKNOWN_RESOURCE_STATUS = 400

const unknownConversation = (uuid: string): HandlerResult => ({
  status: UNKNOWN_RESOURCE_STATUS,
  body: errorBody(UNKNOWN_RESOURCE_STATUS, `Conversation ${JSON.stringify(uuid)} was not found.`, uuid)
})

const badRequest = (message: string, objectId?: string): HandlerResult => ({
  status: 400,
  body: errorBody(400, message, objectId)
})

const str = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)
const num = (u: unknown): number | undefined => (typeof u === "number" ? u : undefined)
const bool = (u: unknown): boolean | undefined => (typeof u === "boolean" ? u : undefined)
const AGENT_STATUSES: ReadonlyArray<string> = ["available", "busy", "unavailable"]
const clamp = (n: number, min: number, max: number): number => Math.min(max, Math.max(min, n))

/** Page size limit UltraCart documents for getConversation's `limit` ("Max 200"; not paged in the spec). */
const MAX_PAGE = 200

/** getConversations' paging when a spec without `x-uc-pagination` is served: one page of everything. */
const UNPAGED: SpecPaging = {
  limit: "_limit",
  offset: "_offset",
  maxPageSize: Number.MAX_SAFE_INTEGER,
  defaultPageSize: Number.MAX_SAFE_INTEGER
}

/** The mock's implementation of every ConversationApi operation, keyed by operationId. */
export const handlers: Readonly<Record<string, (ctx: HandlerContext) => HandlerResult>> = {
  getAgentWebsocketAuthorization: ({ store, origin, jwtTtlSeconds }) => {
    const me = store.me()
    const now = store.nextEpoch()
    const jwt = signJwt({
      iss: "uc-conversation-mock",
      sub: me.arn,
      merchant_id: MERCHANT_ID,
      user_id: me.user_id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + jwtTtlSeconds
    })
    return {
      status: 200,
      body: successEnvelope("agent_auth", {
        chat_admin: true,
        chat_user: true,
        conversation_participant_arn: me.arn,
        conversation_participant_name: me.name,
        customer_profile: true,
        group_ids: [...me.group_ids],
        jwt,
        merchant_id: MERCHANT_ID,
        merchants: [{ company: "Demo Outfitters", is_parent: true, merchant_id: MERCHANT_ID }],
        parent_merchant_id: MERCHANT_ID,
        twilio_accounts: [{ merchant_id: MERCHANT_ID, twilio_phone_numbers: ["+15550100000"] }],
        user_id: me.user_id,
        websocket_url: `${origin.replace(/^http/, "ws")}/__ws/conversation`
      })
    }
  },

  // Upstream it only keeps the agent's session warm; there is nothing for the mock to change.
  getAgentKeepAlive: () => ({ status: 204 }),

  getConversations: ({ params, store, paging = UNPAGED }) => {
    const limit = clamp(num(params[paging.limit]) ?? paging.defaultPageSize, 1, paging.maxPageSize)
    const offset = Math.max(0, num(params[paging.offset]) ?? 0)
    const all = store.listSummaries({ medium: str(params.medium), before: str(params.before) })
    const page = all.slice(offset, offset + limit)
    return {
      status: 200,
      body: successEnvelope("conversations", page, { count: page.length, limit, offset, total: all.length })
    }
  },

  startConversation: ({ body, store }) => {
    const request = isObject(body) ? body : {}
    const arns = Array.isArray(request.add_conversation_participant_arns)
      ? request.add_conversation_participant_arns.filter((a): a is string => typeof a === "string")
      : undefined
    if (request.resolve_only === true) {
      // Resolve only: the open conversation the request names, never a new one; `{}` when none.
      const existing = store.resolve({
        add_conversation_participant_arns: arns,
        conversation_arn: str(request.conversation_arn)
      })
      return { status: 200, body: existing === undefined ? {} : { conversation: existing } }
    }
    const conversation = store.start({
      add_conversation_participant_arns: arns,
      conversation_arn: str(request.conversation_arn),
      conversation_webchat_queue_uuid: str(request.conversation_webchat_queue_uuid)
    })
    // ConversationStartResponse breaks UltraCart's envelope pattern: it carries only `conversation`.
    return { status: 200, body: { conversation } }
  },

  getConversationWebchatQueueStatuses: ({ store }) => {
    const statuses = store.queueStatuses()
    return {
      status: 200,
      body: successEnvelope("queue_statuses", statuses, {
        count: statuses.length,
        limit: statuses.length,
        offset: 0,
        total: statuses.length
      })
    }
  },

  updateConversationWebchatQueueStatus: ({ params, body, store }) => {
    const queueName = str(params.queue_name) ?? ""
    const request = isObject(body) ? body : {}
    const agentStatus = str(request.agent_status)
    const customUuid = str(request.custom_status_uuid)
    const customName = str(request.custom_status_name)
    // The spec's enum is checked before the handler when the spec has one; a spec without it still gets a 400.
    if (agentStatus !== undefined && !AGENT_STATUSES.includes(agentStatus))
      return badRequest(
        `agent_status ${JSON.stringify(agentStatus)} is not one of ${AGENT_STATUSES.join(", ")}.`
      )
    // A custom status is its uuid ("pair with custom_status_name"); a name without one, or an
    // empty uuid, picks none, and a system status alone clears the custom one.
    const update = {
      agent_status: agentStatus as AgentStatus | undefined,
      custom_status_uuid: customUuid === "" ? undefined : customUuid,
      custom_status_name: customName
    }
    if (!store.setQueueStatus(queueName, update)) {
      return {
        status: UNKNOWN_RESOURCE_STATUS,
        body: errorBody(
          UNKNOWN_RESOURCE_STATUS,
          `Queue ${JSON.stringify(queueName)} was not found.`,
          queueName
        )
      }
    }
    return { status: 204 }
  },

  getConversation: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    const conversation = store.getConversation(uuid, num(params.limit))
    if (conversation === undefined) return unknownConversation(uuid)
    return { status: 200, body: successEnvelope("conversation", conversation) }
  },

  joinConversation: ({ params, body, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    const language = isObject(body) ? str(body.participant_language_iso_code) : undefined
    return store.join(uuid, language) ? { status: 204 } : unknownConversation(uuid)
  },

  leaveConversation: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    return store.leave(uuid) ? { status: 204 } : unknownConversation(uuid)
  },

  getConversationMessages: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    const messages = store.messagesSince(uuid, num(params.since) ?? 0)
    if (messages === undefined) return unknownConversation(uuid)
    const limit = clamp(num(params.limit) ?? 100, 1, MAX_PAGE)
    const page = messages.slice(0, limit)
    return {
      status: 200,
      body: successEnvelope("conversation_messages", page, {
        count: page.length,
        limit,
        offset: 0,
        total: messages.length
      })
    }
  },

  getConversationMultimediaUploadUrl: ({ params, store, origin, uploadTtlMs }) => {
    // The extension is an unconstrained string upstream; only its safe characters reach the key.
    const extension = (str(params.extension) ?? "")
      .replace(/[^A-Za-z0-9]/g, "")
      .slice(0, 16)
      .toLowerCase()
    const key = `${store.newUuid()}${extension === "" ? "" : `.${extension}`}`
    const expires = Date.now() + uploadTtlMs
    const url = `${origin}/__uploads/${key}?expires=${expires}&signature=${uploadSignature(key, expires)}`
    return { status: 200, body: successEnvelope("conversation_multimedia_upload_url", { key, url }) }
  },

  // The chat core of the current spec (README "Chat operations").

  markReadConversation: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    return store.markRead(uuid) ? { status: 204 } : unknownConversation(uuid)
  },

  getConversationsSearch: ({ body, store }) => {
    const request = isObject(body) ? body : {}
    const outcome = store.search({
      text_search: str(request.text_search),
      date_start: str(request.date_start),
      date_end: str(request.date_end),
      email_filter: str(request.email_filter),
      language_filter: str(request.language_filter),
      medium_filter: str(request.medium_filter),
      sms_phone_number_filter: str(request.sms_phone_number_filter),
      visible_filter: bool(request.visible_filter),
      order_by_newest: bool(request.order_by_newest),
      order_by_oldest: bool(request.order_by_oldest),
      range_begin: num(request.range_begin),
      range_end: num(request.range_end)
    })
    // ConversationSearchResponse has no envelope: the range served, the records and the total.
    return {
      status: 200,
      body: {
        range_begin: outcome.rangeBegin,
        range_end: outcome.rangeEnd,
        records: outcome.records,
        total: outcome.total
      }
    }
  },

  getConversationsAutocomplete: ({ body, store }) => {
    const request = isObject(body) ? body : {}
    const field = str(request.field) ?? ""
    const term = str(request.term) ?? ""
    const { results, unknownField } = store.autocomplete(field, term)
    // A field the mock cannot complete has no suggestions; UltraCart's `warning` says why.
    return {
      status: 200,
      body: {
        ...successEnvelope("results", results, {
          count: results.length,
          limit: results.length,
          offset: 0,
          total: results.length
        }),
        field,
        term,
        ...(unknownField === undefined
          ? {}
          : {
              warning: {
                more_info: "https://www.ultracart.com/api/",
                warning_code: "unknown_autocomplete_field",
                warning_message: unknownField
              }
            })
      }
    }
  },

  getConversationContext: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    const context = store.context(uuid)
    if (context === undefined) return unknownConversation(uuid)
    // ConversationWebchatContext is the whole body (no envelope); an sms conversation's is empty.
    return { status: 200, body: context }
  },

  smsUnsubscribeConversation: ({ params, store }) => {
    const uuid = str(params.conversation_uuid) ?? ""
    const outcome = store.smsUnsubscribe(uuid)
    if (outcome.ok) return { status: 204 }
    if (outcome.reason === "unknown") return unknownConversation(uuid)
    return badRequest(
      `Conversation ${JSON.stringify(uuid)} is a ${outcome.medium ?? "webchat"} conversation; only sms conversations have SMS participants to unsubscribe.`,
      uuid
    )
  }
}
