/**
 * The agent keep-alive as a scoped background fiber.
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { getAgentKeepAlive } from "../generated/operations/getAgentKeepAlive.gen.ts"
import type { UltraCartClient } from "../runtime/client.ts"
import type { UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"
import { isTransient } from "../runtime/retry.ts"

/**
 * Calls `getAgentKeepAlive` now and then every `every`, in a fiber tied to the current Scope
 * (it stops when the scope closes). Each beat is a `background` call of the credential's
 * scheduler, so it waits behind interactive calls and out of the budget's reserve: the beat is
 * `every` after the previous one finished, plus whatever wait the scheduler imposes. A transient failure (after the call's own retries) is logged
 * and the next beat still happens; any other failure (401, 410…) ends the fiber with that error,
 * since repeating it cannot help.
 */
export const keepAlive = (
  every: Duration.Input,
  options: CallOptions = {}
): Effect.Effect<Fiber.Fiber<never, UltraCartError>, never, UltraCartClient | Scope.Scope> =>
  getAgentKeepAlive({}, { ...options, priority: options.priority ?? "background" }).pipe(
    Effect.catchIf(isTransient, (error) =>
      Effect.logWarning("UltraCart keep-alive failed; trying again on the next beat").pipe(
        Effect.annotateLogs({ error: error._tag })
      )
    ),
    Effect.repeat(Schedule.spaced(every)),
    Effect.flatMap(() => Effect.never),
    Effect.forkScoped
  )
