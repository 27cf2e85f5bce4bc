/**
 * Server-Sent Events: how the app server pushes live data (new messages, keep-alive status) to
 * the browser over one long-lived response.
 *
 * @since 0.0.0
 */
import { Duration, type Effect, Stream } from "effect"
import { HttpServerResponse } from "effect/http"

/**
 * One event: `name` becomes the `event:` field the browser listens for, `data` is sent as JSON.
 *
 * @since 0.0.0
 */
export interface ServerSentEvent {
  readonly name: string
  readonly data: unknown
}

/**
 * Encodes one event in the text/event-stream format.
 *
 * @since 0.0.0
 */
export const encodeEvent = (event: ServerSentEvent): string =>
  `event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`

/**
 * Options of {@link eventStreamResponse}.
 *
 * @since 0.0.0
 */
export interface EventStreamOptions {
  /** A comment line is sent this often so proxies and idle timers keep the connection open. */
  readonly heartbeat: Duration.Input
  /** Completing this ends the stream (server shutdown), so no response outlives the server. */
  readonly until: Effect.Effect<void>
  /** How long the browser waits before reconnecting after the stream drops. */
  readonly reconnectAfter?: Duration.Input
}

/**
 * A `text/event-stream` response carrying `events`, with heartbeats, that ends when `until` completes
 * or the browser disconnects (the request's interruption stops `events` too).
 *
 * @since 0.0.0
 */
export const eventStreamResponse = <E>(
  events: Stream.Stream<ServerSentEvent, E>,
  options: EventStreamOptions
): HttpServerResponse.HttpServerResponse => {
  const retry = Duration.toMillis(Duration.fromInputUnsafe(options.reconnectAfter ?? "3 seconds"))
  const heartbeats = Stream.tick(options.heartbeat).pipe(Stream.map(() => ": heartbeat\n\n"))
  const body = Stream.make(`retry: ${retry}\n\n`).pipe(
    Stream.concat(Stream.merge(events.pipe(Stream.map(encodeEvent)), heartbeats, { haltStrategy: "left" })),
    Stream.interruptWhen(options.until),
    Stream.encodeText
  )
  return HttpServerResponse.stream(body, {
    contentType: "text/event-stream",
    headers: { "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" }
  })
}
