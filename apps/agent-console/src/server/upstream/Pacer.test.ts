import { Effect, Fiber, Ref, SubscriptionRef } from "effect"
import { TestClock } from "effect/testing"
import { describe, expect, it } from "vitest"
import type { Attendance } from "./Budget.ts"
import { pacedLoop } from "./Pacer.ts"

const intervalMillis = (attendance: Attendance) =>
  attendance === "visible" ? 1000 : attendance === "hidden" ? 4000 : undefined

/** Runs `body` with a loop counting its runs, on a TestClock (time moves only when told). */
const withLoop = (
  body: (
    runs: Effect.Effect<number>,
    attendance: SubscriptionRef.SubscriptionRef<Attendance>
  ) => Effect.Effect<void>
) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const attendance = yield* SubscriptionRef.make<Attendance>("none")
      const runs = yield* Ref.make(0)
      const fiber = yield* Effect.forkChild(
        pacedLoop({ attendance, intervalMillis, run: Ref.update(runs, (n) => n + 1) })
      )
      yield* Effect.yieldNow
      yield* body(Ref.get(runs), attendance)
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(TestClock.layer()))
  )

const settle = Effect.gen(function* () {
  for (let i = 0; i < 20; i++) yield* Effect.yieldNow
})

describe("pacedLoop", () => {
  it("waits for a tab, runs at once, then at the visible interval", () =>
    withLoop((runs, attendance) =>
      Effect.gen(function* () {
        yield* TestClock.adjust("10 seconds")
        expect(yield* runs).toBe(0)
        yield* SubscriptionRef.set(attendance, "visible")
        yield* settle
        expect(yield* runs).toBe(1)
        yield* TestClock.adjust("999 millis")
        expect(yield* runs).toBe(1)
        yield* TestClock.adjust("1 millis")
        yield* settle
        expect(yield* runs).toBe(2)
        yield* TestClock.adjust("3 seconds")
        yield* settle
        expect(yield* runs).toBe(5)
      })
    ))

  it("slows down while hidden, catches up at once when visible again, stops without a tab", () =>
    withLoop((runs, attendance) =>
      Effect.gen(function* () {
        yield* SubscriptionRef.set(attendance, "hidden")
        yield* settle
        expect(yield* runs).toBe(1)
        yield* TestClock.adjust("3 seconds")
        yield* settle
        expect(yield* runs).toBe(1)
        // Visible again: the visible interval since the last run has passed, so it runs now.
        yield* SubscriptionRef.set(attendance, "visible")
        yield* settle
        expect(yield* runs).toBe(2)
        yield* SubscriptionRef.set(attendance, "none")
        yield* settle
        yield* TestClock.adjust("1 minute")
        yield* settle
        expect(yield* runs).toBe(2)
      })
    ))
})
