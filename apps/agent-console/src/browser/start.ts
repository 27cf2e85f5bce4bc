/**
 * Starting a conversation: with a waiting customer (from a queue card or the "+ New" dialog) or
 * an invited participant ARN. The customer leaves the waiting list at once, a second start is
 * refused while one is in flight, and the new conversation is titled with the name already known.
 */
import type { ConversationWire, StartConversationWire } from "../wire.ts"
import { api } from "./api.ts"
import { byId } from "./dom.ts"
import { toast, withBusy } from "./feedback.ts"
import { loadConversations } from "./list.ts"
import { allowed } from "./permissions.ts"
import {
  entryKey,
  isStarting,
  loadQueues,
  markStarting,
  renderQueues,
  type WaitingEntry,
  waitingEntries
} from "./queues.ts"
import { state } from "./state.ts"
import { openConversation } from "./thread.ts"

export const startWith = async (
  entry: WaitingEntry,
  control: HTMLButtonElement | undefined
): Promise<boolean> => {
  const key = entryKey(entry)
  // Not offered without the chat user role (permissions.ts); a stale click must not send either.
  if (isStarting(entry) || !allowed("chat_user")) return false
  markStarting(entry, true)
  const body: StartConversationWire = {
    participant_arns: entry.conversation_participant_arn ? [entry.conversation_participant_arn] : [],
    ...(entry.conversation_webchat_queue_uuid ? { queue_uuid: entry.conversation_webchat_queue_uuid } : {})
  }
  const created = await withBusy(control, "Starting a conversation", () =>
    api<ConversationWire>("/api/conversations", { method: "POST", json: body })
  )
  markStarting(entry, false)
  if (!created) return false
  const name = entry.conversation_participant_name ?? undefined
  if (entry.conversation_participant_arn) {
    state.started.add(key)
    renderQueues()
  }
  toast(`Conversation started${name ? ` with ${name}` : ""}`)
  state.offset = 0
  const uuid = created.conversation?.conversation_uuid
  if (uuid) await openConversation(uuid, { ...(name ? { name } : {}), focus: true })
  await Promise.all([loadConversations(), loadQueues()])
  return true
}

const startFromDialog = async (event: SubmitEvent): Promise<void> => {
  event.preventDefault()
  const error = byId("start-error")
  const arn = byId<HTMLInputElement>("start-participant").value.trim()
  const choice = byId<HTMLSelectElement>("start-customer").value
  // The placeholder's value is "": nobody chosen (not the first customer in the list).
  const chosen = choice === "" ? undefined : waitingEntries().find((entry) => entryKey(entry) === choice)
  const entry: WaitingEntry | undefined = arn ? { conversation_participant_arn: arn } : chosen
  if (!entry) {
    error.textContent = "Choose a waiting customer or enter a participant ARN."
    error.hidden = false
    byId("start-customer").focus()
    return
  }
  error.hidden = true
  byId<HTMLDialogElement>("start-dialog").close()
  byId<HTMLFormElement>("start-form").reset()
  await startWith(entry, byId<HTMLButtonElement>("start-open"))
}

export const wireStart = (): void => {
  const dialog = byId<HTMLDialogElement>("start-dialog")
  byId("start-open").addEventListener("click", () => {
    renderQueues()
    byId("start-error").hidden = true
    dialog.showModal()
  })
  byId("start-cancel").addEventListener("click", () => dialog.close())
  byId<HTMLFormElement>("start-form").addEventListener("submit", (event) => void startFromDialog(event))
}
