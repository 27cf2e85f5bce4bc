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

const str = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)
const num = (u: unknown): number | undefined => (typeof u === "number" ? u : undefined)
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
    const status = isObject(body) ? (str(body.agent_status) as AgentStatus | undefined) : undefined
    if (!store.setQueueStatus(queueName, status)) {
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
  }
}
