/**
 * Which conversations changed between two polls of the conversation list. One `getConversations`
 * call sorted by latest activity shows the activity of every conversation: a new message moves it
 * to the top and changes its `message_count`, `last_message_dts` or `unread_messages`.
 *
 * @since 0.0.0
 */

/**
 * The fields of a conversation summary the console compares.
 *
 * @since 0.0.0
 */
export interface ActivitySummary {
  readonly conversation_uuid?: string | null | undefined
  readonly last_message_dts?: string | null | undefined
  readonly message_count?: number | null | undefined
  readonly unread_messages?: boolean | number | null | undefined
}

const fingerprint = (summary: ActivitySummary): string =>
  `${summary.message_count ?? ""}|${summary.last_message_dts ?? ""}|${String(summary.unread_messages ?? "")}`

/**
 * The uuids in `next` that are new or whose activity fields differ from `previous`. With no
 * previous poll, nothing counts as changed (the first poll is the baseline).
 *
 * @since 0.0.0
 */
export const changedConversations = (
  previous: ReadonlyArray<ActivitySummary> | undefined,
  next: ReadonlyArray<ActivitySummary>
): Array<string> => {
  if (previous === undefined) return []
  const before = new Map(previous.map((summary) => [summary.conversation_uuid, fingerprint(summary)]))
  return next.flatMap((summary) =>
    typeof summary.conversation_uuid === "string" &&
    before.get(summary.conversation_uuid) !== fingerprint(summary)
      ? [summary.conversation_uuid]
      : []
  )
}

/**
 * The epoch (ms) of a summary's last message, when it has a readable `last_message_dts`.
 *
 * @since 0.0.0
 */
export const lastActivityMillis = (summary: ActivitySummary): number | undefined => {
  const parsed =
    typeof summary.last_message_dts !== "string" ? Number.NaN : Date.parse(summary.last_message_dts)
  return Number.isFinite(parsed) ? parsed : undefined
}
