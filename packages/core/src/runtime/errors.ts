/**
 * The one error family every operation fails with. Each class extends {@link UltraCartErrorBase}
 * with a `_tag`, so it works with `Effect.catchTag`, with `instanceof` (also through the Promise
 * facade), and with the one guard {@link isUltraCartError}.
 *
 * No error ever holds the request, its headers or the raw transport error: those carry the
 * credential. Only method, path template, status, the decoded error body and the
 * `UC-REST-ERROR` header are kept.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import type { ErrorResponse } from "../generated/models.gen.ts"

/**
 * The decoded error body: UltraCart's `ErrorResponse`, as the operation's own declared error
 * schema (the generated `ErrorResponse`) decoded it. Only its type is imported: the generated
 * models import this runtime, so a value import here would be a module cycle. The field holds
 * what that schema produced and is not decoded twice.
 */
const ErrorResponseBody = Schema.declare(
  (input: unknown): input is ErrorResponse => Predicate.isObject(input),
  { identifier: "ErrorResponse" }
)

/** Fields every error of the family carries. */
const common = {
  /** A readable summary, free of credentials. */
  message: Schema.String,
  /** HTTP method of the failed call. */
  method: Schema.String,
  /** The operation's path template (never the filled-in URL). */
  path: Schema.String,
  /** The operationId, when the call came from an operation definition. */
  operationId: Schema.optionalKey(Schema.String)
}

/** Fields of errors that carry an HTTP response, beside {@link common}. */
const withResponse = {
  /** HTTP status of the response. */
  status: Schema.Number,
  /** The decoded `ErrorResponse` body, when the response had one the operation's schema reads. */
  response: Schema.optionalKey(ErrorResponseBody),
  /** Value of the `UC-REST-ERROR` response header, when present. */
  ucRestError: Schema.optionalKey(Schema.String)
}

/**
 * The base class of every error an UltraCart call fails with ({@link UltraCartError}): for
 * Promise users, `error instanceof UltraCartErrorBase` recognises the whole family; Effect users
 * match the subclasses by `_tag` (`Effect.catchTag("RateLimited", …)`). Every member carries
 * `message`, `method`, `path` and, from an operation, `operationId`.
 *
 * It is a `Schema.Error` class, and each member extends it with `UltraCartErrorBase.extend`
 * and a `Schema.tag` field: that is how Effect 4 subclasses a schema class (a plain `extends`
 * of a `Schema.TaggedError` class is unsupported), and it keeps each member a yieldable, tagged
 * error. The base itself is never raised.
 */
export class UltraCartErrorBase extends Schema.Error<UltraCartErrorBase>("UltraCartError")(common) {
  /**
   * Every member's tag (`"RateLimited"`, …), so `error instanceof UltraCartErrorBase` is enough to
   * read it. Type only: each member's `Schema.tag` field sets it; {@link isUltraCartError} narrows
   * further, to the union the tags discriminate.
   */
  declare readonly _tag: string
}

/**
 * Whether a value is an error of the UltraCart family ({@link UltraCartError}), for code that
 * holds an `unknown` (a rejected Promise, a squashed Cause).
 */
export const isUltraCartError = (input: unknown): input is UltraCartError =>
  input instanceof UltraCartErrorBase

/** 400: UltraCart rejected the request. Not retried. */
export class BadRequest extends UltraCartErrorBase.extend<BadRequest>("BadRequest")({
  _tag: Schema.tag("BadRequest"),
  ...withResponse
}) {}

/** 401: the simple key or OAuth token is missing, wrong or expired. Not retried. */
export class Unauthorized extends UltraCartErrorBase.extend<Unauthorized>("Unauthorized")({
  _tag: Schema.tag("Unauthorized"),
  ...withResponse
}) {}

/** 410: the application (API key's app) is disabled. Not retried. */
export class ApplicationDisabled extends UltraCartErrorBase.extend<ApplicationDisabled>(
  "ApplicationDisabled"
)({
  _tag: Schema.tag("ApplicationDisabled"),
  ...withResponse
}) {}

