/**
 * Live data for the browser, as Server-Sent Events.
 *
 * GET /api/events: `status` events (the keep-alive monitor's state).
 * GET /api/conversations/:uuid/events?since=: `message` events from the message-tail stream, and
 * an `upstream-error` event when UltraCart fails; the tail then resumes after a pause.
 *
 * @since 0.0.0
 */
import { messagesSince, type UltraCartClient } from "@uc-conversation/core"
import { Deferred, Duration, Effect, Layer, Ref, Schema, Stream } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import { toBrowserError } from "../BrowserError.ts"
import { ConsoleEnv } from "../ConsoleEnv.ts"
import { eventStreamResponse, type ServerSentEvent } from "../EventStream.ts"
import { KeepAliveMonitor } from "../KeepAliveMonitor.ts"
import { respond } from "../respond.ts"

const heartbeat = "10 seconds"

const TailQuery = Schema.Struct({
  since: Schema.optionalKey(Schema.NumberFromString.check(Schema.isInt(), Schema.isGreaterThanOrEqualTo(0)))
})

const UuidParams = Schema.Struct({ uuid: Schema.String })

/**
 * The tail of one conversation as events. A failure is reported, then the tail starts again from
 * the last message seen, after the server's Retry-After when it gave one.
 *
 * @since 0.0.0
 */
export const messageEvents = (
  conversationUuid: string,
  since: number
): Effect.Effect<Stream.Stream<ServerSentEvent, never, UltraCartClient>> =>
  Effect.map(Ref.make(since), (last) => {
    const run = (): Stream.Stream<ServerSentEvent, never, UltraCartClient> =>
      Stream.unwrap(
        Effect.map(Ref.get(last), (from) =>
          messagesSince(conversationUuid, from).pipe(
            Stream.tap((message) =>
              Ref.update(last, (previous) => Math.max(previous, message.message_epoch ?? previous))
            ),
            Stream.map((message): ServerSentEvent => ({ name: "message", data: message })),
            Stream.catch((error) => {
              const reported = toBrowserError(error)
              const pause = Duration.seconds(reported.retryAfterSeconds ?? 5)
              const notice: ServerSentEvent = { name: "upstream-error", data: reported }
              return Stream.make(notice).pipe(
                Stream.concat(Stream.fromEffect(Effect.sleep(pause)).pipe(Stream.drain)),
                Stream.concat(Stream.suspend(run))
              )
            })
          )
        )
      )
    return run()
  })

/**
 * @since 0.0.0
 */
export const EventRoutes = Layer.mergeAll(
  HttpRouter.add(
    "GET",
    "/api/events",
    Effect.gen(function* () {
      const { shutdown } = yield* ConsoleEnv
      const monitor = yield* KeepAliveMonitor
      return eventStreamResponse(
        monitor.changes.pipe(Stream.map((status): ServerSentEvent => ({ name: "status", data: status }))),
        { heartbeat, until: Deferred.await(shutdown) }
      )
    })
  ),
  HttpRouter.add(
    "GET",
    "/api/conversations/:uuid/events",
    respond(
      Effect.gen(function* () {
        const { shutdown } = yield* ConsoleEnv
        const { uuid } = yield* HttpRouter.schemaPathParams(UuidParams)
        const { since } = yield* HttpServerRequest.schemaSearchParams(TailQuery)
        const events = yield* messageEvents(uuid, since ?? Date.now())
        // The response body runs outside this handler, so it gets the client it needs now.
        const context = yield* Effect.context<UltraCartClient>()
        return eventStreamResponse(Stream.provideContext(events, context), {
          heartbeat,
          until: Deferred.await(shutdown)
        })
      })
    )
  )
)
