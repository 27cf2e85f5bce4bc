/**
 * Queues and the agent's status in them. Cards are keyed by queue name and updated in place: a
 * status select the agent has focused (its dropdown may be open) is never touched. A queue's
 * waiting customers are rows keyed by customer (entryKey): when one joins or leaves, only that row
 * is added or removed, so the others keep their nodes and a focused Start button keeps its focus.
 */
import type {
  AgentStatus,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
  QueuesWire
} from "../wire.ts"
import { api } from "./api.ts"
import { byId, el, initials, relative, setText } from "./dom.ts"
import { clearBanner, toast, withBusy } from "./feedback.ts"
import { agentArn, state } from "./state.ts"

export const STATUSES: ReadonlyArray<AgentStatus> = ["available", "busy", "unavailable"]
export const STATUS_LABEL: Readonly<Record<AgentStatus, string>> = {
  available: "Available",
  busy: "Busy",
  unavailable: "Away"
}

export type WaitingEntry = ConversationWebchatQueueStatusQueueEntry

/** A queue's waiting customers, each with its queue's name. */
const entriesOf = (queue: ConversationWebchatQueueStatus): ReadonlyArray<WaitingEntry> =>
  (queue.queue_entries ?? []).map((entry) => ({
    ...entry,
    queue_name: entry.queue_name ?? queue.queue_name ?? null
  }))

/** What starts a conversation with a waiting customer (set by main, which owns the thread). */
let startWaiting: (entry: WaitingEntry, control: HTMLButtonElement) => void = () => undefined
export const onStartWaiting = (start: typeof startWaiting): void => {
  startWaiting = start
}

/** Customers with a conversation start in flight: their Start buttons stay disabled. */
const starting = new Set<string>()
export const entryKey = (entry: WaitingEntry): string =>
  entry.conversation_participant_arn ?? `${entry.conversation_participant_name ?? ""}@${entry.join_dts ?? ""}`
/** Whether a conversation start with this customer is in flight (a second one is refused). */
export const isStarting = (entry: WaitingEntry): boolean => starting.has(entryKey(entry))
export const markStarting = (entry: WaitingEntry, busy: boolean): void => {
  if (busy) starting.add(entryKey(entry))
  else starting.delete(entryKey(entry))
  renderQueues()
}

export const myStatusIn = (queue: ConversationWebchatQueueStatus): AgentStatus | undefined => {
  const arn = agentArn()
  const status = queue.agents?.find((agent) => agent.conversation_participant_arn === arn)?.agent_status
  return STATUSES.find((known) => known === status)
}

/** Every customer waiting in a queue, longest wait first, without those a conversation was started with. */
export const waitingEntries = (): ReadonlyArray<WaitingEntry> =>
  state.queues
    .flatMap(entriesOf)
    .filter((entry) => !state.started.has(entryKey(entry)))
    .sort((a, b) => String(a.join_dts ?? "").localeCompare(String(b.join_dts ?? "")))

/** One waiting customer's row; `entry` is the latest data, read when Start is clicked. */
interface WaitingRow {
  readonly node: HTMLLIElement
  readonly avatar: HTMLSpanElement
  readonly name: HTMLElement
  readonly detail: HTMLSpanElement
  readonly start: HTMLButtonElement
  entry: WaitingEntry
}

interface Card {
  readonly node: HTMLLIElement
  readonly select: HTMLSelectElement
  readonly notIn: HTMLOptionElement
  readonly stats: HTMLDivElement
  readonly agents: HTMLDivElement
  /** The waiting list; in the card only while someone waits (an empty list is noise to a screen reader). */
  readonly waiting: HTMLUListElement
  readonly rows: Map<string, WaitingRow>
}

const cards = new Map<string, Card>()

const stat = (value: number, label: string, hot = false) =>
  el(
    "div",
    { className: hot ? "stat hot" : "stat" },
    el("b", { text: String(value) }),
    el("span", { text: label })
  )

const makeCard = (name: string): Card => {
  const select = el("select", {
    className: "status-select",
    attrs: { "aria-label": `My status in ${name}`, "data-testid": "queue-status" }
  })
  const notIn = el("option", { text: "Not in queue", attrs: { value: "" } })
  select.append(
    notIn,
    ...STATUSES.map((status) => el("option", { text: STATUS_LABEL[status], attrs: { value: status } }))
  )
  select.addEventListener("change", () => {
    const status = STATUSES.find((known) => known === select.value)
    if (status) void setStatus(status, [name], select)
  })
  const stats = el("div", { className: "stats" })
  const agents = el("div", { className: "agents-line" })
  const node = el(
    "li",
    { className: "queue", attrs: { "data-queue": name } },
    el("div", { className: "queue-top" }, el("span", { className: "queue-name", text: name }), select),
    stats,
    agents
  )
  const waiting = el("ul", { className: "waiting", attrs: { "aria-label": `Waiting in ${name}` } })
  return { node, select, notIn, stats, agents, waiting, rows: new Map() }
}

