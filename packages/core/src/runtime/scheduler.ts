/**
 * The per-credential scheduler: "requests are scheduled, not fired".
 *
 * - One {@link Scheduler} per credential and base URL in the process, in a process-wide registry
 *   keyed by the SHA-256 of both (the credential is never a key in clear). Two clients with the
 *   same key share it; a credential from an Effect is keyed by the value it yields, per request.
 * - Each attempt (a retry is a new attempt) waits for a slot: at most `maxConcurrent` in flight,
 *   and no bucket over its limit. Buckets are sliding windows of request start times: at most
 *   `limit` starts in any `seconds`. A window that never holds more than `limit` requests never
 *   overfills a leaky bucket of the same size and rate, so the server's bucket stays within.
 * - Priorities: the first waiting `interactive` call goes before any `background` one; within a
 *   priority, first come first served. A `background` call also waits while fewer than
 *   `floor(limit × backgroundReserve)` requests remain in any bucket (default: the last 10 % of
 *   the hour is kept for people), so polls slow down first when the budget runs low.
 * - A 429 pauses the scheduler (everyone waits) until the bucket has leaked: `Retry-After` when
 *   sent, else one leak interval of the bucket the `UC-REST-ERROR` names (`seconds / limit`, at
 *   least the local model's wait for that bucket); a concurrency 429 pauses 1 s. Every pause is
 *   capped at the call's `retry.maxRetryAfter` (default 60 s), like a Retry-After.
 * - Time comes from Effect's `Clock` of the waiting fiber, so `TestClock` drives it. If the clock
 *   goes back by more than a minute (a TestClock after a live clock sharing a key), the history
 *   is dropped.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import {
  type BudgetBucket,
  offBudget,
  type Priority,
  type RateBudget,
  type RateLimitBucket,
  type RateLimitSignal,
  type ResolvedRateLimit
} from "./rateLimit.ts"
import { sha256Hex } from "./sha256.ts"

const hourMillis = 3_600_000
const dayMillis = 86_400_000
/** How long a concurrency 429 without Retry-After pauses the scheduler. */
const concurrencyPauseMillis = 1_000

interface Waiter {
  readonly priority: Priority
  /** Resumes the waiting fiber, when it is parked. */
  wake: (() => void) | undefined
  /** Set when something changed while the fiber was not parked: decide again at once. */
  dirty: boolean
}

/** The scheduler of one credential (shared by every client using it in this process). */
export class Scheduler {
  private limits: ResolvedRateLimit
  /** Start times of requests, ascending, from index `head`. */
  private history: Array<number> = []
  private head = 0
  private inFlight = 0
  private readonly waiters: Array<Waiter> = []
  private pausedUntil = 0
  private readonly listeners = new Set<(budget: RateBudget) => void>()

  constructor(limits: ResolvedRateLimit) {
    this.limits = limits
  }

  /** A client with other limits joined: the stricter of both applies (min concurrency, every bucket). */
  join(limits: ResolvedRateLimit): void {
    const buckets = [...this.limits.buckets]
    for (const bucket of limits.buckets) {
      if (!buckets.some((b) => b.limit === bucket.limit && b.seconds === bucket.seconds)) buckets.push(bucket)
    }
    this.limits = {
      maxConcurrent: Math.min(this.limits.maxConcurrent, limits.maxConcurrent),
      buckets,
      backgroundReserve: Math.max(this.limits.backgroundReserve, limits.backgroundReserve)
    }
  }

