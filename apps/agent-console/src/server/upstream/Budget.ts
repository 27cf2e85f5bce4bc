/**
 * The console's upstream budget: how often each background feature may call UltraCart, derived
 * from UltraCart's hourly limit instead of constants scattered in code.
 *
 * UltraCart allows 1,000 requests an hour per application (and 10,000 a day). The console aims at
 * {@link BudgetPlanInput.targetShare} of the hour (80 % by default) for everything it does
 * together. Keep-alive and queues get a fixed cadence, agent actions (clicks) and message fetches
 * a reserve, and the list poll, which detects activity in every conversation, gets what is left:
 *
 *   800 = keep-alive 60 (every 60 s) + queues 40 (every 90 s) + actions 60 + messages 60
 *         + list 580 (every 3600 / 580 = 6.2 s)
 *
 * With no visible tab, the list and queue polls run `hiddenSlowdown` times less often; with no
 * tab at all nothing is polled (see UpstreamHub.ts). A time scale divides every interval, so a
 * simulated hour lasts `3600 / timeScale` seconds (the embedded mock's windows are divided alike).
 *
 * @since 0.0.0
 */

/**
 * The features that spend the budget, as the header's meter shows them.
 *
 * @since 0.0.0
 */
export const features = ["list", "messages", "queues", "keepAlive", "actions"] as const

/**
 * @since 0.0.0
 */
export type Feature = (typeof features)[number]

/**
 * Which tabs are connected: at least one visible, only hidden ones, or none.
 *
 * @since 0.0.0
 */
export type Attendance = "visible" | "hidden" | "none"

/**
 * What the plan is derived from. Every field has a default ({@link defaultBudgetInput}).
 *
 * @since 0.0.0
 */
export interface BudgetPlanInput {
  /** Requests per hour UltraCart allows the application. */
  readonly hourlyLimit: number
  /** Share of `hourlyLimit` the console aims at, all features together, in (0, 1]. */
  readonly targetShare: number
  /** Keep-alive period in (simulated) seconds. */
  readonly keepAliveSeconds: number
  /** Queue-status poll period in (simulated) seconds, while a tab is visible. */
  readonly queuesSeconds: number
  /** Requests per hour kept for agent actions (opening a conversation, setting a status...). */
  readonly actionsPerHour: number
  /** Requests per hour kept for fetching the messages of open conversations that changed. */
  readonly messagesPerHour: number
  /** How many times less often the list and queues are polled while no tab is visible. */
  readonly hiddenSlowdown: number
  /** How many times faster than the wall clock the console runs (1: real time). */
  readonly timeScale: number
}

/**
 * UltraCart's published hourly limit and the console's split of 80 % of it.
 *
 * @since 0.0.0
 */
export const defaultBudgetInput: BudgetPlanInput = {
  hourlyLimit: 1000,
  targetShare: 0.8,
  keepAliveSeconds: 60,
  queuesSeconds: 90,
  actionsPerHour: 60,
  messagesPerHour: 60,
  hiddenSlowdown: 4,
  timeScale: 1
}

/**
 * The derived schedule, in real milliseconds (time scale applied), and the per-hour allowance of
 * each feature it implies.
 *
 * @since 0.0.0
 */
export interface BudgetPlan {
  readonly hourlyLimit: number
  /** `hourlyLimit × targetShare`, rounded down. */
  readonly target: number
  readonly timeScale: number
  /** Real milliseconds of one simulated hour (the meter's window). */
  readonly hourMillis: number
  /** Planned requests per hour, per feature (sums to at most `target`). */
  readonly perHour: Readonly<Record<Feature, number>>
  /** Real milliseconds between two runs of a background feature; undefined: it does not run. */
  readonly intervalMillis: (
    feature: "list" | "queues" | "keepAlive",
    attendance: Attendance
  ) => number | undefined
}

const positive = (name: string, value: number) => {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${name} must be a number above 0, got ${value}`)
}

/**
 * Derives the schedule from the budget. Throws a RangeError when the fixed parts leave nothing for
 * the list poll, or on a non-positive input.
 *
 * @since 0.0.0
 */
export const planBudget = (overrides: Partial<BudgetPlanInput> = {}): BudgetPlan => {
  const input = { ...defaultBudgetInput, ...overrides }
  for (const [name, value] of Object.entries(input)) positive(name, value)
  if (input.targetShare > 1) throw new RangeError(`targetShare must be at most 1, got ${input.targetShare}`)
  const target = Math.floor(input.hourlyLimit * input.targetShare)
  const keepAlive = Math.ceil(3600 / input.keepAliveSeconds)
  const queues = Math.ceil(3600 / input.queuesSeconds)
  const fixed = keepAlive + queues + input.actionsPerHour + input.messagesPerHour
  const list = target - fixed
  if (list < 60)
    throw new RangeError(
      `the budget leaves ${list} requests an hour for the list poll (target ${target}, fixed ${fixed}); at least 60 are needed`
    )
  const hourMillis = 3_600_000 / input.timeScale
  const seconds = { list: 3600 / list, queues: input.queuesSeconds, keepAlive: input.keepAliveSeconds }
  return {
    hourlyLimit: input.hourlyLimit,
    target,
    timeScale: input.timeScale,
    hourMillis,
    perHour: {
      list,
      messages: input.messagesPerHour,
      queues,
      keepAlive,
      actions: input.actionsPerHour
    },
    intervalMillis: (feature, attendance) => {
      if (attendance === "none") return undefined
      const slowdown = attendance === "hidden" && feature !== "keepAlive" ? input.hiddenSlowdown : 1
      return (seconds[feature] * 1000 * slowdown) / input.timeScale
    }
  }
}

/**
 * The client's rate limit for a time scale: UltraCart's buckets with their windows divided by the
 * scale, so the client's scheduler and the mock (`timeScale`) agree on what an hour is.
 *
 * @since 0.0.0
 */
export const scaledRateLimit = (timeScale: number) => ({
  maxConcurrent: 1,
  buckets: [
    { limit: 1000, seconds: 3600 / timeScale },
    { limit: 10000, seconds: 86400 / timeScale }
  ]
})