/** Shows the agent's status as UltraCart has it, unless the agent is using that select. */
let settled: HTMLSelectElement | undefined
const syncSelect = (card: Card, mine: AgentStatus | undefined): void => {
  const inUse = document.activeElement === card.select || card.select.getAttribute("aria-busy") === "true"
  if (inUse && settled !== card.select) return
  card.notIn.hidden = mine !== undefined
  card.select.value = mine ?? ""
  card.select.dataset.status = mine ?? ""
}

const makeWaitingRow = (key: string, entry: WaitingEntry): WaitingRow => {
  const avatar = el("span", { className: "avatar", attrs: { "aria-hidden": "true" } })
  const name = el("b", { className: "waiting-name" })
  const detail = el("span", { className: "waiting-detail" })
  const start = el("button", {
    className: "btn btn-ghost btn-small",
    text: "Start",
    attrs: { type: "button", "data-testid": "start-waiting" }
  })
  const node = el(
    "li",
    { attrs: { "data-key": key } },
    avatar,
    el("span", { className: "waiting-text" }, name, detail),
    start
  )
  const row: WaitingRow = { node, avatar, name, detail, start, entry }
  // The row outlives the poll that created it: Start uses the entry as last drawn. Only the first
  // click of a multi-click starts (`detail` counts them; 0 from the keyboard): a started customer's
  // row leaves the list at once, so a double click's second click lands on the next customer's
  // Start, which moved up under the pointer, and would start a conversation with them too.
  start.addEventListener("click", (event) => {
    if (event.detail > 1) return
    startWaiting(row.entry, start)
  })
  return row
}

/** Brings a row up to date, touching only the text and attributes that changed. */
const updateWaitingRow = (row: WaitingRow, entry: WaitingEntry): void => {
  row.entry = entry
  const name = entry.conversation_participant_name ?? "Customer"
  setText(row.avatar, initials(name))
  setText(row.name, name)
  setText(row.detail, `${entry.question ?? "Waiting"} · ${relative(entry.join_dts)}`)
  const label = `Start a conversation with ${name}`
  if (row.start.getAttribute("aria-label") !== label) row.start.setAttribute("aria-label", label)
  row.start.disabled = isStarting(entry)
}

/** The queue's waiting customers, keyed: rows are added, moved or removed one by one. */
const renderWaiting = (card: Card, queue: ConversationWebchatQueueStatus): void => {
  const entries = entriesOf(queue).filter((entry) => !state.started.has(entryKey(entry)))
  const keep = new Set(entries.map(entryKey))
  // Gone first: placing the others around a row about to go would move them, and a moved node
  // loses the focus.
  for (const [key, row] of card.rows) {
    if (!keep.has(key)) {
      row.node.remove()
      card.rows.delete(key)
    }
  }
  const placed = new Set<string>()
  let previous: Element | undefined
  for (const entry of entries) {
    const key = entryKey(entry)
    if (placed.has(key)) continue
    placed.add(key)
    let row = card.rows.get(key)
    if (row === undefined) {
      row = makeWaitingRow(key, entry)
      card.rows.set(key, row)
    }
    updateWaitingRow(row, entry)
    const expected: Element | null = previous ? previous.nextElementSibling : card.waiting.firstElementChild
    if (expected !== row.node) {
      if (previous) previous.after(row.node)
      else card.waiting.prepend(row.node)
    }
    previous = row.node
  }
  if (keep.size === 0) card.waiting.remove()
  else if (card.waiting.parentNode === null) card.agents.before(card.waiting)
}

