/**
 * Per-feature counts of upstream requests: what the header's budget meter breaks the hour down
 * into. Every request the client sends is attributed to the {@link CurrentFeature} of the fiber
 * that made it; a route handler (a click) is `actions` by default, the background loops set theirs.
 *
 * @since 0.0.0
 */
import { Clock, Context, Effect } from "effect"
import { HttpClient, type HttpClientRequest } from "effect/http"
import { type Feature, features } from "./Budget.ts"

/**
 * The feature the current fiber's upstream calls are charged to.
 *
 * @since 0.0.0
 */
export const CurrentFeature = Context.Reference<Feature>("@uc-conversation/agent-console/CurrentFeature", {
  defaultValue: () => "actions"
})

/**
 * Counts per feature: in the last window, and since the start.
 *
 * @since 0.0.0
 */
export interface FeatureCounts {
  readonly lastHour: Readonly<Record<Feature, number>>
  readonly total: Readonly<Record<Feature, number>>
}

const zero = (): Record<Feature, number> =>
  Object.fromEntries(features.map((feature) => [feature, 0])) as Record<Feature, number>

/**
 * A sliding-window counter. Time is passed in (milliseconds, monotonic), so tests need no clock.
 *
 * @since 0.0.0
 */
export class FeatureMeter {
  private readonly stamps = new Map<Feature, Array<number>>(features.map((feature) => [feature, []]))
  private readonly totals = zero()

  /** The window "last hour" means (a simulated hour under a time scale). */
  readonly windowMillis: number

  constructor(windowMillis: number) {
    this.windowMillis = windowMillis
  }

  /** Records one request of `feature` at `now`. */
  record(feature: Feature, now: number): void {
    this.stamps.get(feature)!.push(now)
    this.totals[feature] += 1
  }

  /** The counts as of `now`; forgets requests older than the window. */
  counts(now: number): FeatureCounts {
    const lastHour = zero()
    for (const feature of features) {
      const stamps = this.stamps.get(feature)!
      const firstInWindow = stamps.findIndex((at) => at > now - this.windowMillis)
      stamps.splice(0, firstInWindow === -1 ? stamps.length : firstInWindow)
      lastHour[feature] = stamps.length
    }
    return { lastHour, total: { ...this.totals } }
  }
}

/**
 * Whether a request goes to UltraCart's API (it carries the credential), as opposed to the
 * presigned upload, which goes to storage and does not count against UltraCart's limits.
 *
 * @since 0.0.0
 */
export const isUltraCartCall = (request: HttpClientRequest.HttpClientRequest): boolean =>
  "x-ultracart-simple-key" in request.headers || "authorization" in request.headers

/**
 * Wraps the client's transport so every UltraCart request (each attempt) is recorded in `meter`
 * under the calling fiber's {@link CurrentFeature}.
 *
 * @since 0.0.0
 */
export const withFeatureMeter = <E, R>(client: HttpClient.HttpClient.With<E, R>, meter: FeatureMeter) =>
  HttpClient.transform(client, (effect, request) =>
    Effect.gen(function* () {
      if (isUltraCartCall(request)) meter.record(yield* CurrentFeature, yield* Clock.currentTimeMillis)
      return yield* effect
    })
  )
