/**
 * The conversation list: a page of 20, filtered by medium. Rows are keyed by conversation uuid;
 * a row is redrawn only when its data changed, and moved only when the order did.
 */
import type { ConversationPageWire, ConversationSummary, ListSnapshot } from "../wire.ts"
import { api } from "./api.ts"
import { byId, el, initials, mediumLabel, relative, setText } from "./dom.ts"
import { clearBanner, withBusy } from "./feedback.ts"
import { showListFailure } from "./queues.ts"
import { agentName, PAGE_SIZE, state } from "./state.ts"

/** Opens a conversation (set by main, which owns the thread). */
let open: (uuid: string) => void = () => undefined
export const onOpen = (handler: (uuid: string) => void): void => {
  open = handler
}

type Named = Pick<
  ConversationSummary,
  "conversation_uuid" | "participants" | "last_conversation_participant_name"
>

/** The customer's name: the first participant who is not this agent, else a name known otherwise. */
export const customerName = (
  conversation: Named,
  known = state.names.get(conversation.conversation_uuid ?? "")
): string | undefined => {
  const me = agentName()
  const customers = (conversation.participants ?? [])
    .map((participant) => participant.conversation_participant_name)
    .filter((name): name is string => typeof name === "string" && name !== "" && name !== me)
  const last = conversation.last_conversation_participant_name
  return customers[0] ?? known ?? (last && last !== me ? last : undefined)
}

export const conversationTitle = (
  conversation: Named,
  known = state.names.get(conversation.conversation_uuid ?? "")
): string =>
  customerName(conversation, known) ?? conversation.last_conversation_participant_name ?? "Conversation"

interface Row {
  readonly node: HTMLLIElement
  readonly button: HTMLButtonElement
  key: string
}

const rows = new Map<string, Row>()

const rowContent = (conversation: ConversationSummary): ReadonlyArray<Node> => {
  const name = conversationTitle(conversation)
  return [
    el("span", { className: "avatar", text: initials(name), attrs: { "aria-hidden": "true" } }),
    el("span", { className: "who", text: name }),
    el("span", {
      className: "when",
      text: relative(conversation.last_message_dts ?? conversation.start_dts)
    }),
    el("span", {
      className: "preview",
      text: conversation.last_conversation_message_body ?? "No messages yet"
    }),
    el(
      "span",
      { className: "tags" },
      conversation.unread_messages ? el("span", { className: "tag unread", text: "new" }) : undefined,
      conversation.closed ? el("span", { className: "tag closed", text: "closed" }) : undefined,
      el("span", { className: `tag ${conversation.medium ?? ""}`, text: mediumLabel(conversation.medium) })
    )
  ]
}

const makeRow = (uuid: string): Row => {
  const button = el("button", { className: "conversation-open", attrs: { type: "button" } })
  button.addEventListener("click", () => open(uuid))
  const node = el("li", { className: "conversation", attrs: { "data-uuid": uuid } }, button)
  return { node, button, key: "" }
}

/** Marks the open conversation's row. */
export const markSelected = (): void => {
  for (const [uuid, row] of rows) {
    for (const node of [row.node, row.button]) {
      if (uuid === state.selected) node.setAttribute("aria-current", "true")
      else node.removeAttribute("aria-current")
    }
  }
}

/** Clears a row's "new" tag and its part of the title count at once (the server marked it read; the next poll agrees). */
export const markRowRead = (uuid: string): void => {
  rows.get(uuid)?.node.querySelector(".tag.unread")?.remove()
  if (unread.delete(uuid)) updateTitle()
}

