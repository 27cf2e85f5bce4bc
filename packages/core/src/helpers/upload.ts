/**
 * Multimedia upload: a presigned URL from UltraCart, then a PUT of the bytes to it.
 *
 * The PUT goes through the same exchange as every operation (runtime/transport.ts): redirects are
 * reported, not followed, so the bytes never go to a second origin; no trace headers without a
 * tracer; the response body is bounded by `maxResponseBytes`; the same per-attempt timeout
 * primitive and retry policy. The URL must be https (plain http only to loopback), so a `data:`
 * or `file:` URL from a broken or hostile server is an error, never a pretend success.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { HttpClientRequest } from "effect/http"
import * as Result from "effect/Result"
import { getConversationMultimediaUploadUrl } from "../generated/operations/getConversationMultimediaUploadUrl.gen.ts"
import { resolveCallPolicy } from "../runtime/callPolicy.ts"
import { UltraCartClient } from "../runtime/client.ts"
import { transportUrlProblem } from "../runtime/config.ts"
import { InvalidRequest, ResponseDecode, Timeout, type UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"
import { errorHeaderName, statusError } from "../runtime/response.ts"
import { withRetry } from "../runtime/retry.ts"
import { scrubError } from "../runtime/scrub.ts"
import { failAfter } from "../runtime/timeout.ts"
import { exchange } from "../runtime/transport.ts"

/** Where an uploaded file ended up. */
export interface UploadedMultimedia {
  /** The object key to reference in a message (`upload_keys`). */
  readonly key: string
  /** The presigned URL the bytes were PUT to. */
  readonly url: string
}

/** Describes the presigned PUT for the error family; the URL itself (it holds a signature) is never reported. */
const site = { operationId: "uploadMultimedia", method: "PUT", path: "{presigned upload url}" }

/** The operation that hands out the URL, for errors about what it returned. */
const urlSource = {
  method: "GET",
  path: "/conversation/upload_url/{extension}",
  operationId: "getConversationMultimediaUploadUrl"
}

/** A presigned URL the server returned that the client will not PUT to. */
const unusableUrl = (detail: string) =>
  new ResponseDecode({
    message: `getConversationMultimediaUploadUrl returned no usable upload URL: ${detail}`,
    ...urlSource,
    status: 200,
    detail
  })

/**
 * The parts of a presigned URL that authorise it (the whole query and each long parameter value,
 * e.g. `X-Amz-Signature`): a platform error that quotes the URL must not carry them.
 */
const signatureParts = (url: URL): ReadonlyArray<string> => {
  const parts = [url.href, url.search.slice(1)]
  for (const value of url.searchParams.values()) if (value.length >= 8) parts.push(value)
  return parts.filter((part) => part !== "")
}

/** A presigned upload the client may send bytes to. */
interface UploadTarget {
  readonly key: string
  /** The URL as the server sent it. */
  readonly url: string
  readonly parsed: URL
}

/** The key and presigned URL as an upload target, or why the client will not PUT to it. */
const checkUploadTarget = (key: unknown, url: unknown): Result.Result<UploadTarget, string> => {
  if (typeof key !== "string" || typeof url !== "string") {
    return Result.fail("conversation_multimedia_upload_url.key/url missing")
  }
  if (!URL.canParse(url)) return Result.fail("conversation_multimedia_upload_url.url is not a URL")
  const parsed = new URL(url)
  const problem = transportUrlProblem(parsed)
  return problem === undefined ? Result.succeed({ key, url, parsed }) : Result.fail(problem)
}

/**
 * Uploads `bytes` as a conversation attachment: asks UltraCart for a presigned URL for
 * `extension` (e.g. "png"), then PUTs the bytes there with `contentType`. The PUT carries no
 * UltraCart credential or default headers — the URL's signature is the authorisation. The PUT is
 * idempotent, so it follows the client's retry and timeout policy (and `options`' overrides).
 */
export const uploadMultimedia = (
  bytes: Uint8Array,
  extension: string,
  contentType: string,
  options: CallOptions = {}
): Effect.Effect<UploadedMultimedia, UltraCartError, UltraCartClient> =>
  Effect.gen(function* () {
    const client = yield* UltraCartClient
    const policy = resolveCallPolicy(client, options)
    if (Result.isFailure(policy)) {
      const detail = policy.failure
      return yield* new InvalidRequest({ ...site, message: `uploadMultimedia: ${detail}`, detail })
    }
    const { retry, timeout, maxResponseBytes } = policy.success
    const presigned = yield* getConversationMultimediaUploadUrl({ extension }, options)
    const target = checkUploadTarget(
      presigned.conversation_multimedia_upload_url?.key,
      presigned.conversation_multimedia_upload_url?.url
    )
    if (Result.isFailure(target)) return yield* unusableUrl(target.failure)
    const { key, url, parsed } = target.success
    const secrets = signatureParts(parsed)
    const request = HttpClientRequest.put(url).pipe(HttpClientRequest.bodyUint8Array(bytes, contentType))
    const onTimeout = () =>
      new Timeout({
        ...site,
        message: `uploadMultimedia: no complete response within ${Duration.format(timeout)}`,
        timeoutMillis: Duration.toMillis(timeout)
      })
    const put = failAfter(
      exchange(client.http, request, site, { maxResponseBytes, secrets }),
      timeout,
      onTimeout
    ).pipe(
      Effect.flatMap((response): Effect.Effect<void, UltraCartError> => {
        // Any 2xx is success; the storage service's body (read or left unread) is not looked at.
        if (response.status >= 200 && response.status <= 299) return Effect.void
        return Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.fail(
            scrubError(statusError(site, {}, response, errorHeaderName(client.metadata), now), secrets)
          )
        )
      })
    )
    yield* withRetry(put, true, retry)
    return { key, url }
  }).pipe(Effect.withSpan("uploadMultimedia", { kind: "client", attributes: { "uc.extension": extension } }))
