/**
 * The per-attempt timeout. Effect's `timeoutOrElse` races two forked fibers (the work and a
 * sleeping one) and was the largest single cost a request paid on top of the exchange itself
 * (bench/RESULTS.md, "where the time goes"). Here the work runs in one child fiber and the
 * deadline is a platform timer armed beside it, cleared the moment the work ends.
 *
 * The deadline is wall-clock time: `TestClock` does not advance it. Retry backoff still sleeps
 * through the Clock service.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"

/** setTimeout fires at once for anything larger than a signed 32-bit millisecond count. */
export const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * Runs `self`; if it has not completed within `duration`, interrupts it (which aborts the HTTP
 * exchange) and fails with `onTimeout()`. An infinite duration means no deadline.
 */
export const failAfter = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> => {
  const millis = Duration.toMillis(duration)
  if (!Number.isFinite(millis)) return self
  return Effect.flatMap(Effect.forkChild(self, { startImmediately: true }), (fiber) =>
    Effect.callback<A, E | E2>((resume) => {
      const timer = setTimeout(
        () => {
          removeObserver()
          resume(Effect.andThen(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
        },
        Math.min(millis, MAX_TIMER_MILLIS)
      )
      const removeObserver = fiber.addObserver((exit) => {
        clearTimeout(timer)
        resume(exit)
      })
      // The caller was interrupted: stop the clock and the work.
      return Effect.suspend(() => {
        clearTimeout(timer)
        removeObserver()
        return Fiber.interrupt(fiber)
      })
    })
  )
}
