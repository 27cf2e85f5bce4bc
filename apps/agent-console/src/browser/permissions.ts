/**
 * What UltraCart lets the agent do decides what the page offers. The server reads the agent's
 * roles and permissions once and sends them with /api/session (`access`); without the chat user
 * role the page does not offer Join, Start, "+ New", the status controls or the upload form, and
 * says why in a note under the header. The server refuses those actions too (403 with the same
 * words), so hiding them is for the agent's sake, not the only guard.
 *
 * The controls are hidden by one CSS rule on `body[data-chat-user=false]` (console.css) rather
 * than by each view: the thread and the queue cards redraw their buttons on every update, and a
 * rule on the body stays true across all of those redraws without each view knowing about it.
 */
import { type AgentAccessWire, missingPermissionMessage } from "../wire.ts"
import { el } from "./dom.ts"
import { state } from "./state.ts"

const noteId = "access-note"

/**
 * Whether the agent may do what needs `permission`. Unknown (the session could not be read) counts
 * as allowed: the server checks every such action and its refusal says why.
 */
export const allowed = (permission: keyof typeof missingPermissionMessage): boolean =>
  state.session?.access?.[permission] !== false

/** Shows what `access` allows and, for what it does not, the reason in plain words. */
export const applyAccess = (access: AgentAccessWire | null): void => {
  const missing = (
    Object.keys(missingPermissionMessage) as Array<keyof typeof missingPermissionMessage>
  ).filter((permission) => access !== null && !access[permission])
  if (access === null) delete document.body.dataset.chatUser
  else document.body.dataset.chatUser = String(access.chat_user)
  document.getElementById(noteId)?.remove()
  if (missing.length === 0) return
  // Styled as the warning banner, but its own element: the banner clears itself when an activity
  // recovers, and this stays for as long as the console runs.
  const note = el(
    "div",
    {
      className: "banner access-note",
      attrs: { id: noteId, role: "note", "data-kind": "warn", "data-testid": noteId }
    },
    el("span", { className: "banner-icon", text: "!", attrs: { "aria-hidden": "true" } }),
    el("span", { text: missing.map((permission) => missingPermissionMessage[permission]).join(" ") })
  )
  // Under the header, above the panels: seen first on a desktop and on a phone alike.
  document.querySelector(".topbar")?.after(note)
}
