/**
 * The agent's keep-alive with UltraCart, run for as long as the console runs. Its last outcome
 * is what the browser's connection indicator shows.
 *
 * @since 0.0.0
 */
import { ConversationApi } from "@uc-conversation/core"
import { Context, DateTime, Duration, Effect, Layer, Schedule, type Stream, SubscriptionRef } from "effect"
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
  /** Seconds between keep-alives. */
  readonly everySeconds: number
}

/**
 * Sends `getAgentKeepAlive` on a fixed schedule and publishes each outcome.
 *
 * @since 0.0.0
 */
export class KeepAliveMonitor extends Context.Service<
  KeepAliveMonitor,
  {
    readonly current: Effect.Effect<KeepAliveStatus>
    /** The current status, then every change. */
    readonly changes: Stream.Stream<KeepAliveStatus>
  }
>()("@uc-conversation/agent-console/KeepAliveMonitor") {
  /**
   * Starts the keep-alive fiber for the lifetime of the layer.
   *
   * @since 0.0.0
   */
  static readonly layer = (every: Duration.Input) =>
    Layer.effect(
      KeepAliveMonitor,
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const everySeconds = Duration.toSeconds(Duration.fromInputUnsafe(every))
        const ref = yield* SubscriptionRef.make<KeepAliveStatus>({ state: "pending", everySeconds })
        const now = Effect.map(DateTime.now, DateTime.formatIso)
        const beat = Effect.gen(function* () {
          const outcome = yield* Effect.result(api.getAgentKeepAlive())
          const at = yield* now
          yield* SubscriptionRef.update(ref, (previous): KeepAliveStatus => {
            if (outcome._tag === "Success")
              return { state: "ok", lastOkAt: at, lastAttemptAt: at, everySeconds }
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
        yield* beat.pipe(Effect.repeat(Schedule.spaced(every)), Effect.forkScoped)
        return KeepAliveMonitor.of({
          current: SubscriptionRef.get(ref),
          changes: SubscriptionRef.changes(ref)
        })
      })
    )
}
