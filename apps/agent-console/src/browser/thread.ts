/**
 * One conversation: participants, messages (live over its event stream), join/leave. The pane's
 * states are explicit (`#detail[data-state]`): empty, loading, open, error (with Retry); the
 * actions (join, leave, upload) exist only in `open`.
 */
import type { Conversation, ConversationEventsWire, ConversationMessage, ConversationWire } from "../wire.ts"
import { ApiError, api, toApiError } from "./api.ts"
import {
  byId,
  el,
  externalLink,
  fileName,
  initials,
  linkify,
  mediumLabel,
  parseDate,
  safeHttpUrl,
  stamp
} from "./dom.ts"
import { onEvent } from "./events.ts"
import { clearBanner, describe, showError, toast, withBusy } from "./feedback.ts"
import { conversationTitle, markRowRead, markSelected } from "./list.ts"
import { agentArn, state, TAB } from "./state.ts"

type PaneState = "empty" | "loading" | "open" | "error"

let seen = new Set<string>()
let lastEpoch = 0
let stickToBottom = true
let tail: EventSource | undefined
/** The name to title a conversation with when UltraCart has not listed its customer yet. */
const knownNames = state.names

/** Called when the open conversation changes (the upload form scopes its result to it). */
const changeListeners: Array<(uuid: string | undefined) => void> = []
export const onConversationChange = (listener: (uuid: string | undefined) => void): void => {
  changeListeners.push(listener)
}

const setPane = (pane: PaneState): void => {
  const detail = byId("detail")
  detail.dataset.state = pane
  byId("detail-empty").hidden = pane !== "empty"
  byId("detail-body").hidden = pane === "empty"
  byId("detail-error").hidden = pane !== "error"
  const actionable = pane === "open"
  byId("join").hidden = !actionable || detail.dataset.joined === "true"
  byId("leave").hidden = !actionable || detail.dataset.joined !== "true"
  byId("detail-tools").hidden = !actionable
  byId("upload-form").hidden = !actionable
  byId("messages").hidden = pane === "error"
  byId("participants").hidden = pane === "error"
  document.body.dataset.view = pane === "empty" ? "list" : "thread"
}

const setLive = (liveState: "on" | "off" | "error", text: string): void => {
  byId("live").dataset.state = liveState
  byId("live-text").textContent = text
}

const stopTail = (): void => {
  tail?.close()
  tail = undefined
  setLive("off", "Paused")
}

const startTail = (uuid: string): void => {
  stopTail()
  const source = new EventSource(
    `/api/conversations/${encodeURIComponent(uuid)}/events?since=${lastEpoch}&tab=${encodeURIComponent(TAB)}`
  )
  tail = source
  setLive("on", "Live")
  onEvent<ConversationEventsWire, "message">(source, "message", (message) => {
    if (state.selected !== uuid) return
    setLive("on", "Live")
    clearBanner("Live messages")
    appendMessage(message, true)
  })
  onEvent<ConversationEventsWire, "upstream-error">(source, "upstream-error", (error) => {
    setLive("error", "Interrupted")
    showError(new ApiError(error.status ?? 502, error), "Live messages")
  })
  source.addEventListener("error", () => {
    if (tail === source) setLive("error", "Reconnecting…")
  })
  source.addEventListener("open", () => {
    if (tail === source) setLive("on", "Live")
  })
}

/**
 * Who wrote a message: this agent or another one (an ARN the queues list among their agents),
 * UltraCart itself (a notice, or no author), or else the customer.
 */
export const authorKind = (
  message: ConversationMessage,
  me: string | undefined,
  agents: ReadonlySet<string>
): "agent" | "customer" | "system" => {
  const author = message.author_conversation_participant_arn
  if (message.type === "notice" || !author) return "system"
  return author === me || agents.has(author) ? "agent" : "customer"
}

const knownAgents = (): ReadonlySet<string> =>
  new Set(
    state.queues.flatMap((queue) =>
      (queue.agents ?? []).flatMap((agent) =>
        agent.conversation_participant_arn ? [agent.conversation_participant_arn] : []
      )
    )
  )

const attachmentNodes = (message: ConversationMessage): ReadonlyArray<Node> => {
  // media_urls and upload_keys name the same files; prefer the URLs, which can be opened.
  const urls = message.media_urls ?? []
  if (urls.length > 0) {
    return urls.map((url) => {
      const href = safeHttpUrl(url)
      return href
        ? externalLink(href, fileName(url), "attachment")
        : el("span", { className: "attachment", text: fileName(url) })
    })
  }
  return (message.upload_keys ?? []).map((key) =>
    el("span", { className: "attachment", text: fileName(key) })
  )
}

