/**
 * Turns a route's failures into JSON the browser shows: UltraCart errors keep their tag and
 * retry delay, malformed requests from the browser answer 400.
 *
 * @since 0.0.0
 */
import { isUltraCartError } from "@uc-conversation/core"
import { Effect } from "effect"
import type { HttpServerResponse } from "effect/http"
import { errorResponse, toBrowserError } from "./BrowserError.ts"

/**
 * Runs a route body; any failure becomes an error response instead of a 500 with no body. The
 * client's own guard, `isUltraCartError`, tells an UltraCart failure from a malformed request.
 *
 * @since 0.0.0
 */
export const respond = <E, R>(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R> =>
  Effect.catch(effect, (error) =>
    Effect.succeed(
      isUltraCartError(error)
        ? errorResponse(toBrowserError(error))
        : errorResponse({
            tag: "BadRequest",
            status: 400,
            message: error instanceof Error ? error.message : "The request was not understood."
          })
    )
  )
