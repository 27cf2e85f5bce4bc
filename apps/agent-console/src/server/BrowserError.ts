/**
 * What the browser learns about a failed upstream call: a tag it can branch on, a readable
 * message, and how long to wait when rate limited. Never the request, its headers or the key.
 *
 * @since 0.0.0
 */
import type { UltraCartError } from "@uc-conversation/core"
import { HttpServerResponse } from "effect/http"

/**
 * The JSON body under `error` in every failed /api response and `upstream-error` event.
 *
 * @since 0.0.0
 */
export interface BrowserError {
  readonly tag: string
  readonly message: string
  /** The status the app server answers with. */
  readonly status: number
  /** The upstream operation that failed, when known. */
  readonly operation?: string
  /** Rate limits: seconds until UltraCart accepts calls again. */
  readonly retryAfterSeconds?: number
}

// Upstream failures the agent cannot fix answer 502/504; the others keep UltraCart's meaning.
const statusFor = (error: UltraCartError): number => {
  switch (error._tag) {
    case "BadRequest":
    case "InvalidRequest":
      return 400
    case "Unauthorized":
      return 401
    case "ApplicationDisabled":
      return 410
    case "RateLimited":
      return 429
    case "Timeout":
      return 504
    default:
      return 502
  }
}

const readableMessage = (error: UltraCartError): string => {
  if ("ucRestError" in error && error.ucRestError) return error.ucRestError
  if ("response" in error && error.response?.error?.user_message) return error.response.error.user_message
  return error.message
}

/**
 * Translates a client error for the browser.
 *
 * @since 0.0.0
 */
export const toBrowserError = (error: UltraCartError): BrowserError => ({
  tag: error._tag,
  message: readableMessage(error),
  status: statusFor(error),
  ...(error.operationId === undefined ? {} : { operation: error.operationId }),
  ...(error._tag === "RateLimited"
    ? { retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMillis ?? 5000) / 1000)) }
    : {})
})

/**
 * A JSON error response for the browser.
 *
 * @since 0.0.0
 */
export const errorResponse = (error: BrowserError): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    { error },
    {
      status: error.status,
      ...(error.retryAfterSeconds === undefined
        ? {}
        : { headers: { "retry-after": String(error.retryAfterSeconds) } })
    }
  )
