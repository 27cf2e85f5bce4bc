import { assert, describe, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Exit, Fiber } from "effect"
import { failAfter } from "./timeout.ts"

const late = () => "late" as const

describe("failAfter (per-attempt timeout)", () => {
  it.live("passes a result through and leaves no timer behind", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* failAfter(Effect.succeed(7), Duration.seconds(5), late), 7)
      const async = Effect.as(Effect.sleep("5 millis"), "async")
      assert.strictEqual(yield* failAfter(async, Duration.seconds(5), late), "async")
    })
  )

  it.live("passes a failure through unchanged", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(failAfter(Effect.fail("boom" as const), Duration.seconds(5), late))
      assert.deepStrictEqual(exit, Exit.fail("boom"))
    })
  )

  it.live("fails with onTimeout after the deadline and interrupts the work first", () =>
    Effect.gen(function* () {
      const finalized = yield* Deferred.make<void>()
      const work = Effect.never.pipe(Effect.ensuring(Deferred.succeed(finalized, undefined)))
      const started = Date.now()
      const exit = yield* Effect.exit(failAfter(work, Duration.millis(30), late))
      assert.deepStrictEqual(exit, Exit.fail("late"))
      assert.isAtLeast(Date.now() - started, 25)
      // The work's finalizer ran before the timeout was reported.
      assert.isTrue(yield* Deferred.isDone(finalized))
    })
  )

  it.live("interrupting the caller interrupts the work and disarms the deadline", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<void>()
      const finalized = yield* Deferred.make<void>()
      let timedOut = false
      const work = Deferred.succeed(started, undefined).pipe(
        Effect.andThen(Effect.never),
        Effect.ensuring(Deferred.succeed(finalized, undefined))
      )
      const fiber = yield* Effect.forkChild(
        failAfter(work, Duration.millis(500), () => {
          timedOut = true
          return "late"
        })
      )
      // Interrupt once the work runs (its deadline armed), not after a guessed sleep: on a loaded
      // machine a 5 ms sleep can outlast any short deadline.
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(yield* Deferred.isDone(finalized))
      // Past the deadline: a timer left armed would have fired by now.
      yield* Effect.sleep("1 second")
      assert.isFalse(timedOut)
    })
  )

  it.live("an infinite duration sets no deadline", () =>
    Effect.gen(function* () {
      const result = yield* failAfter(Effect.as(Effect.sleep("10 millis"), "done"), Duration.infinity, late)
      assert.strictEqual(result, "done")
    })
  )
})
