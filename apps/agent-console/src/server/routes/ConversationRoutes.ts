/**
 * Conversations: the paged list, one conversation, and the agent's actions on it.
 *
 * GET  /api/conversations?medium&limit&offset
 * POST /api/conversations                      `{participant_arns?, queue_uuid?}`
 * GET  /api/conversations/:uuid
 * POST /api/conversations/:uuid/join | /leave
 * POST /api/conversations/:uuid/attachments?filename=   (raw bytes; Content-Type as sent)
 *
 * Starting, joining and attaching need the agent's `chat_user` role (403 otherwise, AgentAccess.ts);
 * leaving does not: an agent whose role was withdrawn can still get out of a conversation.
 *
 * @since 0.0.0
 */
import { ConversationApi, getConversationsPagination, uploadMultimedia } from "@uc-conversation/core"
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import {
  type ConversationPageWire,
  type ConversationWire,
  maxAttachmentBytes,
  type UploadWire
} from "../../wire.ts"
import { requirePermission } from "../AgentAccess.ts"
import { errorResponse } from "../BrowserError.ts"
import { respond } from "../respond.ts"
import { readUploadBody } from "../uploadLimit.ts"

/** UltraCart's own ceiling for `_limit`: the spec's `x-uc-pagination` max, as generated. */
const maxPageSize = getConversationsPagination.maxPageSize

/** The console's list page when the browser asks for none (a screenful, within UltraCart's ceiling). */
const defaultListSize = Math.min(20, maxPageSize)

const ListQuery = Schema.Struct({
  medium: Schema.optionalKey(Schema.Literals(["", "sms", "websocket"])),
  limit: Schema.optionalKey(
    Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: maxPageSize }))
  ),
  offset: Schema.optionalKey(Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)))
})

const StartBody = Schema.Struct({
  participant_arns: Schema.optionalKey(Schema.Array(Schema.String)),
  queue_uuid: Schema.optionalKey(Schema.String)
})

const UuidParams = Schema.Struct({ uuid: Schema.String })

const UploadQuery = Schema.Struct({ filename: Schema.String })

/**
 * The extension UltraCart's upload URL is asked for: the file name's, lower-case, or "bin".
 *
 * @since 0.0.0
 */
export const extensionOf = (filename: string): string => {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(filename)
  return match?.[1]?.toLowerCase() ?? "bin"
}

/**
 * Where an uploaded file is stored: its upload URL without the query (the signature that allowed
 * the PUT is never shown to the browser); only http(s).
 *
 * @since 0.0.0
 */
export const storedFileUrl = (uploadUrl: string | undefined): string | null => {
  if (uploadUrl === undefined || !URL.canParse(uploadUrl)) return null
  const url = new URL(uploadUrl)
  if (url.protocol !== "https:" && url.protocol !== "http:") return null
  return `${url.origin}${url.pathname}`
}

const conversationUuid = Effect.map(HttpRouter.schemaPathParams(UuidParams), ({ uuid }) => uuid)

const list = Effect.gen(function* () {
  const api = yield* ConversationApi
  const query = yield* HttpServerRequest.schemaSearchParams(ListQuery)
  const limit = query.limit ?? defaultListSize
  const offset = query.offset ?? 0
  const page = yield* api.getConversations({
    ...(query.medium ? { medium: query.medium } : {}),
    _limit: limit,
    _offset: offset
  })
  const body: ConversationPageWire = {
    conversations: page.conversations ?? [],
    total: page.metadata?.result_set?.total_records ?? null,
    limit,
    offset
  }
  return HttpServerResponse.jsonUnsafe(body)
})

const start = Effect.gen(function* () {
  const api = yield* ConversationApi
  const body = yield* HttpServerRequest.schemaBodyJson(StartBody)
  const started = yield* api.startConversation({
    body: {
      ...(body.participant_arns && body.participant_arns.length > 0
        ? { add_conversation_participant_arns: body.participant_arns }
        : {}),
      ...(body.queue_uuid ? { conversation_webchat_queue_uuid: body.queue_uuid } : {})
    }
  })
  const answer: ConversationWire = { conversation: started.conversation ?? null }
  return HttpServerResponse.jsonUnsafe(answer, { status: 201 })
})

const show = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  const { conversation } = yield* api.getConversation({ conversation_uuid, limit: 100 })
  const body: ConversationWire = { conversation: conversation ?? null }
  return HttpServerResponse.jsonUnsafe(body)
})

const join = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  yield* api.joinConversation({ conversation_uuid })
  return HttpServerResponse.empty({ status: 204 })
})

const leave = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  yield* api.leaveConversation({ conversation_uuid })
  return HttpServerResponse.empty({ status: 204 })
})

const attach = Effect.gen(function* () {
  yield* conversationUuid
  const request = yield* HttpServerRequest.HttpServerRequest
  const { filename } = yield* HttpServerRequest.schemaSearchParams(UploadQuery)
  const declared = Number(request.headers["content-length"] ?? "0")
  if (declared > maxAttachmentBytes) {
    return errorResponse({ tag: "TooLarge", status: 413, message: "Attachments are limited to 10 MB." })
  }
  // Reads at most the limit (uploadLimit.ts): an oversized body is refused without reading it all.
  const bytes = yield* readUploadBody(request, maxAttachmentBytes)
  if (!(bytes instanceof Uint8Array)) return bytes
  if (bytes.byteLength === 0)
    return errorResponse({ tag: "BadRequest", status: 400, message: "The file is empty." })
  if (bytes.byteLength > maxAttachmentBytes) {
    return errorResponse({ tag: "TooLarge", status: 413, message: "Attachments are limited to 10 MB." })
  }
  const contentType = request.headers["content-type"] ?? "application/octet-stream"
  const uploaded = yield* uploadMultimedia(bytes, extensionOf(filename), contentType)
  const body: UploadWire = {
    key: uploaded.key ?? null,
    url: storedFileUrl(uploaded.url),
    bytes: bytes.byteLength,
    filename
  }
  return HttpServerResponse.jsonUnsafe(body, { status: 201 })
})

/**
 * @since 0.0.0
 */
export const ConversationRoutes = Layer.mergeAll(
  HttpRouter.add("GET", "/api/conversations", respond(list)),
  HttpRouter.add("POST", "/api/conversations", respond(requirePermission("chat_user", start))),
  HttpRouter.add("GET", "/api/conversations/:uuid", respond(show)),
  HttpRouter.add("POST", "/api/conversations/:uuid/join", respond(requirePermission("chat_user", join))),
  HttpRouter.add("POST", "/api/conversations/:uuid/leave", respond(leave)),
  HttpRouter.add(
    "POST",
    "/api/conversations/:uuid/attachments",
    respond(requirePermission("chat_user", attach))
  )
)
