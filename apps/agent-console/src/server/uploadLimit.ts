/**
 * The attachment size limit, enforced before the body is read: a declared `Content-Length` above
 * the limit is refused at once (413), and a body without one is read only up to the limit, then
 * refused without reading the rest. The route (routes/ConversationRoutes.ts) calls
 * {@link readUploadBody}; the Node server closes a connection whose request body was left unread
 * (serve/node.ts), so the browser stops sending.
 *
 * @since 0.0.0
 */
import { Effect, Stream } from "effect"
import type { HttpServerRequest, HttpServerResponse } from "effect/http"
import { maxAttachmentBytes } from "../wire.ts"
import { errorResponse } from "./BrowserError.ts"

/** The attachment limit, from the wire definitions the browser checks too. */
export { maxAttachmentBytes }

/**
 * The 413 an oversized upload gets.
 *
 * @since 0.0.0
 */
export const tooLarge = (limit: number = maxAttachmentBytes): HttpServerResponse.HttpServerResponse =>
  errorResponse({
    tag: "TooLarge",
    status: 413,
    message: `The file is too large: attachments are limited to ${Math.round(limit / (1024 * 1024))} MB.`
  })

/**
 * Reads an upload's body, at most `limit` bytes of it: the bytes, or the response refusing it.
 *
 * @since 0.0.0
 */
export const readUploadBody = (
  request: HttpServerRequest.HttpServerRequest,
  limit: number = maxAttachmentBytes
) =>
  Effect.gen(function* () {
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > limit) return tooLarge(limit)
    const chunks: Array<Uint8Array> = []
    let total = 0
    yield* request.stream.pipe(
      Stream.runForEachWhile((chunk) =>
        Effect.sync(() => {
          total += chunk.byteLength
          if (total > limit) return false
          chunks.push(chunk)
          return true
        })
      )
    )
    if (total > limit) return tooLarge(limit)
    const bytes = new Uint8Array(total)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    return bytes
  })