const appendMessage = (message: ConversationMessage, fresh: boolean): void => {
  const key = message.conversation_message_uuid ?? `${message.message_epoch}:${message.body}`
  if (seen.has(key)) return
  seen.add(key)
  if (typeof message.message_epoch === "number") lastEpoch = Math.max(lastEpoch, message.message_epoch)
  const kind = authorKind(message, agentArn(), knownAgents())
  const classes = ["message", kind]
  if (kind === "system") classes.push("notice")
  if (
    message.author_conversation_participant_arn &&
    message.author_conversation_participant_arn === agentArn()
  )
    classes.push("mine")
  if (fresh) classes.push("fresh")
  const author = message.author_conversation_participant_name ?? (kind === "system" ? "System" : "Unknown")
  const node = el(
    "li",
    {
      className: classes.join(" "),
      attrs: { "data-uuid": message.conversation_message_uuid ?? "", "data-author": kind }
    },
    el(
      "span",
      { className: "meta" },
      el("b", { text: author }),
      ` · ${kind === "system" ? "system" : kind} · ${stamp(message.message_dts ?? message.message_epoch)}`
    ),
    el("div", { className: "bubble" }, ...linkify(message.body ?? ""), ...attachmentNodes(message))
  )
  const list = byId("messages")
  list.querySelector(":scope > .list-empty")?.remove()
  list.append(node)
  if (!fresh || stickToBottom) list.scrollTop = list.scrollHeight
}

const renderParticipants = (conversation: Conversation): void => {
  const list = byId("participants")
  list.replaceChildren(
    ...(conversation.participants ?? []).map((participant) => {
      const left = Boolean(participant.left_dts)
      return el(
        "li",
        { className: "participant", attrs: { "data-left": String(left) } },
        el("span", {
          className: "avatar",
          text: initials(participant.conversation_participant_name),
          attrs: { "aria-hidden": "true" }
        }),
        el("span", { text: participant.conversation_participant_name ?? "Unknown" }),
        el("span", { className: "state", text: left ? "left" : (participant.status ?? "") })
      )
    })
  )
  if (list.childElementCount === 0) list.append(el("li", { className: "state", text: "No participants." }))
}

const renderJoinState = (conversation: Conversation): void => {
  const arn = agentArn()
  const joined = (conversation.participants ?? []).some(
    (participant) => participant.conversation_participant_arn === arn && !participant.left_dts
  )
  byId("detail").dataset.joined = String(joined)
  byId("join").hidden = joined
  byId("leave").hidden = !joined
}