export const renderConversations = (conversations: ReadonlyArray<ConversationSummary>): void => {
  const list = byId("conversation-list")
  list.setAttribute("aria-busy", "false")
  for (const stale of list.querySelectorAll(":scope > :not(.conversation)")) stale.remove()
  const keep = new Set(conversations.map((conversation) => conversation.conversation_uuid ?? ""))
  keep.delete("")
  // Gone first: placing the others around a row about to go would move every one of them, and a
  // moved node loses the focus.
  for (const [uuid, row] of rows) {
    if (!keep.has(uuid)) {
      row.node.remove()
      rows.delete(uuid)
    }
  }
  const placed = new Set<string>()
  let previous: Element | undefined
  for (const conversation of conversations) {
    const uuid = conversation.conversation_uuid ?? ""
    if (uuid === "" || placed.has(uuid)) continue
    placed.add(uuid)
    let row = rows.get(uuid)
    if (row === undefined) {
      row = makeRow(uuid)
      rows.set(uuid, row)
    }
    const key = JSON.stringify([
      conversation,
      relative(conversation.last_message_dts ?? conversation.start_dts)
    ])
    if (row.key !== key) {
      row.key = key
      row.button.replaceChildren(...rowContent(conversation))
    }
    const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild
    if (expected !== row.node) {
      if (previous) previous.after(row.node)
      else list.prepend(row.node)
    }
    previous = row.node
  }
  if (keep.size === 0) list.append(el("li", { className: "list-empty", text: "No conversations here yet." }))
  markSelected()
  const first = conversations.length === 0 ? 0 : state.offset + 1
  const last = state.offset + conversations.length
  setText(
    byId("page-info"),
    state.total === undefined ? `${first}–${last}` : `${first}–${last} of ${state.total}`
  )
  byId<HTMLButtonElement>("page-prev").disabled = state.offset === 0
  byId<HTMLButtonElement>("page-next").disabled =
    state.total === undefined ? conversations.length < PAGE_SIZE : last >= state.total
  // Until the server pushes its list, the page shown is all the tab knows of.
  if (!pushed) {
    unread = unreadIn(conversations)
    updateTitle()
  }
}

/**
 * The unread conversations the title counts: in the server's pushed list (the newest 50, every
 * medium) once there is one, so a new chat counts whatever page or filter the agent looks at.
 */
let unread = new Set<string>()
let pushed = false
const unreadIn = (conversations: ReadonlyArray<ConversationSummary>): Set<string> =>
  new Set(
    conversations
      .filter((conversation) => conversation.unread_messages)
      .map((conversation) => conversation.conversation_uuid ?? "")
  )

/** The tab title counts unread conversations, so a background tab shows new chats. */
const updateTitle = (): void => {
  const base = "Agent Console · UltraCart Conversations"
  document.title = unread.size > 0 ? `(${unread.size}) ${base}` : base
}

/** The query for the page the agent is looking at. */
const conversationsQuery = (): string => {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.offset) })
  if (state.medium) query.set("medium", state.medium)
  return query.toString()
}

const showConversations = (query: string, page: ConversationPageWire): void => {
  state.total = page.total ?? undefined
  state.listShown = { query, json: JSON.stringify(page) }
  renderConversations(page.conversations)
}

export const loadConversations = async (): Promise<void> => {
  const list = byId("conversation-list")
  list.setAttribute("aria-busy", "true")
  state.listLoads += 1
  const loaded = await withBusy(byId("conversations-refresh"), "Loading conversations", async () => {
    const query = conversationsQuery()
    showConversations(query, await api<ConversationPageWire>(`/api/conversations?${query}`))
    return true
  })
  state.listLoads -= 1
  list.setAttribute("aria-busy", "false")
  if (!loaded) showListFailure(list, "conversations", () => void loadConversations())
}

/** Called for each conversation that is new in a pushed list (after the first). */
let arrived: (conversations: ReadonlyArray<ConversationSummary>) => void = () => undefined
export const onArrived = (handler: typeof arrived): void => {
  arrived = handler
}
let known: Set<string> | undefined

/**
 * The list the server polled for every tab (newest activity first). It replaces the first page,
 * filtered by medium here, when nothing else is loading; a filtered page it cannot fill, and later
 * pages, are left to explicit loads. Redrawn only when something changed.
 */
export const applyPushedList = (snapshot: ListSnapshot): void => {
  // UltraCart answered the list poll: a list failure shown in the banner is over.
  clearBanner("Loading conversations")
  const uuids = new Set(snapshot.conversations.map((conversation) => conversation.conversation_uuid ?? ""))
  if (known !== undefined) {
    const fresh = snapshot.conversations.filter(
      (conversation) => !known?.has(conversation.conversation_uuid ?? "")
    )
    if (fresh.length > 0) arrived(fresh)
  }
  known = uuids
  pushed = true
  unread = unreadIn(snapshot.conversations)
  updateTitle()
  if (state.offset !== 0 || state.listLoads > 0) return
  const all = snapshot.conversations
  const matching = state.medium ? all.filter((conversation) => conversation.medium === state.medium) : all
  if (matching.length < PAGE_SIZE && all.length >= snapshot.size) return
  const query = conversationsQuery()
  const page: ConversationPageWire = {
    conversations: matching.slice(0, PAGE_SIZE),
    total: state.medium ? (state.total ?? null) : snapshot.total,
    limit: PAGE_SIZE,
    offset: 0
  }
  if (state.listShown?.query === query && state.listShown.json === JSON.stringify(page)) return
  showConversations(query, page)
}
