/**
 * The one error family every operation fails with. Each class is a `Schema.TaggedError`, so it
 * works with `Effect.catchTag` and with `instanceof` (also through the Promise facade).
 *
 * No error ever holds the request, its headers or the raw transport error: those carry the
 * credential. Only method, path template, status, the decoded error body and the
 * `UC-REST-ERROR` header are kept.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/** UltraCart's `Error` object inside an error body, decoded leniently (every field optional). */
export const ErrorDetail = Schema.Struct({
  developer_message: Schema.optionalKey(Schema.NullOr(Schema.String)),
  error_code: Schema.optionalKey(Schema.NullOr(Schema.String)),
  more_info: Schema.optionalKey(Schema.NullOr(Schema.String)),
  object_id: Schema.optionalKey(Schema.NullOr(Schema.String)),
  user_message: Schema.optionalKey(Schema.NullOr(Schema.String))
})
/** The decoded `Error` object of an {@link ErrorBody}. */
export type ErrorDetail = typeof ErrorDetail.Type

/** UltraCart's `ErrorResponse` envelope as kept on an error: only the parts worth reading. */
export const ErrorBody = Schema.Struct({
  error: Schema.optionalKey(Schema.NullOr(ErrorDetail)),
  success: Schema.optionalKey(Schema.NullOr(Schema.Boolean))
})
/** The decoded error body carried by {@link UltraCartError}s that came from a response. */
export type ErrorBody = typeof ErrorBody.Type

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

/** Fields of errors that carry an HTTP response. */
const withResponse = {
  ...common,
  /** HTTP status of the response. */
  status: Schema.Number,
  /** The decoded `ErrorResponse` body, when the response had a readable one. */
  response: Schema.optionalKey(ErrorBody),
  /** Value of the `UC-REST-ERROR` response header, when present. */
  ucRestError: Schema.optionalKey(Schema.String)
}

/** 400: UltraCart rejected the request. Not retried. */
export class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", withResponse) {}

/** 401: the simple key or OAuth token is missing, wrong or expired. Not retried. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", withResponse) {}

/** 410: the application (API key's app) is disabled. Not retried. */
export class ApplicationDisabled extends Schema.TaggedError<ApplicationDisabled>()(
  "ApplicationDisabled",
  withResponse
) {}

/** 429: rate limited. Retried for retry-safe operations, after `Retry-After` when sent. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
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
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...withResponse,
  /** The server's `Retry-After` (503 often sends one), in milliseconds. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}) {}

/** Any other non-2xx status (404, 408, 409, 3xx…). 408 is retried for retry-safe operations. */
export class UnexpectedStatus extends Schema.TaggedError<UnexpectedStatus>()(
  "UnexpectedStatus",
  withResponse
) {}

/** The request never got a response: connection refused or reset, DNS, TLS, aborted body. */
export class Transport extends Schema.TaggedError<Transport>()("Transport", {
  ...common,
  /** What went wrong, without the request (whose headers hold the credential). */
  detail: Schema.String
}) {}

/** No complete response arrived within the per-request timeout. */
export class Timeout extends Schema.TaggedError<Timeout>()("Timeout", {
  ...common,
  /** The timeout that elapsed, in milliseconds. */
  timeoutMillis: Schema.Number
}) {}

/**
 * The response body was longer than `maxResponseBytes` (per client or per call). Reading stopped
 * at the limit and the connection was closed; nothing past the limit was kept. Not retried: the
 * same request would get the same body.
 */
export class ResponseTooLarge extends Schema.TaggedError<ResponseTooLarge>()("ResponseTooLarge", {
  ...common,
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
export class ResponseDecode extends Schema.TaggedError<ResponseDecode>()("ResponseDecode", {
  ...common,
  status: Schema.Number,
  /** Why decoding failed (schema issue or JSON syntax error). */
  detail: Schema.String
}) {}

/** The arguments did not encode with the operation's schema. Raised before any I/O. */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  ...common,
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
 */
export class ConfigError extends Schema.TaggedError<ConfigError>()("UltraCartConfigError", {
  message: Schema.String,
  /**
   * The option or environment variable at fault (`simpleKey`, `ULTRACART_SIMPLE_KEY`,
   * `headers.x-foo`…), when one is. Its value is never part of the error.
   */
  option: Schema.optionalKey(Schema.String)
}) {}
