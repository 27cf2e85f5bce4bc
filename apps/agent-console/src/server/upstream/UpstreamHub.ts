/**
 * The console's ONE upstream schedule. The server holds the UltraCart key, so it also owns every
 * background call; tabs share it and receive its results over Server-Sent Events:
 *
 * - list: `getConversations` (newest activity first) detects activity in every conversation;
 * - messages: `getConversationMessages` only for a conversation that changed AND is open in some
 *   tab (and once when a tab opens a conversation that changed since what it shows);
 * - queues: `getConversationWebchatQueueStatuses`;
 * - keep-alive: `getAgentKeepAlive`, while a tab is connected.
 *
 * Each runs in a {@link pacedLoop} at the interval its budget allows (Budget.ts) for the current
 * attendance: visible tab, hidden tabs only (slower), no tab (stopped, keep-alive included: an
 * agent with no console open is not at work, and UltraCart may let the session lapse). Every
 * background call is `priority: "background"`; a click in a tab is an interactive call made by its
 * route, charged to `actions`.
 *
 * @since 0.0.0
 */
import {
  ConversationApi,
  type ConversationMessage,
  type ConversationSummary,
  type ConversationWebchatQueueStatus,
  getConversationsPagination,
  rateBudget,
  UltraCartClient
} from "@uc-conversation/core"
import { Clock, Context, Duration, Effect, Layer, PubSub, type Scope, Stream, SubscriptionRef } from "effect"
import { toBrowserError } from "../BrowserError.ts"
import type { ServerSentEvent } from "../EventStream.ts"
import { type KeepAliveStatus, keepAliveBeat, recordPollOutcome } from "../KeepAliveMonitor.ts"
import { changedConversations, lastActivityMillis } from "./ActivityDiff.ts"
import { type Attendance, type BudgetPlan, type Feature, features } from "./Budget.ts"
import { CurrentFeature, type FeatureMeter } from "./FeatureMeter.ts"
import { pacedLoop } from "./Pacer.ts"
import { Presence } from "./Presence.ts"

/**
 * Conversations per list poll: the newest-activity page. Activity in any conversation moves it
 * to the top, so this is missed only when more conversations than this change within one interval.
 *
 * @since 0.0.0
 */
export const listPollSize = Math.min(50, getConversationsPagination.maxPageSize)

/**
 * The latest list poll, as pushed to every tab.
 *
 * @since 0.0.0
 */
export interface ListSnapshot {
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly total: number | null
  /** `listPollSize`: the browser knows whether the snapshot can fill a filtered page. */
  readonly size: number
}

/**
 * What the header's budget meter shows, pushed to every tab.
 *
 * @since 0.0.0
 */
export interface BudgetView {
  /** UltraCart's hourly limit and the console's target (80 % of it). */
  readonly limit: number
  readonly target: number
  /** Requests in the last (simulated) hour: the client's scheduler count, else the console's. */
  readonly used: number
  readonly timeScale: number
  /** Requests in the last (simulated) hour, per feature; and what the plan allows each. */
  readonly byFeature: Readonly<Record<Feature, number>>
  readonly planned: Readonly<Record<Feature, number>>
  /** Requests per feature since the console started. */
  readonly totals: Readonly<Record<Feature, number>>
  readonly attendance: Attendance
  readonly tabs: { readonly connected: number; readonly visible: number }
  /** Current intervals in simulated seconds (absent: stopped). */
  readonly intervalsSeconds: Readonly<Partial<Record<"list" | "queues" | "keepAlive", number>>>
  /** Calls waiting for a slot of the client's scheduler. */
  readonly queued: number
}

interface ConversationEvent {
  readonly uuid: string
  readonly event: ServerSentEvent
}

interface Cursor {
  /** Newest message epoch delivered. */
  epoch: number
  /** Messages delivered at exactly `epoch` (the next fetch asks from `epoch - 1`). */
  seen: Set<string>
}

/**
 * @since 0.0.0
 */
export class UpstreamHub extends Context.Service<
  UpstreamHub,
  {
    readonly plan: BudgetPlan
    /** A tab's event stream is connected for the scope's lifetime. */
    readonly connectTab: (tab: string, visible: boolean) => Effect.Effect<void, never, Scope.Scope>
    /** A tab's visibility changed; false when no such tab is connected. */
    readonly setVisible: (tab: string, visible: boolean) => Effect.Effect<boolean>
    /**
     * A tab shows `uuid` up to message epoch `since`, for the scope's lifetime: its new messages
     * (`message`) and fetch failures (`upstream-error`).
     */
    readonly openConversation: (
      uuid: string,
      since: number
    ) => Effect.Effect<Stream.Stream<ServerSentEvent>, never, Scope.Scope>
    /** The keep-alive status, then every change. */
    readonly keepAlive: Stream.Stream<KeepAliveStatus>
    /** The latest list poll (once there is one), then every change. */
    readonly conversations: Stream.Stream<ListSnapshot>
    /** The latest queue statuses (once known), then every change. */
    readonly queues: Stream.Stream<ReadonlyArray<ConversationWebchatQueueStatus>>
    /** The budget meter, about twice a second while it changes. */
    readonly budget: Stream.Stream<BudgetView>
    /** Queue statuses a route fetched anyway (after a status change): pushed to every tab. */
    readonly offerQueues: (queues: ReadonlyArray<ConversationWebchatQueueStatus>) => Effect.Effect<void>
  }