  /** Runs `effect` (one request) in a slot of this scheduler, at `priority`. */
  run<A, E, R>(priority: Priority, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(restore(this.acquire(priority)), () =>
        Effect.ensuring(
          restore(effect),
          Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => this.release(now)))
        )
      )
    )
  }

  /**
   * Pauses the scheduler after a 429, as the signal says (see the module header), for at most
   * `maxMillis` (the call's `retry.maxRetryAfter`): a hostile or broken server cannot park every
   * call of the credential for longer than it could park one retry.
   */
  pause(signal: RateLimitSignal, now: number, maxMillis: number = dayMillis): void {
    const wait = Math.min(dayMillis, maxMillis, Math.max(0, this.pauseFor(signal, now)))
    if (now + wait > this.pausedUntil) this.pausedUntil = now + wait
    this.emit(now)
  }

  /** The budget as of `now`. */
  snapshot(now: number): RateBudget {
    let interactive = 0
    for (const waiter of this.waiters) if (waiter.priority === "interactive") interactive++
    const buckets: Array<BudgetBucket> = this.limits.buckets.map((bucket) => {
      const used = this.countSince(now - bucket.seconds * 1000)
      return {
        limit: bucket.limit,
        seconds: bucket.seconds,
        used,
        remaining: Math.max(0, bucket.limit - used)
      }
    })
    const pausedForMillis = Math.max(0, this.pausedUntil - now)
    return {
      enabled: true,
      usedLastHour: this.countSince(now - hourMillis),
      usedLastDay: this.countSince(now - dayMillis),
      buckets,
      maxConcurrent: this.limits.maxConcurrent,
      inFlight: this.inFlight,
      queueLength: this.waiters.length,
      queued: { interactive, background: this.waiters.length - interactive },
      pausedForMillis,
      nextFreeSlotMillis: Math.max(pausedForMillis, this.bucketWait("interactive", now))
    }
  }

  /** Calls `listener` with the budget on every change; returns the unsubscribe function. */
  subscribe(listener: (budget: RateBudget) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  private acquire(priority: Priority): Effect.Effect<void> {
    return Effect.suspend(() => {
      const waiter: Waiter = { priority, wake: undefined, dirty: false }
      this.waiters.push(waiter)
      let joined = false
      let granted = false
      const parked = Effect.callback<void>((resume) => {
        if (waiter.dirty) return resume(Effect.void)
        waiter.wake = () => resume(Effect.void)
        return Effect.sync(() => {
          waiter.wake = undefined
        })
      })
      const step = (): Effect.Effect<void> =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          waiter.dirty = false
          const wait = this.decide(waiter, now)
          if (wait <= 0) {
            granted = true
            this.grant(waiter, now)
            return Effect.void
          }
          if (!joined) {
            // The queue grew: observers see it (a call that starts at once is seen when it starts).
            joined = true
            this.emit(now)
          }
          const park = Number.isFinite(wait) ? Effect.raceFirst(parked, Effect.sleep(wait)) : parked
          return Effect.flatMap(park, step)
        })
      return Effect.onInterrupt(step(), () =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => (granted ? this.release(now) : this.leave(waiter, now)))
        )
      )
    })
  }

  /** 0: start now; a finite wait: decide again after it (or on a change); Infinity: on a change. */
  private decide(waiter: Waiter, now: number): number {
    this.resetIfClockWentBack(now)
    if (this.pausedUntil > now) return this.pausedUntil - now
    if (this.inFlight >= this.limits.maxConcurrent) return Number.POSITIVE_INFINITY
    const first = this.waiters.find((w) => w.priority === "interactive") ?? this.waiters[0]
    if (first !== waiter) return Number.POSITIVE_INFINITY
    return this.bucketWait(waiter.priority, now)
  }

  /** How long until every bucket has room for one more request at `priority`. */
  private bucketWait(priority: Priority, now: number): number {
    let wait = 0
    for (const bucket of this.limits.buckets) {
      const window = bucket.seconds * 1000
      const reserve = priority === "background" ? Math.floor(bucket.limit * this.limits.backgroundReserve) : 0
      const cap = Math.max(1, bucket.limit - reserve)
      const first = this.firstAfter(now - window)
      const used = this.history.length - first
      if (used >= cap) {
        // The request that has to leave the window for one more to fit.
        const leaving = this.history[first + (used - cap)]!
        wait = Math.max(wait, leaving + window - now)
      }
    }
    return wait
  }

  private pauseFor(signal: RateLimitSignal, now: number): number {
    if (signal.kind !== "unknown" && signal.retryAfterMillis !== undefined) return signal.retryAfterMillis
    if (signal.kind === "concurrent") return concurrencyPauseMillis
    const named = signal.kind === "rate" ? signal.bucket : undefined
    const bucket: RateLimitBucket | undefined = named ?? this.limits.buckets[0]
    if (bucket === undefined) return concurrencyPauseMillis
    const leak = (bucket.seconds * 1000) / bucket.limit
    const local = this.limits.buckets.find((b) => b.limit === bucket.limit && b.seconds === bucket.seconds)
    const localWait = local === undefined ? 0 : this.bucketWaitFor(local, now)
    return Math.max(leak, localWait)
  }

  private bucketWaitFor(bucket: RateLimitBucket, now: number): number {
    const window = bucket.seconds * 1000
    const first = this.firstAfter(now - window)
    const used = this.history.length - first
    return used >= bucket.limit ? this.history[first + (used - bucket.limit)]! + window - now : 0
  }

  private grant(waiter: Waiter, now: number): void {
    this.remove(waiter)
    this.inFlight++
    this.record(now)
    this.notify()
    this.emit(now)
  }

  private release(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1)
    this.notify()
    this.emit(now)
  }

  private leave(waiter: Waiter, now: number): void {
    this.remove(waiter)
    this.notify()
    this.emit(now)
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter)
    if (index >= 0) this.waiters.splice(index, 1)
  }

  /** Every waiter decides again (there are few: one per call waiting for this credential). */
  private notify(): void {
    for (const waiter of this.waiters) {
      waiter.dirty = true
      waiter.wake?.()
    }
  }

  private emit(now: number): void {
    if (this.listeners.size === 0) return
    const budget = this.snapshot(now)
    for (const listener of this.listeners) listener(budget)
  }

  private record(now: number): void {
    this.history.push(now)
    // Keep a day (for `usedLastDay`) or the longest window, whichever is longer.
    const keep = Math.max(dayMillis, ...this.limits.buckets.map((b) => b.seconds * 1000))
    this.head = this.firstAfter(now - keep)
    if (this.head > 1024 && this.head * 2 > this.history.length) {
      this.history = this.history.slice(this.head)
      this.head = 0
    }
  }

  private resetIfClockWentBack(now: number): void {
    const last = this.history[this.history.length - 1]
    // A minute of tolerance: Effect's clock and Date.now() may differ by a few milliseconds.
    if (last !== undefined && last > now + 60_000) {
      this.history = []
      this.head = 0
    }
    if (this.pausedUntil - now > dayMillis) this.pausedUntil = 0
  }

  /** Index of the first recorded start strictly after `time` (binary search from `head`). */
  private firstAfter(time: number): number {
    let low = this.head
    let high = this.history.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.history[mid]! > time) high = mid
      else low = mid + 1
    }
    return low
  }

  private countSince(time: number): number {
    return this.history.length - this.firstAfter(time)
  }
}