const renderConversation = (conversation: Conversation, uuid: string): void => {
  state.conversation = conversation
  const detail = byId("detail")
  detail.dataset.uuid = conversation.conversation_uuid ?? uuid
  seen = new Set()
  lastEpoch = 0
  stickToBottom = true
  renderJoinState(conversation)
  setPane("open")
  byId("detail-title").textContent = conversationTitle(conversation, knownNames.get(uuid))
  const started = parseDate(conversation.start_dts)
  byId("detail-meta").textContent = [
    mediumLabel(conversation.medium),
    started
      ? `started ${started.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
      : undefined,
    conversation.closed ? "closed" : "open"
  ]
    .filter(Boolean)
    .join(" · ")
  renderParticipants(conversation)
  byId("messages").replaceChildren()
  const messages = [...(conversation.messages ?? [])].sort(
    (a, b) => (a.message_epoch ?? 0) - (b.message_epoch ?? 0)
  )
  for (const message of messages) appendMessage(message, false)
  if (messages.length === 0)
    byId("messages").append(el("li", { className: "list-empty", text: "No messages yet." }))
}

/** The conversation in the address: `#conversation=<uuid>` (reload and Back work). */
export const conversationInUrl = (): string | undefined => {
  const match = /^#conversation=(.+)$/.exec(location.hash)
  return match?.[1] ? decodeURIComponent(match[1]) : undefined
}

const reflectInUrl = (uuid: string | undefined): void => {
  const hash = uuid ? `#conversation=${encodeURIComponent(uuid)}` : ""
  if (location.hash === hash || (hash === "" && location.hash === "")) return
  history.pushState(null, "", hash === "" ? location.pathname + location.search : hash)
}

/** Marks the conversation read at UltraCart when it has unread messages (an agent action). */
const markRead = (uuid: string, conversation: Conversation): void => {
  if (!conversation.unread_messages) return
  markRowRead(uuid)
  void api(`/api/conversations/${encodeURIComponent(uuid)}/read`, { method: "POST" }).catch(() => undefined)
}

export interface OpenOptions {
  /** The customer's name when known (a conversation just started from the queue). */
  readonly name?: string
  /** Don't push a history entry (opened from the address). */
  readonly fromUrl?: boolean
  /** Move focus to the heading (an agent's choice, not a reload). */
  readonly focus?: boolean
}

export const openConversation = async (uuid: string, options: OpenOptions = {}): Promise<void> => {
  if (!uuid) return
  if (options.name) knownNames.set(uuid, options.name)
  state.selected = uuid
  if (!options.fromUrl) reflectInUrl(uuid)
  markSelected()
  stopTail()
  for (const listener of changeListeners) listener(uuid)
  const detail = byId("detail")
  detail.dataset.uuid = uuid
  detail.dataset.joined = "false"
  setPane("loading")
  byId("detail-title").textContent = options.name ?? "Loading…"
  byId("detail-meta").textContent = options.name ? "Loading…" : ""
  byId("messages").replaceChildren(el("li", { className: "skeleton" }))
  byId("participants").replaceChildren()
  let result: ConversationWire
  try {
    result = await api<ConversationWire>(`/api/conversations/${encodeURIComponent(uuid)}`)
  } catch (error) {
    if (state.selected !== uuid) return
    showOpenFailure(uuid, toApiError(error), options)
    return
  }
  if (state.selected !== uuid) return
  clearBanner("Opening the conversation")
  if (result.conversation === null) {
    showOpenFailure(
      uuid,
      new ApiError(404, { tag: "NotFound", message: "UltraCart has no such conversation." }),
      options
    )
    return
  }
  renderConversation(result.conversation, uuid)
  startTail(uuid)
  markRead(uuid, result.conversation)
  if (options.focus) byId("detail-title").focus()
}

const showOpenFailure = (uuid: string, error: ApiError, options: OpenOptions): void => {
  setPane("error")
  byId("detail-title").textContent = options.name ?? "Conversation"
  byId("detail-meta").textContent = ""
  byId("detail-error-text").textContent = `Couldn't open this conversation: ${describe(error)}`
  const retry = byId<HTMLButtonElement>("detail-retry")
  retry.onclick = () => void openConversation(uuid, { ...options, fromUrl: true, focus: true })
  retry.focus()
}

/** Back to the list (phones) or no conversation (the address lost its conversation). */
export const closeConversation = (options: { readonly fromUrl?: boolean } = {}): void => {
  state.selected = undefined
  state.conversation = undefined
  stopTail()
  if (!options.fromUrl) reflectInUrl(undefined)
  markSelected()
  for (const listener of changeListeners) listener(undefined)
  const detail = byId("detail")
  delete detail.dataset.uuid
  setPane("empty")
}

const refreshConversation = async (uuid: string): Promise<void> => {
  const result = await api<ConversationWire>(`/api/conversations/${encodeURIComponent(uuid)}`)
  if (state.selected !== uuid || result.conversation === null) return
  state.conversation = result.conversation
  renderParticipants(result.conversation)
  renderJoinState(result.conversation)
  for (const message of result.conversation.messages ?? []) appendMessage(message, true)
}

export const joinOrLeave = async (action: "join" | "leave"): Promise<void> => {
  const uuid = state.selected
  if (!uuid) return
  await withBusy(byId(action), action === "join" ? "Joining" : "Leaving", async () => {
    await api(`/api/conversations/${encodeURIComponent(uuid)}/${action}`, { method: "POST" })
    toast(action === "join" ? "You joined the conversation" : "You left the conversation")
    await refreshConversation(uuid)
  })
}

export const wireThread = (): void => {
  byId("join").addEventListener("click", () => void joinOrLeave("join"))
  byId("leave").addEventListener("click", () => void joinOrLeave("leave"))
  byId("detail-back").addEventListener("click", () => closeConversation())
  // The thread follows new messages while the agent is at its end, also when the banner or a
  // window resize changes its height; scrolling up to read pauses that.
  const thread = byId("messages")
  thread.addEventListener("scroll", () => {
    stickToBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 60
  })
  new ResizeObserver(() => {
    if (stickToBottom) thread.scrollTop = thread.scrollHeight
  }).observe(thread)
  window.addEventListener("popstate", () => {
    const uuid = conversationInUrl()
    if (uuid === undefined) closeConversation({ fromUrl: true })
    else if (uuid !== state.selected) void openConversation(uuid, { fromUrl: true })
  })
  setPane("empty")
}
