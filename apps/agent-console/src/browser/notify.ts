/**
 * New chats while the agent looks elsewhere: the tab title counts unread conversations (list.ts),
 * and, when the agent turns it on, a desktop notification names each new conversation.
 */
import type { ConversationSummary } from "../wire.ts"
import { byId } from "./dom.ts"

const storageKey = "agent-console.notify"

const enabled = (): boolean =>
  typeof Notification !== "undefined" &&
  Notification.permission === "granted" &&
  localStorage.getItem(storageKey) === "on"

const render = (): void => {
  const button = byId<HTMLButtonElement>("notify-toggle")
  if (typeof Notification === "undefined") {
    button.hidden = true
    return
  }
  button.setAttribute("aria-pressed", String(enabled()))
  button.title =
    Notification.permission === "denied"
      ? "Notifications are blocked in this browser"
      : "Desktop notification for new chats"
}

export const notifyArrivals = (conversations: ReadonlyArray<ConversationSummary>): void => {
  if (!enabled() || !document.hidden) return
  for (const conversation of conversations.slice(0, 3)) {
    new Notification("New conversation", {
      body: `${conversation.last_conversation_participant_name ?? "A customer"}: ${conversation.last_conversation_message_body ?? ""}`,
      ...(conversation.conversation_uuid ? { tag: conversation.conversation_uuid } : {})
    })
  }
}

export const wireNotifications = (): void => {
  const button = byId<HTMLButtonElement>("notify-toggle")
  button.addEventListener("click", async () => {
    if (enabled()) localStorage.setItem(storageKey, "off")
    else if ((await Notification.requestPermission()) === "granted") localStorage.setItem(storageKey, "on")
    render()
  })
  render()
}
