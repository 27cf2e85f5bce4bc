/**
 * The agent's keep-alive with UltraCart: one beat and the status it leaves behind, which the
 * browser's connection indicator shows. The schedule (who calls it and how often) is the
 * UpstreamHub's: while a tab is connected, at the budget's keep-alive interval.
 *
 * @since 0.0.0
 */
import type { UltraCartError } from "@uc-conversation/core"
import { DateTime, Effect, type Result, SubscriptionRef } from "effect"
import { type BrowserError, toBrowserError } from "./BrowserError.ts"

/**
 * The connection state as the browser sees it.
 *
 * @since 0.0.0
 */
export interface KeepAliveStatus {
  /** pending: no answer yet; ok: the last keep-alive succeeded; failing: it did not. */
  readonly state: "pending" | "ok" | "failing"
  /** ISO time of the last successful keep-alive. */
  readonly lastOkAt?: string
  /** ISO time of the last attempt. */
  readonly lastAttemptAt?: string
  /** How the last attempt failed, when it did. */
  readonly error?: BrowserError
  /** Seconds between keep-alives (simulated seconds under a time scale). */
  readonly everySeconds: number
}

/**
 * Sends one keep-alive (`call`) and records its outcome in `ref`.
 *
 * @since 0.0.0
 */
export const keepAliveBeat = <R>(
  call: Effect.Effect<void, UltraCartError, R>,
  ref: SubscriptionRef.SubscriptionRef<KeepAliveStatus>,
  everySeconds: number
): Effect.Effect<void, never, R> =>
  Effect.gen(function* () {
    const outcome = yield* Effect.result(call)
    const at = DateTime.formatIso(yield* DateTime.now)
    yield* SubscriptionRef.update(ref, (previous): KeepAliveStatus => {
      if (outcome._tag === "Success") return { state: "ok", lastOkAt: at, lastAttemptAt: at, everySeconds }
      const { lastOkAt } = previous
      return {
        state: "failing",
        lastAttemptAt: at,
        error: toBrowserError(outcome.failure),
        everySeconds,
        ...(lastOkAt === undefined ? {} : { lastOkAt })
      }
    })
  })

/**
 * Failures that mean UltraCart is unreachable or broken right now (not a refusal of this one
 * call): they turn the connection indicator red whichever background call met them.
 *
 * @since 0.0.0
 */
export const isOutage = (error: UltraCartError): boolean =>
  ["Transport", "Timeout", "ServerError", "ResponseDecode", "ResponseTooLarge", "UnexpectedStatus"].includes(
    error._tag
  )

/**
 * Folds the outcome of another background call (the list poll) into the connection status, so
 * the indicator does not stay green between keep-alives while UltraCart is down: an outage marks
 * it failing, and the next success clears an outage (a failing keep-alive's own error, e.g. a
 * rejected credential, is left for the next keep-alive to clear).
 *
 * @since 0.0.0
 */
export const recordPollOutcome = (
  outcome: Result.Result<unknown, UltraCartError>,
  ref: SubscriptionRef.SubscriptionRef<KeepAliveStatus>
): Effect.Effect<void> =>
  Effect.gen(function* () {
    const at = DateTime.formatIso(yield* DateTime.now)
    const previous = yield* SubscriptionRef.get(ref)
    if (outcome._tag === "Failure") {
      if (!isOutage(outcome.failure)) return
      const { lastOkAt, everySeconds } = previous
      yield* SubscriptionRef.set(ref, {
        state: "failing",
        lastAttemptAt: at,
        error: toBrowserError(outcome.failure),
        everySeconds,
        ...(lastOkAt === undefined ? {} : { lastOkAt })
      })
    } else if (previous.state === "failing" && previous.error?.outage === true) {
      yield* SubscriptionRef.set(ref, {
        state: "ok",
        lastOkAt: at,
        lastAttemptAt: at,
        everySeconds: previous.everySeconds
      })
    }
  })