>()("@uc-conversation/agent-console/UpstreamHub") {
  /**
   * Starts the schedule's loops for the lifetime of the layer.
   *
   * @since 0.0.0
   */
  static readonly layer = (plan: BudgetPlan, meter: FeatureMeter) =>
    Layer.effect(
      UpstreamHub,
      Effect.gen(function* () {
        const api = yield* ConversationApi
        const client = yield* UltraCartClient
        const presence = new Presence()
        const attendance = yield* SubscriptionRef.make<Attendance>("none")
        const syncAttendance = Effect.gen(function* () {
          const now = presence.attendance()
          if ((yield* SubscriptionRef.get(attendance)) !== now) yield* SubscriptionRef.set(attendance, now)
        })
        const list = yield* SubscriptionRef.make<ListSnapshot | undefined>(undefined)
        const queues = yield* SubscriptionRef.make<ReadonlyArray<ConversationWebchatQueueStatus> | undefined>(
          undefined
        )
        const keepAliveSeconds = (plan.intervalMillis("keepAlive", "visible")! * plan.timeScale) / 1000
        const keepAlive = yield* SubscriptionRef.make<KeepAliveStatus>({
          state: "pending",
          everySeconds: keepAliveSeconds
        })
        const events = yield* PubSub.unbounded<ConversationEvent>()
        const cursors = new Map<string, Cursor>()
        const dirty = new Set<string>()
        const charge =
          (feature: Feature) =>
          <A, E, R>(effect: Effect.Effect<A, E, R>) =>
            Effect.provideService(effect, CurrentFeature, feature)

        const fetchMessages = (uuid: string) =>
          Effect.gen(function* () {
            const cursor = cursors.get(uuid)
            if (cursor === undefined) return
            const result = yield* Effect.result(
              api
                .getConversationMessages(
                  { conversation_uuid: uuid, since: Math.max(0, cursor.epoch - 1) },
                  { priority: "background" }
                )
                .pipe(charge("messages"))
            )
            if (result._tag === "Failure") {
              yield* PubSub.publish(events, {
                uuid,
                event: { name: "upstream-error", data: toBrowserError(result.failure) }
              })
              return
            }
            const fresh = (result.success.conversation_messages ?? [])
              .filter(
                (message): message is ConversationMessage & { message_epoch: number } =>
                  typeof message.message_epoch === "number"
              )
              .filter(
                (message) =>
                  message.message_epoch > cursor.epoch ||
                  (message.message_epoch === cursor.epoch &&
                    !cursor.seen.has(message.conversation_message_uuid ?? ""))
              )
              .sort((a, b) => a.message_epoch - b.message_epoch)
            for (const message of fresh) {
              if (message.message_epoch > cursor.epoch) {
                cursor.epoch = message.message_epoch
                cursor.seen = new Set()
              }
              cursor.seen.add(message.conversation_message_uuid ?? "")
              yield* PubSub.publish(events, { uuid, event: { name: "message", data: message } })
            }
            const limit = result.success.metadata?.result_set?.limit
            // A full page may hide more: the next cycle fetches again.
            if (typeof limit !== "number" || (result.success.conversation_messages ?? []).length < limit)
              dirty.delete(uuid)
          })

        const pollList = Effect.gen(function* () {
          const result = yield* Effect.result(
            api.getConversations({ _limit: listPollSize }, { priority: "background" }).pipe(charge("list"))
          )
          // The connection indicator follows the list poll too (every few seconds), not only the keep-alive.
          yield* recordPollOutcome(result, keepAlive)
          if (result._tag === "Success") {
            const previous = yield* SubscriptionRef.get(list)
            const conversations = result.success.conversations ?? []
            const total = result.success.metadata?.result_set?.total_records ?? null
            const changed = changedConversations(previous?.conversations, conversations)
            for (const uuid of changed) if (cursors.has(uuid)) dirty.add(uuid)
            if (previous === undefined || changed.length > 0 || previous.total !== total)
              yield* SubscriptionRef.set(list, { conversations, total, size: listPollSize })
          }
          // Also after a failed list poll: a failed message fetch is retried at the list's pace.
          for (const uuid of [...dirty]) yield* fetchMessages(uuid)
        })

        // Bumped by every route's offer: a poll that started before one must not overwrite it.
        let offered = 0
        const pollQueues = Effect.gen(function* () {
          const before = offered
          const result = yield* Effect.result(
            api
              .getConversationWebchatQueueStatuses(undefined, { priority: "background" })
              .pipe(charge("queues"))
          )
          if (result._tag === "Success" && offered === before)
            yield* setQueues(result.success.queue_statuses ?? [])
        })

        const setQueues = (next: ReadonlyArray<ConversationWebchatQueueStatus>) =>
          Effect.gen(function* () {
            const previous = yield* SubscriptionRef.get(queues)
            if (previous === undefined || JSON.stringify(previous) !== JSON.stringify(next))
              yield* SubscriptionRef.set(queues, next)
          })

        const beat = keepAliveBeat(
          api.getAgentKeepAlive(undefined, { priority: "background" }).pipe(charge("keepAlive")),
          keepAlive,
          keepAliveSeconds
        )

        for (const [feature, run] of [
          ["list", pollList],
          ["queues", pollQueues],
          ["keepAlive", beat]
        ] as const) {
          yield* pacedLoop({
            attendance,
            intervalMillis: (now) => plan.intervalMillis(feature, now),
            run
          }).pipe(Effect.forkScoped)
        }

        const view = Effect.gen(function* () {
          const budget = yield* rateBudget.pipe(Effect.provideService(UltraCartClient, client))
          const counts = meter.counts(yield* Clock.currentTimeMillis)
          const now = presence.attendance()
          const seconds = (feature: "list" | "queues" | "keepAlive") => {
            const millis = plan.intervalMillis(feature, now)
            return millis === undefined ? {} : { [feature]: (millis * plan.timeScale) / 1000 }
          }
          const sum = features.reduce((total, feature) => total + counts.lastHour[feature], 0)
          return {
            limit: plan.hourlyLimit,
            target: plan.target,
            used: budget.enabled ? (budget.buckets[0]?.used ?? sum) : sum,
            timeScale: plan.timeScale,
            byFeature: counts.lastHour,
            planned: plan.perHour,
            totals: counts.total,
            attendance: now,
            tabs: presence.tabCount(),
            intervalsSeconds: { ...seconds("list"), ...seconds("queues"), ...seconds("keepAlive") },
            queued: budget.queueLength
          } satisfies BudgetView
        })

        const defined = <A>(ref: SubscriptionRef.SubscriptionRef<A | undefined>) =>
          SubscriptionRef.changes(ref).pipe(Stream.filter((value): value is A => value !== undefined))

        return UpstreamHub.of({
          plan,
          connectTab: (tab, visible) =>
            Effect.acquireRelease(
              Effect.sync(() => presence.connect(tab, visible)).pipe(Effect.tap(() => syncAttendance)),
              (release) => Effect.sync(release).pipe(Effect.andThen(syncAttendance))
            ).pipe(Effect.asVoid),
          setVisible: (tab, visible) =>
            Effect.sync(() => presence.setVisible(tab, visible)).pipe(Effect.tap(() => syncAttendance)),
          openConversation: (uuid, since) =>
            Effect.gen(function* () {
              // Subscribed before the fetch can be scheduled, so no message is published unseen.
              const subscription = yield* PubSub.subscribe(events)
              yield* Effect.acquireRelease(
                Effect.gen(function* () {
                  const cursor = cursors.get(uuid)
                  if (cursor === undefined) cursors.set(uuid, { epoch: since, seen: new Set() })
                  else if (since < cursor.epoch) {
                    cursor.epoch = since
                    cursor.seen = new Set()
                  }
                  // The list already shows activity after what the tab has: fetch it next cycle.
                  const summary = (yield* SubscriptionRef.get(list))?.conversations.find(
                    (c) => c.conversation_uuid === uuid
                  )
                  const last = summary === undefined ? undefined : lastActivityMillis(summary)
                  if (last !== undefined && last > since) dirty.add(uuid)
                  return presence.openConversation(uuid)
                }),
                (release) =>
                  Effect.sync(() => {
                    release()
                    if (!presence.openConversations().has(uuid)) {
                      cursors.delete(uuid)
                      dirty.delete(uuid)
                    }
                  })
              )
              return Stream.fromSubscription(subscription).pipe(
                Stream.filter((item) => item.uuid === uuid),
                Stream.map((item) => item.event)
              )
            }),
          keepAlive: SubscriptionRef.changes(keepAlive),
          conversations: defined(list),
          queues: defined(queues),
          budget: Stream.tick(Duration.millis(500)).pipe(
            Stream.mapEffect(() => view),
            Stream.changesWith((a, b) => JSON.stringify(a) === JSON.stringify(b))
          ),
          offerQueues: (next) =>
            Effect.suspend(() => {
              offered += 1
              return setQueues(next)
            })
        })
      })
    )
}
