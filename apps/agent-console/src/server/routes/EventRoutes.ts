/**
 * Live data for the browser, as Server-Sent Events, all fed by the ONE upstream schedule
 * (UpstreamHub): no request here calls UltraCart by itself.
 *
 * GET  /api/events?tab=&visible=: the tab's presence for as long as it is connected, and
 *      `status` (keep-alive), `conversations` (list poll), `queues` and `budget` events.
 * POST /api/tabs/:tab/visibility `{visible}`: the tab's Page Visibility state changed.
 * GET  /api/conversations/:uuid/events?since=: `message` events (messages after epoch `since`),
 *      `upstream-error` when fetching them failed (the next cycle tries again).
 *
 * @since 0.0.0
 */
import { Deferred, Effect, Layer, Schema, Stream } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { ConsoleEnv } from "../ConsoleEnv.ts"
import { eventStreamResponse, type ServerSentEvent } from "../EventStream.ts"
import { respond } from "../respond.ts"
import { UpstreamHub } from "../upstream/UpstreamHub.ts"

const heartbeat = "10 seconds"

const TabQuery = Schema.Struct({
  tab: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(100))),
  visible: Schema.optionalKey(Schema.Literals(["true", "false"]))
})

const TailQuery = Schema.Struct({
  since: Schema.optionalKey(Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0))),
  /** The tab whose `/api/events` stream makes it present; without one, the tail counts as a visible tab. */
  tab: Schema.optionalKey(Schema.String)
})

const UuidParams = Schema.Struct({ uuid: Schema.String })
const TabParams = Schema.Struct({ tab: Schema.String })
const VisibilityBody = Schema.Struct({ visible: Schema.Boolean })

const named =
  (name: string) =>
  (data: unknown): ServerSentEvent => ({ name, data })

/**
 * Everything a tab receives on `/api/events`, with the tab present while the stream runs.
 *
 * @since 0.0.0
 */
export const tabEvents = (tab: string, visible: boolean) =>
  Stream.unwrap(
    Effect.gen(function* () {
      const hub = yield* UpstreamHub
      yield* hub.connectTab(tab, visible)
      return Stream.mergeAll(
        [
          hub.keepAlive.pipe(Stream.map(named("status"))),
          hub.conversations.pipe(Stream.map(named("conversations"))),
          hub.queues.pipe(Stream.map(named("queues"))),
          hub.budget.pipe(Stream.map(named("budget")))
        ],
        { concurrency: "unbounded" }
      )
    })
  )

/**
 * @since 0.0.0
 */
export const EventRoutes = Layer.mergeAll(
  HttpRouter.add(
    "GET",
    "/api/events",
    respond(
      Effect.gen(function* () {
        const { shutdown } = yield* ConsoleEnv
        const query = yield* HttpServerRequest.schemaSearchParams(TabQuery)
        const tab = query.tab ?? crypto.randomUUID()
        const context = yield* Effect.context<UpstreamHub>()
        return eventStreamResponse(
          Stream.provideContext(tabEvents(tab, query.visible !== "false"), context),
          {
            heartbeat,
            until: Deferred.await(shutdown)
          }
        )
      })
    )
  ),
  HttpRouter.add(
    "POST",
    "/api/tabs/:tab/visibility",
    respond(
      Effect.gen(function* () {
        const hub = yield* UpstreamHub
        const { tab } = yield* HttpRouter.schemaPathParams(TabParams)
        const { visible } = yield* HttpServerRequest.schemaBodyJson(VisibilityBody)
        const known = yield* hub.setVisible(tab, visible)
        return HttpServerResponse.empty({ status: known ? 204 : 404 })
      })
    )
  ),
  HttpRouter.add(
    "GET",
    "/api/conversations/:uuid/events",
    respond(
      Effect.gen(function* () {
        const { shutdown } = yield* ConsoleEnv
        const { uuid } = yield* HttpRouter.schemaPathParams(UuidParams)
        const { since, tab } = yield* HttpServerRequest.schemaSearchParams(TailQuery)
        const hub = yield* UpstreamHub
        const events = Stream.unwrap(
          Effect.gen(function* () {
            if (tab === undefined) yield* hub.connectTab(crypto.randomUUID(), true)
            return yield* hub.openConversation(uuid, since ?? Date.now())
          })
        )
        return eventStreamResponse(events, { heartbeat, until: Deferred.await(shutdown) })
      })
    )
  )
)