/** The process-wide registry (on `globalThis`, so two copies of this package share it too). */
const registry: Map<string, Scheduler> = (() => {
  const slot = Symbol.for("@uc-conversation/core/schedulers")
  const global = globalThis as { [slot]?: Map<string, Scheduler> }
  global[slot] ??= new Map()
  return global[slot]
})()

/** The registry key of a credential at a base URL: a SHA-256, never the credential. */
export const schedulerKey = (baseUrl: string, credentialHeaderValue: string): string =>
  sha256Hex(`${baseUrl}\n${credentialHeaderValue}`)

/** The scheduler for a credential (created, or joined with `limits`, on first use by a client). */
const schedulerFor = (key: string, limits: ResolvedRateLimit): Scheduler => {
  const existing = registry.get(key)
  if (existing !== undefined) return existing
  const created = new Scheduler(limits)
  registry.set(key, created)
  return created
}

/**
 * One client's view of the schedulers it uses: the one of its fixed credential, or of the last
 * value its credential Effect yielded. Its budget and subscription follow that scheduler.
 */
export interface Scheduling {
  /** `"off"`: nothing is scheduled. */
  readonly enabled: boolean
  /** The scheduler for a resolved credential header value, or undefined when off. */
  readonly schedulerFor: (credentialHeaderValue: Redacted.Redacted<string>) => Scheduler | undefined
  /** The budget now (the "off" budget when off or before a credential Effect first ran). */
  readonly budget: (now: number) => RateBudget
  /** Calls `listener` on every change of the budget; returns the unsubscribe function. */
  readonly subscribe: (listener: (budget: RateBudget) => void) => () => void
}

/** Builds a client's {@link Scheduling}. A fixed credential's scheduler is looked up at once. */
export const makeScheduling = (
  baseUrl: string,
  rateLimit: ResolvedRateLimit | "off",
  fixedCredential: Redacted.Redacted<string> | undefined
): Scheduling => {
  if (rateLimit === "off") {
    return {
      enabled: false,
      schedulerFor: () => undefined,
      budget: () => offBudget,
      subscribe: () => () => {}
    }
  }
  const listeners = new Set<(budget: RateBudget) => void>()
  const forward = (budget: RateBudget) => {
    for (const listener of listeners) listener(budget)
  }
  let current: Scheduler | undefined
  let detach: (() => void) | undefined
  const use = (scheduler: Scheduler) => {
    if (scheduler === current) return
    current = scheduler
    scheduler.join(rateLimit)
    detach?.()
    detach = listeners.size > 0 ? scheduler.subscribe(forward) : undefined
  }
  // A credential Effect usually yields the same Redacted many times: hash it once per object.
  let lastCredential: Redacted.Redacted<string> | undefined
  const lookup = (credential: Redacted.Redacted<string>): Scheduler => {
    if (credential !== lastCredential || current === undefined) {
      use(schedulerFor(schedulerKey(baseUrl, Redacted.value(credential)), rateLimit))
      lastCredential = credential
    }
    return current!
  }
  if (fixedCredential !== undefined) lookup(fixedCredential)
  return {
    enabled: true,
    schedulerFor: lookup,
    budget: (now) => current?.snapshot(now) ?? offBudget,
    subscribe: (listener) => {
      listeners.add(listener)
      if (listeners.size === 1 && current !== undefined && detach === undefined) {
        detach = current.subscribe(forward)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          detach?.()
          detach = undefined
        }
      }
    }
  }
}
