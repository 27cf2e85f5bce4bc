/**
 * Maps an HTTP response to success or to the error family. The body has already been read as
 * text (under the request's timeout and size limit), or left unread because it was too large or
 * encoded, so everything here is synchronous apart from decoding.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type { ErrorResponse } from "../generated/models.gen.ts"
import type { BodyRead } from "./body.ts"
import {
  ApplicationDisabled,
  BadRequest,
  RateLimited,
  ResponseDecode,
  ResponseTooLarge,
  ServerError,
  type UltraCartError,
  Unauthorized,
  UnexpectedStatus
} from "./errors.ts"
import type { OperationDefinition } from "./operation.ts"
import type { CodecStep } from "./prepared.ts"
import { parseRetryAfter } from "./retry.ts"

/** Why a body was left unread: over the size limit, or sent with a content coding. */
export type UnreadBody = Exclude<BodyRead, { readonly _tag: "Read" }>

/** The parts of a response the mapping needs. */
export interface ReceivedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The body as text; "" when it was left unread. */
  readonly text: string
  /** Set when the body was left unread, and why. */
  readonly unread?: UnreadBody
  /**
   * The exchange's secrets (the credential). A server can echo a request header into its body or
   * `UC-REST-ERROR`, so an error made from this response is scrubbed of them.
   */
  readonly secrets: ReadonlyArray<string>
}

/** An operation's declared error bodies by status key ("400", "4XX", "default"). */
export type DeclaredErrors = OperationDefinition<unknown, unknown>["errors"]

/** Where a failure happened: which operation, and the names to report. */
export interface CallSite {
  readonly operationId: string
  readonly method: string
  readonly path: string
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/**
 * The declared error schema for a status: exact, then "4XX"/"5XX", then "default". A status the
 * operation does not declare (404, 503…) is read with the schema its declared errors share, when
 * they all share one (UltraCart's `ErrorResponse`), so its message is not lost.
 */
const declaredErrorSchema = (
  errors: DeclaredErrors,
  status: number
): Schema.Codec<unknown, unknown> | undefined => {
  const shared = new Set(Object.values(errors))
  // Declared error schemas are plain models without decoding services.
  return (errors[String(status)] ??
    errors[`${String(status)[0]}XX`] ??
    errors.default ??
    (shared.size === 1 ? [...shared][0] : undefined)) as Schema.Codec<unknown, unknown> | undefined
}

/**
 * Decodes an error body with the operation's declared error schema (the generated
 * `ErrorResponse`, every field of which is optional and accepts `null`). A body that is not JSON,
 * does not fit, or has no schema to read it is dropped rather than turned into a second error.
 */
export const decodeErrorBody = (
  errors: DeclaredErrors,
  status: number,
  text: string
): ErrorResponse | undefined => {
  const json = parseJson(text)
  if (Option.isNone(json)) return undefined
  const declared = declaredErrorSchema(errors, status)
  if (declared === undefined) return undefined
  // The runtime serves UltraCart's operations, whose every declared error body is ErrorResponse.
  return Option.getOrUndefined(Schema.decodeUnknownOption(declared)(json.value)) as ErrorResponse | undefined
}

const firstLine = (text: string, max = 200): string => {
  const line = text.split(/\r?\n/, 1)[0] ?? ""
  return line.length > max ? `${line.slice(0, max)}…` : line
}

/**
 * Builds the error for a non-2xx response. A body left unread (too large, encoded) is simply not
 * part of it: the status still decides the error and whether it is retried. `Retry-After` is
 * reported as the server sent it, up to `retryAfterCeiling` (retry.ts).
 */
export const statusError = (
  site: CallSite,
  errors: DeclaredErrors,
  response: ReceivedResponse,
  errorHeader: string,
  nowMillis: number
): UltraCartError => {
  const { status } = response
  const body = decodeErrorBody(errors, status, response.text)
  const ucRestError = response.headers[errorHeader.toLowerCase()]
  const reason =
    ucRestError ??
    body?.error?.developer_message ??
    body?.error?.user_message ??
    (status >= 500 ? "server error" : "")
  const fields = {
    message: `${site.operationId} (${site.method} ${site.path}) failed with HTTP ${status}${reason ? `: ${firstLine(reason)}` : ""}`,
    ...site,
    status,
    ...(body === undefined ? {} : { response: body }),
    ...(ucRestError === undefined ? {} : { ucRestError })
  }
  const retryAfterMillis = parseRetryAfter(response.headers["retry-after"], nowMillis)
  const retryAfter = retryAfterMillis === undefined ? {} : { retryAfterMillis }
  if (status === 400) return new BadRequest(fields)
  if (status === 401) return new Unauthorized(fields)
  if (status === 410) return new ApplicationDisabled(fields)
  if (status === 429) return new RateLimited({ ...fields, ...retryAfter })
  if (status >= 500 && status <= 599) return new ServerError({ ...fields, ...retryAfter })
  return new UnexpectedStatus(fields)
}

/**
 * The error for a 2xx body left unread: ResponseTooLarge over the limit, ResponseDecode for a
 * content coding the client did not ask for.
 */
export const unreadBodyError = (
  site: CallSite,
  status: number,
  unread: UnreadBody
): ResponseTooLarge | ResponseDecode => {
  const at = `${site.operationId} (${site.method} ${site.path})`
  if (unread._tag === "TooLarge") {
    const declared = unread.declaredLength
    return new ResponseTooLarge({
      message:
        declared === undefined
          ? `${at}: the response body is longer than maxResponseBytes (${unread.limit}); stopped after ${unread.bytesRead} bytes`
          : `${at}: the response declares ${declared} bytes, more than maxResponseBytes (${unread.limit}); not read`,
      ...site,
      status,
      limit: unread.limit,
      bytesRead: unread.bytesRead,
      ...(declared === undefined ? {} : { declaredLength: declared })
    })
  }
  const coding = unread.coding.length > 40 ? `${unread.coding.slice(0, 40)}…` : unread.coding
  const detail = `the body is encoded (${coding}); the client asks for identity and reads no encoded body`
  return new ResponseDecode({ message: `${at}: ${detail}`, ...site, status, detail })
}

/** Decodes a 2xx body with the operation's (prepared) success decoder. */
export const decodeSuccess = <Success>(
  site: CallSite,
  decode: CodecStep<Success>,
  response: ReceivedResponse
): Effect.Effect<Success, ResponseDecode | ResponseTooLarge> => {
  if (response.unread !== undefined)
    return Effect.fail(unreadBodyError(site, response.status, response.unread))
  const fail = (detail: string) =>
    new ResponseDecode({
      message: `${site.operationId} (${site.method} ${site.path}): response body did not decode: ${firstLine(detail)}`,
      ...site,
      status: response.status,
      detail
    })
  const json = parseJson(response.text)
  if (Option.isNone(json)) {
    const contentType = response.headers["content-type"] ?? "no content type"
    return Effect.fail(fail(`body is not JSON (${contentType}, ${response.text.length} characters)`))
  }
  const decoded = decode(json.value)
  return Result.isSuccess(decoded) ? Effect.succeed(decoded.success) : Effect.fail(fail(decoded.failure))
}

/**
 * The response header carrying UltraCart's readable error: the spec's `x-uc-error-header`, as the
 * generator emits it into `apiMetadata.errorMessageHeader`; UltraCart's `UC-REST-ERROR` (the
 * spec library's `DEFAULT_ERROR_HEADER`) only for a document that names none.
 */
export const errorHeaderName = (metadata: { readonly errorMessageHeader: string | undefined }): string =>
  metadata.errorMessageHeader ?? "UC-REST-ERROR"
