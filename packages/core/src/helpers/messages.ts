/**
 * Tailing a conversation: new messages as a Stream, by polling `getConversationMessages`.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { ConversationMessage } from "../generated/models.gen.ts"
import { getConversationMessages } from "../generated/operations/getConversationMessages.gen.ts"
import type { UltraCartClient } from "../runtime/client.ts"
import type { UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"
import { advance } from "./messageCursor.ts"

/** Options of {@link messagesSince}. */
export interface MessagesSinceOptions extends CallOptions {
  /**
   * Least pause between polls when the last poll had nothing more to fetch. Default 2 s. Each poll
   * is a `background` call (unless `priority` says otherwise), so the real interval is this pause
   * plus the wait for a background slot: longer while interactive calls are queued, and while the
   * budget is in its reserve (see scheduler.ts), never faster than the limits allow.
   */
  readonly every?: Duration.Input
  /** Messages per request. Default: the server's default (100). */
  readonly limit?: number
}

/** Where the tail stands: the newest epoch emitted, and which messages at that epoch were emitted. */
interface Cursor {
  readonly epoch: number
  readonly seenAtEpoch: ReadonlySet<string>
  readonly first: boolean
  /** The last poll was a full page: fetch again at once instead of waiting. */
  readonly more: boolean
}

/**
 * Streams a conversation's messages with `message_epoch >= since` (epoch milliseconds), oldest
 * first, then keeps polling every `every` and emits new ones as they arrive — no gaps, no
 * duplicates. Each poll asks from one millisecond before the newest epoch seen, so it works
 * whether the server treats `since` as inclusive or exclusive, and drops what it already emitted
 * at that epoch. Messages without a `message_epoch` cannot be placed and are skipped.
 * The stream never ends by itself; failures of a poll (after retries) end it with the error.
 */
export const messagesSince = (
  conversationUuid: string,
  since: number,
  options: MessagesSinceOptions = {}
): Stream.Stream<ConversationMessage, UltraCartError, UltraCartClient> => {
  const { every = Duration.seconds(2), limit, priority = "background", ...rest } = options
  const callOptions: CallOptions = { ...rest, priority }
  const start: Cursor = { epoch: since, seenAtEpoch: new Set(), first: true, more: false }
  return Stream.paginate(start, (cursor) =>
    Effect.gen(function* () {
      if (!cursor.first && !cursor.more) yield* Effect.sleep(every)
      const response = yield* getConversationMessages(
        {
          conversation_uuid: conversationUuid,
          since: Math.max(0, cursor.epoch - 1),
          ...(limit === undefined ? {} : { limit })
        },
        callOptions
      )
      const polled = response.conversation_messages ?? []
      const step = advance(cursor, polled)
      const pageLimit = limit ?? response.metadata?.result_set?.limit ?? undefined
      const more =
        pageLimit !== undefined && pageLimit !== null && polled.length >= pageLimit && step.emit.length > 0
      const next: Cursor = { epoch: step.epoch, seenAtEpoch: step.seenAtEpoch, first: false, more }
      return [step.emit, Option.some(next)] as const
    })
  )
}
