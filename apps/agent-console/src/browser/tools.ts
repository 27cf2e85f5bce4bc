/**
 * The agent's tools beside the thread: what the customer is browsing (webchat context), search
 * across conversations, canned messages to copy, and the agent's profile (what the agent may do
 * is permissions.ts's). Each runs on a click (an interactive call, an "agent action" in the
 * budget), never on a timer.
 */
import type { CannedWire, ContextWire, ProfileWire, SearchWire } from "../wire.ts"
import { api } from "./api.ts"
import { byId, el, externalLink, mediumLabel, relative, safeHttpUrl, stamp } from "./dom.ts"
import { toast, withBusy } from "./feedback.ts"
import { conversationTitle } from "./list.ts"
import { state } from "./state.ts"
import { openConversation } from "./thread.ts"

let profile: ProfileWire | undefined

const link = (url: string) => {
  const href = safeHttpUrl(url)
  return href ? externalLink(href, url) : el("span", { text: url })
}

const renderContext = (context: ContextWire): void => {
  const box = byId("context-body")
  const rows: Array<[string, Node | string]> = []
  rows.push(["Now on", context.current_url ? link(context.current_url) : "Unknown"])
  if (context.session_start_dts)
    rows.push([
      "Session started",
      `${stamp(context.session_start_dts)} (${relative(context.session_start_dts)})`
    ])
  rows.push([
    "Cart",
    context.cart_items === 0 ? "Empty" : `${context.cart_items} item${context.cart_items === 1 ? "" : "s"}`
  ])
  rows.push([
    "Orders",
    `${context.orders} · ${context.auto_orders} auto-order${context.auto_orders === 1 ? "" : "s"}`
  ])
  const pages = context.pages.length
    ? el("ol", { className: "context-pages" }, ...context.pages.map((page) => el("li", {}, link(page))))
    : "None recorded"
  rows.push(["Recent pages", pages])
  box.replaceChildren(
    el("dl", {}, ...rows.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", {}, value)]))
  )
}

const loadContext = async (): Promise<void> => {
  const uuid = state.selected
  if (!uuid) return
  const context = await withBusy(byId("context-load"), "Customer context", () =>
    api<ContextWire>(`/api/conversations/${encodeURIComponent(uuid)}/context`)
  )
  if (context && state.selected === uuid) renderContext(context)
}

const searchConversations = async (event: SubmitEvent): Promise<void> => {
  event.preventDefault()
  const q = byId<HTMLInputElement>("search-q").value.trim()
  const results = byId("search-results")
  if (q === "") {
    results.hidden = true
    return
  }
  const found = await withBusy(byId("search-submit"), "Search", () =>
    api<SearchWire>(`/api/search?${new URLSearchParams({ q })}`)
  )
  if (!found) return
  results.hidden = false
  const items = found.conversations.map((conversation) => {
    const uuid = conversation.conversation_uuid ?? ""
    const open = el("button", {
      className: "search-hit",
      text: `${conversationTitle(conversation)} · ${mediumLabel(conversation.medium)} · ${conversation.last_conversation_message_body ?? ""}`,
      attrs: { type: "button", "data-uuid": uuid }
    })
    open.addEventListener("click", () => void openConversation(uuid, { focus: true }))
    return el("li", {}, open)
  })
  const close = el("button", {
    className: "btn btn-ghost btn-small",
    text: "Clear search",
    attrs: { type: "button" }
  })
  close.addEventListener("click", () => {
    results.hidden = true
    byId<HTMLInputElement>("search-q").value = ""
    byId("search-q").focus()
  })
  results.replaceChildren(
    el("p", {
      className: "search-count",
      text: `${found.total ?? items.length} match${(found.total ?? items.length) === 1 ? "" : "es"} for “${q}”`,
      attrs: { role: "status" }
    }),
    el("ul", { attrs: { "aria-label": "Search results" } }, ...items),
    close
  )
}

const searchCanned = async (event: SubmitEvent): Promise<void> => {
  event.preventDefault()
  const q = byId<HTMLInputElement>("canned-q").value.trim()
  const found = await withBusy(byId("canned-submit"), "Canned messages", () =>
    api<CannedWire>(`/api/canned?${new URLSearchParams({ q })}`)
  )
  if (!found) return
  const list = byId("canned-results")
  list.replaceChildren(
    ...(found.messages.length === 0
      ? [el("li", { className: "list-empty", text: "No canned message has that short code." })]
      : found.messages.map((message) => {
          const text = message.canned_message ?? ""
          const copy = el("button", {
            className: "btn btn-ghost btn-small",
            text: "Copy",
            attrs: { type: "button", "aria-label": `Copy ${message.short_code ?? "message"}` }
          })
          copy.addEventListener("click", async () => {
            try {
              await navigator.clipboard.writeText(text)
              toast("Copied: paste it into UltraCart's agent chat")
            } catch {
              toast("The browser refused the clipboard; select the text instead", "error")
            }
          })
          return el(
            "li",
            {},
            el("b", { text: message.short_code ?? "" }),
            el("span", { className: "canned-text", text }),
            copy
          )
        }))
  )
}

const loadProfile = async (): Promise<void> => {
  profile = await api<ProfileWire>("/api/agent/profile").catch(() => undefined)
  if (!profile) return
  const name = profile.profile?.display_name || profile.profile?.name
  if (name) byId("agent-name").title = `Shown to customers as ${name}`
  const chatLimit = profile.profile?.chat_limit
  byId("agent-limits").textContent = chatLimit ? `up to ${chatLimit} chats` : ""
}

export const wireTools = (onChange: (listener: (uuid: string | undefined) => void) => void): void => {
  byId("context-load").addEventListener("click", () => void loadContext())
  byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => void searchConversations(event))
  byId<HTMLFormElement>("canned-form").addEventListener("submit", (event) => void searchCanned(event))
  onChange(() => {
    byId("context-body").replaceChildren(
      el("p", {
        className: "hint",
        text: "Load it to see the page the customer is on, their cart and orders."
      })
    )
  })
  void loadProfile()
}
