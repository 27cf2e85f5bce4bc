/**
 * The cursor arithmetic of message tailing (internal): which polled messages are new.
 *
 * @module
 */
import type { ConversationMessage } from "../generated/models.gen.ts"

/** Where the tail stands: the newest epoch emitted, and which messages at that epoch were emitted. */
export interface TailPosition {
  readonly epoch: number
  readonly seenAtEpoch: ReadonlySet<string>
}

/** Identity of a message for de-duplication: its uuid, else its content. */
const identity = (message: ConversationMessage): string =>
  message.conversation_message_uuid ??
  `${message.message_epoch}|${message.author_conversation_participant_arn ?? ""}|${message.body ?? ""}`

/**
 * Steps the cursor over one poll's result: keeps messages at or after the cursor epoch that were
 * not emitted yet, oldest first, and moves the cursor to the newest of them.
 */
export const advance = (
  cursor: TailPosition,
  polled: ReadonlyArray<ConversationMessage>
): {
  readonly emit: ReadonlyArray<ConversationMessage>
  readonly epoch: number
  readonly seenAtEpoch: Set<string>
} => {
  const fresh = polled
    .filter((m): m is ConversationMessage & { message_epoch: number } => typeof m.message_epoch === "number")
    .filter(
      (m) =>
        m.message_epoch > cursor.epoch ||
        (m.message_epoch === cursor.epoch && !cursor.seenAtEpoch.has(identity(m)))
    )
    .sort((a, b) => a.message_epoch - b.message_epoch)
  const emit: Array<ConversationMessage> = []
  const emitted = new Set<string>()
  for (const message of fresh) {
    const id = identity(message)
    if (emitted.has(id)) continue
    emitted.add(id)
    emit.push(message)
  }
  const newest = emit.at(-1)?.message_epoch
  if (newest === undefined || newest === null) {
    return { emit, epoch: cursor.epoch, seenAtEpoch: new Set(cursor.seenAtEpoch) }
  }
  const seenAtEpoch = new Set(newest === cursor.epoch ? cursor.seenAtEpoch : [])
  for (const message of emit) if (message.message_epoch === newest) seenAtEpoch.add(identity(message))
  return { emit, epoch: newest, seenAtEpoch }
}