/** 429: rate limited. Retried for retry-safe operations, after `Retry-After` when sent. */
export class RateLimited extends UltraCartErrorBase.extend<RateLimited>("RateLimited")({
  _tag: Schema.tag("RateLimited"),
  ...withResponse,
  /** The server's `Retry-After`, in milliseconds, when it sent a readable one. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}) {
  /** The server's `Retry-After` as a Duration, when it sent a readable one. */
  get retryAfter(): Duration.Duration | undefined {
    return this.retryAfterMillis === undefined ? undefined : Duration.millis(this.retryAfterMillis)
  }
}

/** 5xx: the server failed. Retried for retry-safe operations. */
export class ServerError extends UltraCartErrorBase.extend<ServerError>("ServerError")({
  _tag: Schema.tag("ServerError"),
  ...withResponse,
  /** The server's `Retry-After` (503 often sends one), in milliseconds. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}) {}

/** Any other non-2xx status (404, 408, 409, 3xx…). 408 is retried for retry-safe operations. */
export class UnexpectedStatus extends UltraCartErrorBase.extend<UnexpectedStatus>("UnexpectedStatus")({
  _tag: Schema.tag("UnexpectedStatus"),
  ...withResponse
}) {}

/** The request never got a response: connection refused or reset, DNS, TLS, aborted body. */
export class Transport extends UltraCartErrorBase.extend<Transport>("Transport")({
  _tag: Schema.tag("Transport"),
  /** What went wrong, without the request (whose headers hold the credential). */
  detail: Schema.String
}) {}

/** No complete response arrived within the per-request timeout. */
export class Timeout extends UltraCartErrorBase.extend<Timeout>("Timeout")({
  _tag: Schema.tag("Timeout"),
  /** The timeout that elapsed, in milliseconds. */
  timeoutMillis: Schema.Number
}) {}

/**
 * The response body was longer than `maxResponseBytes` (per client or per call). Reading stopped
 * at the limit and the connection was closed; nothing past the limit was kept. Not retried: the
 * same request would get the same body.
 */
export class ResponseTooLarge extends UltraCartErrorBase.extend<ResponseTooLarge>("ResponseTooLarge")({
  _tag: Schema.tag("ResponseTooLarge"),
  /** HTTP status of the response whose body was too large. */
  status: Schema.Number,
  /** The limit in force, in bytes. */
  limit: Schema.Number,
  /** Bytes received before reading stopped (0 when `Content-Length` already said too much). */
  bytesRead: Schema.Number,
  /** The `Content-Length` the server declared, when it declared one. */
  declaredLength: Schema.optionalKey(Schema.Number)
}) {}

/**
 * A 2xx response whose body could not be read or did not match the operation's schema, or that
 * arrived with a content coding (the client asks for `identity` and reads no encoded body).
 */
export class ResponseDecode extends UltraCartErrorBase.extend<ResponseDecode>("ResponseDecode")({
  _tag: Schema.tag("ResponseDecode"),
  status: Schema.Number,
  /** Why decoding failed (schema issue or JSON syntax error). */
  detail: Schema.String
}) {}

/** The arguments did not encode with the operation's schema. Raised before any I/O. */
export class InvalidRequest extends UltraCartErrorBase.extend<InvalidRequest>("InvalidRequest")({
  _tag: Schema.tag("InvalidRequest"),
  /** The schema issue, formatted. */
  detail: Schema.String
}) {}

/** Every way an UltraCart call can fail. */
export type UltraCartError =
  | BadRequest
  | Unauthorized
  | ApplicationDisabled
  | RateLimited
  | ServerError
  | UnexpectedStatus
  | Transport
  | Timeout
  | ResponseDecode
  | ResponseTooLarge
  | InvalidRequest

/**
 * The client configuration is unusable (plain http to a non-loopback host, bad URL, no credential,
 * a credential or header that cannot be sent). Raised when the client is built, before any request.
 *
 * Not a member of {@link UltraCartError}: no call was made, so it has no method, path or status.
 * Its class name and tag agree, and differ from Effect's own `ConfigError` (a missing or invalid
 * environment variable), which `layerConfig` can fail with beside it.
 */
export class UltraCartConfigError extends Schema.TaggedError<UltraCartConfigError>()("UltraCartConfigError", {
  message: Schema.String,
  /**
   * The option or environment variable at fault (`simpleKey`, `ULTRACART_SIMPLE_KEY`,
   * `headers.x-foo`…), when one is. Its value is never part of the error.
   */
  option: Schema.optionalKey(Schema.String)
}) {}

/**
 * The former name of {@link UltraCartConfigError} (same class, same tag).
 *
 * @deprecated Use `UltraCartConfigError`; this alias is removed in the next major version.
 */
export const ConfigError = UltraCartConfigError

/**
 * The former name of {@link UltraCartConfigError}.
 *
 * @deprecated Use `UltraCartConfigError`; this alias is removed in the next major version.
 */
export type ConfigError = UltraCartConfigError
