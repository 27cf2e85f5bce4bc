/**
 * The rate budget of the client's credential, for Effect users: a snapshot now, and a `Stream` of
 * every change. Both come from the credential's scheduler (see `runtime/scheduler.ts`): counts and
 * limits only, never the credential.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { UltraCartClient } from "../runtime/client.ts"
import type { RateBudget } from "../runtime/rateLimit.ts"

export type {
  BudgetBucket,
  Priority,
  RateBudget,
  RateLimit,
  RateLimitBucket,
  RateLimitOptions
} from "../runtime/rateLimit.ts"
export { ultracartRateLimit } from "../runtime/rateLimit.ts"

/**
 * The budget now: requests in the last hour and day, each bucket's use, requests in flight, the
 * queue, the pause after a 429 and the time until the next free slot (measured with `Clock`).
 * With `rateLimit: "off"`, `enabled` is false and every count is 0.
 */
export const rateBudget: Effect.Effect<RateBudget, never, UltraCartClient> = Effect.gen(function* () {
  const client = yield* UltraCartClient
  return client.scheduling.budget(yield* Clock.currentTimeMillis)
})

/**
 * The budget now, then again on every change (a call queued, started or finished; a pause after
 * a 429). The newest value wins when the consumer is slower than the changes (a sliding buffer).
 */
export const rateBudgetChanges: Stream.Stream<RateBudget, never, UltraCartClient> = Stream.callback<
  RateBudget,
  never,
  UltraCartClient
>(
  (queue) =>
    Effect.gen(function* () {
      const client = yield* UltraCartClient
      yield* Queue.offer(queue, client.scheduling.budget(yield* Clock.currentTimeMillis))
      const unsubscribe = client.scheduling.subscribe((budget) => {
        Queue.offerUnsafe(queue, budget)
      })
      yield* Effect.addFinalizer(() => Effect.sync(unsubscribe))
    }),
  { bufferSize: 16, strategy: "sliding" }
)
