/**
 * New chats while the agent looks elsewhere: the tab title counts unread conversations (list.ts),
 * and, when the agent turns "Alerts" on, a desktop notification names the customer of each new
 * conversation. Only while the agent is not looking at the console: its tab is hidden, or another
 * window has the focus (often UltraCart's own agent chat, where replies are sent, beside a visible
 * console). Clicking a notification brings the console forward with that conversation open.
 */
import type { ConversationSummary } from "../wire.ts"
import { byId } from "./dom.ts"
import { customerName } from "./list.ts"
import { openConversation } from "./thread.ts"

const storageKey = "agent-console.notify"

/** More would bury the desktop; the title count still says how many are unread. */
const MOST_AT_ONCE = 3

const enabled = (): boolean =>
  typeof Notification !== "undefined" &&
  Notification.permission === "granted" &&
  localStorage.getItem(storageKey) === "on"

/** Whether the agent is looking at this tab now (a notification would only repeat the list). */
const watched = (): boolean => !document.hidden && document.hasFocus()

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
  if (!enabled() || watched()) return
  for (const conversation of conversations.slice(0, MOST_AT_ONCE)) {
    const uuid = conversation.conversation_uuid ?? undefined
    const notification = new Notification(`New chat from ${customerName(conversation) ?? "a customer"}`, {
      body: conversation.last_conversation_message_body ?? "No messages yet",
      // One notification per conversation, however many console tabs are open: the same tag
      // replaces rather than adds.
      ...(uuid ? { tag: uuid } : {})
    })
    notification.addEventListener("click", () => {
      window.focus()
      notification.close()
      if (uuid) void openConversation(uuid, { focus: true })
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