export const renderQueues = (): void => {
  const list = byId("queue-list")
  list.setAttribute("aria-busy", "false")
  for (const stale of list.querySelectorAll(":scope > :not(.queue)")) stale.remove()
  const names = new Set(state.queues.map((queue) => queue.queue_name ?? ""))
  // Gone first, as for waiting rows: a moved card would take the focus off its status select.
  for (const [name, card] of cards) {
    if (!names.has(name)) {
      card.node.remove()
      cards.delete(name)
    }
  }
  let previous: Element | undefined
  for (const queue of state.queues) {
    const name = queue.queue_name ?? ""
    let card = cards.get(name)
    if (card === undefined) {
      card = makeCard(name)
      cards.set(name, card)
    }
    // Keyed placement: a card moves only when the order changed.
    const expected: Element | null = previous ? previous.nextElementSibling : list.firstElementChild
    if (expected !== card.node) {
      if (previous) previous.after(card.node)
      else list.prepend(card.node)
    }
    previous = card.node
    syncSelect(card, myStatusIn(queue))
    const waiting = queue.customer_waiting_count ?? 0
    const statsKey = JSON.stringify([waiting, queue.customer_active_count, queue.customer_chat_count])
    if (card.stats.dataset.key !== statsKey) {
      card.stats.dataset.key = statsKey
      card.stats.replaceChildren(
        stat(waiting, "waiting", waiting > 0),
        stat(queue.customer_active_count ?? 0, "active"),
        stat(queue.customer_chat_count ?? 0, "chats")
      )
    }
    renderWaiting(card, queue)
    setText(
      card.agents,
      `${queue.agent_available_count ?? 0} available · ${queue.agent_busy_count ?? 0} busy · ${queue.agent_unavailable_count ?? 0} away`
    )
  }
  if (state.queues.length === 0)
    list.append(el("li", { className: "list-empty", text: "No webchat queues." }))
  // The header control shows the status shared by every queue the agent is in, if there is one.
  const statuses = new Set(state.queues.map(myStatusIn).filter(Boolean))
  const shared = statuses.size === 1 ? [...statuses][0] : undefined
  for (const button of byId("my-status").querySelectorAll<HTMLButtonElement>("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.status === shared))
  }
  renderStartChoices()
}

/** The "+ New" dialog's waiting customers; left alone while the agent has it open. */
const renderStartChoices = (): void => {
  const dialog = byId<HTMLDialogElement>("start-dialog")
  if (dialog.open) return
  const select = byId<HTMLSelectElement>("start-customer")
  const entries = waitingEntries()
  select.replaceChildren(
    el("option", {
      text: entries.length ? "Choose a waiting customer…" : "Nobody is waiting",
      attrs: { value: "" }
    }),
    ...entries.map((entry) =>
      el("option", {
        text: `${entry.conversation_participant_name ?? "Customer"} · ${entry.queue_name ?? ""} · ${entry.question ?? ""}`,
        attrs: { value: entryKey(entry) }
      })
    )
  )
}

/** Forgets started customers once UltraCart no longer lists them as waiting. */
const pruneStarted = (): void => {
  const waiting = new Set(
    state.queues.flatMap((queue) => (queue.queue_entries ?? []).map((entry) => entryKey(entry)))
  )
  for (const key of state.started) if (!waiting.has(key)) state.started.delete(key)
}

export const showQueues = (queues: QueuesWire["queues"]): void => {
  state.queues = queues
  pruneStarted()
  renderQueues()
}

/** A list that never loaded says so (with a retry) instead of shimmering forever. */
export const showListFailure = (list: HTMLElement, what: string, retry: () => void): void => {
  list.setAttribute("aria-busy", "false")
  if (!list.querySelector(".skeleton, .list-failed")) return
  const again = el("button", {
    className: "btn btn-ghost btn-small",
    text: "Try again",
    attrs: { type: "button" }
  })
  again.addEventListener("click", () => {
    clearBanner()
    retry()
  })
  list.replaceChildren(
    el("li", { className: "list-empty list-failed" }, el("p", { text: `Couldn't load ${what}.` }), again)
  )
}

export const loadQueues = async (): Promise<void> => {
  const loaded = await withBusy(byId("queues-refresh"), "Loading queues", async () => {
    showQueues((await api<QueuesWire>("/api/queues")).queues)
    return true
  })
  if (!loaded) showListFailure(byId("queue-list"), "queues", () => void loadQueues())
}

/** Queue statuses the server polled (or fetched for another tab): redrawn only when changed. */
export const applyPushedQueues = (queues: QueuesWire["queues"]): void => {
  if (JSON.stringify(queues) === JSON.stringify(state.queues)) return
  showQueues(queues)
}

export const setStatus = async (
  status: AgentStatus,
  queueNames: ReadonlyArray<string> | undefined,
  control: HTMLElement
): Promise<void> => {
  const done = await withBusy(control, "Setting your status", async () => {
    const { queues } = await api<QueuesWire>("/api/agent/status", {
      method: "PUT",
      json: { agent_status: status, ...(queueNames ? { queues: queueNames } : {}) }
    })
    showQueues(queues)
    toast(`Status set to ${STATUS_LABEL[status]}`)
    return true
  })
  // Whether it worked or not, the select shows what UltraCart has now: on failure that is the
  // last status it reported, not the choice that was refused.
  settled = control instanceof HTMLSelectElement ? control : undefined
  renderQueues()
  settled = undefined
  void done
}
