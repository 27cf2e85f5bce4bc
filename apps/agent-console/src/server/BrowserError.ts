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
  /** UltraCart's own HTTP status, when it answered. */
  readonly upstreamStatus?: number
  /** UltraCart is unreachable or failing (not a refusal of this call): the connection indicator goes red. */
  readonly outage?: boolean
  /** Rate limits: seconds until UltraCart accepts calls again. */
  readonly retryAfterSeconds?: number
}

/**
 * Plain words for the agent, and the status the console answers with. UltraCart's own
 * `user_message` / `UC-REST-ERROR` is shown when it sends one for a refusal (4xx); developer
 * detail (decode failures, transport errors) stays in the server log (`respond.ts`).
 */
const describeError = (error: UltraCartError): { status: number; message: string; outage?: true } => {
  const upstream = "status" in error ? error.status : undefined
  switch (error._tag) {
    case "BadRequest":
      return { status: 400, message: ultraCartWords(error) ?? "UltraCart refused the request as invalid." }
    case "InvalidRequest":
      return { status: 400, message: "The request was not valid, so it was not sent to UltraCart." }
    case "Unauthorized":
      return {
        status: 401,
        message: `UltraCart rejected the console's credentials (401).${withWords(error)}`
      }
    case "ApplicationDisabled":
      return { status: 410, message: `The UltraCart application is disabled (410).${withWords(error)}` }
    case "RateLimited":
      return { status: 429, message: ultraCartWords(error) ?? "UltraCart is rate limiting the console." }
    case "Timeout":
      return { status: 504, message: "UltraCart timed out: it did not answer in time (504).", outage: true }
    case "Transport":
      return {
        status: 502,
        message: "UltraCart is unreachable (502): the console could not connect.",
        outage: true
      }
    case "ServerError": {
      const status = upstream === 503 || upstream === 504 ? upstream : 502
      const what =
        upstream === 503 ? "unavailable" : upstream === 504 ? "timing out" : "having a server error"
      return {
        status,
        message: `UltraCart is ${what} (${upstream ?? status}). Try again shortly.`,
        outage: true
      }
    }
    default:
      // ResponseDecode, ResponseTooLarge, UnexpectedStatus: an answer the console cannot use.
      return {
        status: 502,
        message: `UltraCart sent an answer the console could not read${upstream === undefined ? "" : ` (${upstream})`}. Try again shortly.`,
        outage: true
      }
  }
}

const ultraCartWords = (error: UltraCartError): string | undefined => {
  if ("ucRestError" in error && error.ucRestError) return error.ucRestError
  if ("response" in error && error.response?.error?.user_message) return error.response.error.user_message
  return undefined
}

const withWords = (error: UltraCartError): string => {
  const words = ultraCartWords(error)
  return words === undefined ? "" : ` ${words}`
}

/**
 * Translates a client error for the browser: plain words and the real status class, never the
 * developer detail (that is logged by `respond`).
 *
 * @since 0.0.0
 */
export const toBrowserError = (error: UltraCartError): BrowserError => {
  const { status, message, outage } = describeError(error)
  const upstream = "status" in error ? error.status : undefined
  return {
    tag: error._tag,
    message,
    status,
    ...(upstream === undefined ? {} : { upstreamStatus: upstream }),
    ...(outage ? { outage } : {}),
    ...(error.operationId === undefined ? {} : { operation: error.operationId }),
    ...(error._tag === "RateLimited"
      ? { retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMillis ?? 5000) / 1000)) }
      : {})
  }
}

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
