/**
 * Conversations: the paged list, one conversation, and the agent's actions on it.
 *
 * GET  /api/conversations?medium&limit&offset
 * POST /api/conversations                      `{participant_arns?, queue_uuid?}`
 * GET  /api/conversations/:uuid
 * POST /api/conversations/:uuid/join | /leave
 * POST /api/conversations/:uuid/attachments?filename=   (raw bytes; Content-Type as sent)
 *
 * @since 0.0.0
 */
import { ConversationApi, getConversationsPagination, uploadMultimedia } from "@uc-conversation/core"
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { errorResponse } from "../BrowserError.ts"
import { respond } from "../respond.ts"

/** UltraCart's own ceiling for `_limit`: the spec's `x-uc-pagination` max, as generated. */
const maxPageSize = getConversationsPagination.maxPageSize

/** The console's list page when the browser asks for none (a screenful, within UltraCart's ceiling). */
const defaultListSize = Math.min(20, maxPageSize)

/** Attachments above this are refused before anything is sent upstream. */
export const maxAttachmentBytes = 10 * 1024 * 1024

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
  return HttpServerResponse.jsonUnsafe({
    conversations: page.conversations ?? [],
    total: page.metadata?.result_set?.total_records ?? null,
    limit,
    offset
  })
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
  return HttpServerResponse.jsonUnsafe({ conversation: started.conversation ?? null }, { status: 201 })
})

const show = Effect.gen(function* () {
  const api = yield* ConversationApi
  const conversation_uuid = yield* conversationUuid
  const { conversation } = yield* api.getConversation({ conversation_uuid, limit: 100 })
  return HttpServerResponse.jsonUnsafe({ conversation: conversation ?? null })
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
  const bytes = new Uint8Array(yield* request.arrayBuffer)
  if (bytes.byteLength === 0)
    return errorResponse({ tag: "BadRequest", status: 400, message: "The file is empty." })
  if (bytes.byteLength > maxAttachmentBytes) {
    return errorResponse({ tag: "TooLarge", status: 413, message: "Attachments are limited to 10 MB." })
  }
  const contentType = request.headers["content-type"] ?? "application/octet-stream"
  const uploaded = yield* uploadMultimedia(bytes, extensionOf(filename), contentType)
  return HttpServerResponse.jsonUnsafe(
    { key: uploaded.key ?? null, bytes: bytes.byteLength, filename },
    { status: 201 }
  )
})

/**
 * @since 0.0.0
 */
export const ConversationRoutes = Layer.mergeAll(
  HttpRouter.add("GET", "/api/conversations", respond(list)),
  HttpRouter.add("POST", "/api/conversations", respond(start)),
  HttpRouter.add("GET", "/api/conversations/:uuid", respond(show)),
  HttpRouter.add("POST", "/api/conversations/:uuid/join", respond(join)),
  HttpRouter.add("POST", "/api/conversations/:uuid/leave", respond(leave)),
  HttpRouter.add("POST", "/api/conversations/:uuid/attachments", respond(attach))
)
