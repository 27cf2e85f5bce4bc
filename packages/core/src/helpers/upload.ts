/**
 * Multimedia upload: a presigned URL from UltraCart, then a PUT of the bytes to it.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import { getConversationMultimediaUploadUrl } from "../generated/operations/getConversationMultimediaUploadUrl.gen.ts"
import { UltraCartClient } from "../runtime/client.ts"
import { InvalidRequest, ResponseDecode, Timeout, Transport, type UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"
import { statusError } from "../runtime/response.ts"
import { resolveCallPolicy, withRetry } from "../runtime/retry.ts"

/** Where an uploaded file ended up. */
export interface UploadedMultimedia {
  /** The object key to reference in a message (`upload_keys`). */
  readonly key: string
  /** The presigned URL the bytes were PUT to. */
  readonly url: string
}

/** Describes the presigned PUT for the error family; the URL itself (it holds a signature) is never reported. */
const site = { operationId: "uploadMultimedia", method: "PUT", path: "{presigned upload url}" }
/**
 * Uploads `bytes` as a conversation attachment: asks UltraCart for a presigned URL for
 * `extension` (e.g. "png"), then PUTs the bytes there with `contentType`. The PUT carries no
 * UltraCart credential or default headers — the URL's signature is the authorisation. The PUT is
 * idempotent, so it follows the client's retry and timeout policy.
 */
export const uploadMultimedia = (
  bytes: Uint8Array,
  extension: string,
  contentType: string,
  options: CallOptions = {}
): Effect.Effect<UploadedMultimedia, UltraCartError, UltraCartClient> =>
  Effect.gen(function* () {
    const client = yield* UltraCartClient
    const presigned = yield* getConversationMultimediaUploadUrl({ extension }, options)
    const key = presigned.conversation_multimedia_upload_url?.key
    const url = presigned.conversation_multimedia_upload_url?.url
    if (typeof key !== "string" || typeof url !== "string" || !URL.canParse(url)) {
      return yield* new ResponseDecode({
        message: "getConversationMultimediaUploadUrl returned no usable key and url",
        method: "GET",
        path: "/conversation/upload_url/{extension}",
        operationId: "getConversationMultimediaUploadUrl",
        status: 200,
        detail: "conversation_multimedia_upload_url.key/url missing or not a URL"
      })
    }
    const { retry: policy, timeout } = yield* Effect.fromResult(resolveCallPolicy(client, options)).pipe(
      Effect.mapError(
        (detail) => new InvalidRequest({ ...site, message: `uploadMultimedia: ${detail}`, detail })
      )
    )
    const put = Effect.gen(function* () {
      const request = HttpClientRequest.put(url).pipe(HttpClientRequest.bodyUint8Array(bytes, contentType))
      const response = yield* client.http.execute(request).pipe(
        Effect.mapError(
          (error) =>
            new Transport({
              ...site,
              message: `uploadMultimedia: no response (${error.reason._tag})`,
              detail: error.reason._tag
            })
        )
      )
      const text = yield* response.text.pipe(
        Effect.mapError(
          () =>
            new Transport({
              ...site,
              message: "uploadMultimedia: reading the response failed",
              detail: "body"
            })
        )
      )
      if (response.status >= 200 && response.status <= 299) return
      const now = yield* Clock.currentTimeMillis
      return yield* Effect.fail(
        statusError(
          site,
          {},
          { status: response.status, headers: response.headers, text },
          "uc-rest-error",
          now
        )
      )
    }).pipe(
      Effect.timeoutOrElse({
        duration: timeout,
        orElse: () =>
          Effect.fail(
            new Timeout({
              ...site,
              message: `uploadMultimedia: no response within ${Duration.format(timeout)}`,
              timeoutMillis: Duration.toMillis(timeout)
            })
          )
      })
    )
    yield* withRetry(put, true, policy)
    return { key, url }
  }).pipe(Effect.withSpan("uploadMultimedia", { kind: "client", attributes: { "uc.extension": extension } }))
