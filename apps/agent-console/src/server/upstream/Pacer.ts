/**
 * The loop every background feature runs in: run, then wait for the interval its budget allows
 * for the current attendance (visible tab, hidden tabs only, no tab), then run again. No tab: it
 * waits, without a timer, until one connects. A change of attendance is noticed at once: a tab
 * that becomes visible after a hidden stretch gets fresh data as soon as the visible interval
 * since the last run has passed, not at the end of the long hidden one.
 *
 * @since 0.0.0
 */
import { Clock, Duration, Effect, Stream, SubscriptionRef } from "effect"
import type { Attendance } from "./Budget.ts"

/**
 * Completes once `ref` holds a value accepted by `predicate` (at once when it already does).
 *
 * @since 0.0.0
 */
export const waitFor = <A>(ref: SubscriptionRef.SubscriptionRef<A>, predicate: (a: A) => boolean) =>
  SubscriptionRef.changes(ref).pipe(Stream.filter(predicate), Stream.take(1), Stream.runDrain)

/**
 * Runs `run` forever, paced by `intervalMillis(attendance)` (undefined: paused). Each run starts
 * `intervalMillis` after the start of the previous one; the run itself is never interrupted.
 *
 * @since 0.0.0
 */
export const pacedLoop = <E, R>(options: {
  readonly attendance: SubscriptionRef.SubscriptionRef<Attendance>
  readonly intervalMillis: (attendance: Attendance) => number | undefined
  readonly run: Effect.Effect<void, E, R>
}): Effect.Effect<never, E, R> =>
  Effect.gen(function* () {
    let lastRun: number | undefined
    for (;;) {
      const attendance = yield* SubscriptionRef.get(options.attendance)
      const every = options.intervalMillis(attendance)
      if (every === undefined) {
        yield* waitFor(options.attendance, (a) => options.intervalMillis(a) !== undefined)
        continue
      }
      const now = yield* Clock.currentTimeMillis
      const wait = lastRun === undefined ? 0 : lastRun + every - now
      if (wait <= 0) {
        lastRun = now
        yield* options.run
        continue
      }
      yield* Effect.race(
        Effect.sleep(Duration.millis(wait)),
        waitFor(options.attendance, (a) => a !== attendance)
      )
    }
  })
