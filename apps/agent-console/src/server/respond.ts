/**
 * Turns a route's failures into JSON the browser shows: plain words for the agent with the real
 * status class (BrowserError.ts), UltraCart's retry delay; malformed requests from the browser
 * answer 400. The developer detail (the client error's message, a decode failure) goes to the
 * server log only; client errors never carry the key or headers.
 *
 * @since 0.0.0
 */
import { isUltraCartError } from "@uc-conversation/core"
import { Effect } from "effect"
import type { HttpServerResponse } from "effect/http"
import { type BrowserError, errorResponse, toBrowserError } from "./BrowserError.ts"

/**
 * The browser's view of any route failure.
 *
 * @since 0.0.0
 */
export const browserErrorOf = (error: unknown): BrowserError =>
  isUltraCartError(error)
    ? toBrowserError(error)
    : { tag: "BadRequest", status: 400, message: "The console could not understand that request." }

/** One line for the server log: the tag and the developer message, truncated. */
const detailOf = (error: unknown): string => {
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "Error"
  const message = error instanceof Error ? error.message : String(error)
  return `${tag}: ${message.replace(/\s+/g, " ").slice(0, 500)}`
}

/**
 * Runs a route body; any failure becomes an error response instead of a 500 with no body. The
 * client's own guard, `isUltraCartError`, tells an UltraCart failure from a malformed request.
 *
 * @since 0.0.0
 */
export const respond = <E, R>(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.catch(effect, (error) => {
    const browser = browserErrorOf(error)
    return Effect.as(
      Effect.logWarning(`answered ${browser.status}: ${detailOf(error)}`),
      errorResponse(browser)
    )
  })
