// The agent console's browser side. It talks only to the app server (/api/*); the UltraCart
// credential stays on the server. Everything is rendered with textContent, never innerHTML,
// because conversation data comes from customers.

const PAGE_SIZE = 20
// The server polls UltraCart once for every tab and pushes the results over /api/events; this tab
// only tells it whether it is visible (the server slows down when no tab is) under this id.
const TAB = globalThis.crypto?.randomUUID?.() ?? `tab-${Math.random().toString(36).slice(2)}-${Date.now()}`
const FEATURE_LABEL = {
  list: "List poll",
  messages: "Messages",
  queues: "Queues",
  keepAlive: "Keep-alive",
  actions: "Agent actions"
}
const STATUSES = ["available", "busy", "unavailable"]
const STATUS_LABEL = { available: "Available", busy: "Busy", unavailable: "Away" }

const $ = (id) => document.getElementById(id)

const state = {
  session: undefined,
  queues: [],
  medium: "",
  offset: 0,
  total: undefined,
  // Explicit list loads in flight, and what the list shows (the background refresh compares).
  listLoads: 0,
  listShown: undefined,
  selected: undefined,
  conversation: undefined,
  seen: new Set(),
  lastEpoch: 0,
  tail: undefined,
  keepAlive: undefined,
  appServerUp: true,
  stickToBottom: true
}

// ---------------------------------------------------------------------------------------------
// Talking to the app server

/** An error the app server reported, with UltraCart's error tag when there is one. */
class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {}
    super(error.message ?? `Request failed with status ${status}`)
    this.status = status
    this.tag = error.tag ?? "Unknown"
    this.retryAfterSeconds = error.retryAfterSeconds
  }
}

async function api(path, init = {}) {
  let response
  try {
    response = await fetch(path, {
      ...init,
      headers: {
        accept: "application/json",
        ...(init.json === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers
      },
      body: init.json === undefined ? init.body : JSON.stringify(init.json)
    })
  } catch {
    throw new ApiError(0, { error: { tag: "AppServerDown", message: "The console server is unreachable." } })
  }
  const text = await response.text()
  const body = text === "" ? undefined : JSON.parse(text)
  if (!response.ok) throw new ApiError(response.status, body)
  return body
}

// ---------------------------------------------------------------------------------------------
// Feedback: banner for errors the agent must act on, toasts for confirmations

let bannerTimer

function describe(error) {
  switch (error.tag) {
    case "RateLimited":
      return "Rate limited by UltraCart"
    case "Unauthorized":
      return "UltraCart rejected the credentials (401). Check ULTRACART_SIMPLE_KEY or ULTRACART_OAUTH_TOKEN."
    case "ApplicationDisabled":
      return "The UltraCart application is disabled (410)."
    case "ServerError":
      return "UltraCart had a server error (500). Try again shortly."
    case "Timeout":
      return "UltraCart did not answer in time."
    case "Transport":
      return "Cannot reach UltraCart."
    case "AppServerDown":
      return "The console server is unreachable."
    default:
      return error.message
  }
}

function showError(error, context) {
  clearInterval(bannerTimer)
  const banner = $("banner")
  const text = $("banner-text")
  banner.dataset.kind = error.tag === "RateLimited" ? "warn" : "error"
  banner.dataset.tag = error.tag
  const prefix = context ? `${context}: ` : ""
  if (error.tag === "RateLimited") {
    let left = Math.max(1, Math.ceil(error.retryAfterSeconds ?? 5))
    const render = () => {
      text.textContent =
        left > 0
          ? `${prefix}Rate limited, retry in ${left}s`
          : `${prefix}Rate limit window passed — you can retry now.`
    }
    render()
    bannerTimer = setInterval(() => {
      left -= 1
      render()
      if (left <= 0) clearInterval(bannerTimer)
    }, 1000)
  } else {
    text.textContent = prefix + describe(error)
  }
  banner.hidden = false
}

function clearBanner() {
  clearInterval(bannerTimer)
  $("banner").hidden = true
}

function toast(message, kind = "info") {
  const node = el("div", { className: "toast", text: message })
  node.dataset.kind = kind
  $("toasts").append(node)
  setTimeout(() => node.remove(), 3500)
}

/** Runs an action with a busy control, reporting failures in the banner. */
async function withBusy(control, context, action) {
  control?.setAttribute("aria-busy", "true")
  if (control && "disabled" in control) control.disabled = true
  try {
    return await action()
  } catch (error) {
    if (error instanceof ApiError) showError(error, context)
    else showError({ tag: "Unknown", message: String(error) }, context)
    return undefined
  } finally {
    control?.removeAttribute("aria-busy")
    if (control && "disabled" in control) control.disabled = false
  }
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers

function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, value)
  node.append(...children.filter((child) => child !== undefined))
  return node
}

function initials(name) {
  const parts = String(name ?? "?")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  return (
    parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? "?").slice(0, 2)
  ).toUpperCase()
}

function parseDate(value) {
  if (value === undefined || value === null || value === "") return undefined
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function relative(value) {
  const date = value instanceof Date ? value : parseDate(value)
  if (!date) return ""
  const seconds = Math.round((Date.now() - date.getTime()) / 1000)
  if (seconds < 45) return "just now"
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
}

/** A message time: the clock for today, the day and clock before that. */
function stamp(value) {
  const date = parseDate(value)
  if (!date) return ""
  const time = date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" })
  if (date.toDateString() === new Date().toDateString()) return time
  return `${date.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`
}

function fileName(urlOrKey) {
  const path = String(urlOrKey).split("?")[0]
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || String(urlOrKey)
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function mediumLabel(medium) {
  return medium === "websocket" ? "Webchat" : medium === "sms" ? "SMS" : (medium ?? "")
}

// ---------------------------------------------------------------------------------------------
// Session and connection status

async function loadSession() {
  const session = await withBusy(undefined, "Loading the agent", () => api("/api/session"))
  if (!session) return
  state.session = session
  const badge = $("backend-badge")
  badge.dataset.backend = session.backend
  badge.textContent = session.backend === "mock" ? "Mock UltraCart" : "UltraCart live"
  badge.title = session.backend === "mock" ? "Embedded mock server" : "Connected to the real UltraCart API"
  $("agent-name").textContent = session.agent?.name ?? "Agent"
  $("agent-avatar").textContent = initials(session.agent?.name)
  // The console still works without an identity, but cannot tell which queue entries are the agent's.
  if (session.error)
    showError(new ApiError(session.error.status, { error: session.error }), "Loading the agent")
}

/** The connection indicator's wording for a failed keep-alive: short, the details go in the tooltip. */
function shortStatus(error) {
  switch (error?.tag) {
    case "RateLimited":
      return "Rate limited — keep-alive delayed"
    case "Unauthorized":
      return "Not authorized (401)"
    case "ApplicationDisabled":
      return "Application disabled (410)"
    case "Transport":
    case "Timeout":
      return "UltraCart unreachable"
    default:
      return "Keep-alive failing"
  }
}

function renderConnection() {
  const box = $("connection")
  const text = $("connection-text")
  const ka = state.keepAlive
  if (!state.appServerUp) {
    box.dataset.state = "down"
    text.textContent = "Console server unreachable — reconnecting…"
    return
  }
  if (!ka) {
    box.dataset.state = "connecting"
    text.textContent = "Connecting…"
    return
  }
  if (ka.state === "ok") {
    box.dataset.state = "ok"
    text.textContent = `Online · keep-alive ${relative(ka.lastOkAt)}`
  } else if (ka.state === "pending") {
    box.dataset.state = "connecting"
    text.textContent = "Checking in with UltraCart…"
  } else {
    box.dataset.state = ka.error?.tag === "RateLimited" ? "degraded" : "down"
    text.textContent = shortStatus(ka.error)
    box.title = describe(ka.error ?? { tag: "Unknown", message: "Keep-alive failed" })
    return
  }
  box.title = ka.lastOkAt
    ? `Last keep-alive: ${new Date(ka.lastOkAt).toLocaleTimeString()}`
    : "No keep-alive yet"
}

/** Tells the server whether this tab is visible (Page Visibility API). */
function reportVisibility() {
  fetch(`/api/tabs/${encodeURIComponent(TAB)}/visibility`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ visible: !document.hidden })
  }).catch(() => undefined)
}

/** The one live channel: keep-alive status, the list, the queues and the budget, pushed. */
function watchStatus() {
  const query = new URLSearchParams({ tab: TAB, visible: String(!document.hidden) })
  const source = new EventSource(`/api/events?${query}`)
  source.addEventListener("status", (event) => {
    state.appServerUp = true
    state.keepAlive = JSON.parse(event.data)
    renderConnection()
  })
  source.addEventListener("conversations", (event) => applyPushedList(JSON.parse(event.data)))
  source.addEventListener("queues", (event) => applyPushedQueues(JSON.parse(event.data)))
  source.addEventListener("budget", (event) => renderBudget(JSON.parse(event.data)))
  document.addEventListener("visibilitychange", reportVisibility)
  source.addEventListener("open", () => {
    state.appServerUp = true
    renderConnection()
    // A reconnect reuses the URL, with the visibility of when the tab first connected.
    reportVisibility()
  })
  source.addEventListener("error", () => {
    state.appServerUp = false
    renderConnection()
  })
  setInterval(renderConnection, 5000)
}

/** The header's budget meter: requests in the last hour, by feature, against the limit. */
function renderBudget(view) {
  const bar = $("budget-bar")
  const limit = view.limit || 1
  bar.replaceChildren(
    ...Object.keys(FEATURE_LABEL).map((feature) => {
      const segment = el("span", { className: "segment", attrs: { "data-feature": feature } })
      segment.style.width = `${(100 * (view.byFeature[feature] ?? 0)) / limit}%`
      return segment
    }),
    $("budget-target") ?? el("span", { className: "budget-target", attrs: { id: "budget-target" } })
  )
  $("budget-target").style.left = `${(100 * view.target) / limit}%`
  const box = $("budget")
  box.dataset.level = view.used > view.limit * 0.95 ? "over" : view.used > view.target ? "warn" : "ok"
  box.dataset.used = String(view.used)
  const hour = view.timeScale === 1 ? "hour" : `simulated hour (×${view.timeScale})`
  $("budget-text").textContent = `${view.used} / ${view.limit} per hour`
  const spent = Object.entries(FEATURE_LABEL)
    .map(
      ([feature, label]) => `${label}: ${view.byFeature[feature] ?? 0} (plan ${view.planned[feature] ?? 0})`
    )
    .join("\n")
  const every = view.intervalsSeconds.list
    ? `list every ${view.intervalsSeconds.list.toFixed(1)} s`
    : "polling stopped"
  box.title = `UltraCart requests in the last ${hour}: ${view.used} of ${view.limit} (target ${view.target})\n${spent}\n${
    view.attendance === "visible" ? "A tab is visible" : "No tab visible: polling slowed"
  }, ${every}`
}

// ---------------------------------------------------------------------------------------------
// Queues and the agent's status

function myStatusIn(queue) {
  const arn = state.session?.agent?.arn
  return queue.agents?.find((agent) => agent.conversation_participant_arn === arn)?.agent_status
}

function renderQueues() {
  const list = $("queue-list")
  list.setAttribute("aria-busy", "false")
  list.replaceChildren()
  if (state.queues.length === 0) {
    list.append(el("li", { className: "list-empty", text: "No webchat queues." }))
  }
  for (const queue of state.queues) {
    const mine = myStatusIn(queue)
    const select = el("select", {
      className: "status-select",
      attrs: { "aria-label": `My status in ${queue.queue_name}`, "data-testid": "queue-status" }
    })
    for (const status of STATUSES) {
      const option = el("option", { text: STATUS_LABEL[status], attrs: { value: status } })
      if (status === mine) option.selected = true
      select.append(option)
    }
    if (!mine) select.prepend(el("option", { text: "Not in queue", attrs: { value: "", selected: "" } }))
    select.dataset.status = mine ?? ""
    select.addEventListener("change", () => {
      if (select.value) setStatus(select.value, [queue.queue_name], select)
    })
    const waiting = queue.customer_waiting_count ?? 0
    const card = el(
      "li",
      { className: "queue", attrs: { "data-queue": queue.queue_name ?? "" } },
      el(
        "div",
        { className: "queue-top" },
        el("span", { className: "queue-name", text: queue.queue_name }),
        select
      ),
      el(
        "div",
        { className: "stats" },
        stat(waiting, "waiting", waiting > 0),
        stat(queue.customer_active_count ?? 0, "active"),
        stat(queue.customer_chat_count ?? 0, "chats")
      ),
      renderWaiting(queue),
      el("div", {
        className: "agents-line",
        text: `${queue.agent_available_count ?? 0} available · ${queue.agent_busy_count ?? 0} busy · ${
          queue.agent_unavailable_count ?? 0
        } away`
      })
    )
    list.append(card)
  }
  // The header control shows the status shared by every queue the agent is in, if there is one.
  const statuses = new Set(state.queues.map(myStatusIn).filter(Boolean))
  const shared = statuses.size === 1 ? [...statuses][0] : undefined
  for (const button of $("my-status").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.status === shared))
  }
  const select = $("start-customer")
  const entries = waitingEntries()
  select.replaceChildren(
    el("option", {
      text: entries.length ? "Choose a waiting customer…" : "Nobody is waiting",
      attrs: { value: "" }
    }),
    ...entries.map((entry, index) =>
      el("option", {
        text: `${entry.conversation_participant_name ?? "Customer"} · ${entry.queue_name ?? ""} · ${entry.question ?? ""}`,
        attrs: { value: String(index) }
      })
    )
  )
}

/** Every customer waiting in a queue, longest wait first. */
function waitingEntries() {
  return state.queues
    .flatMap((queue) =>
      (queue.queue_entries ?? []).map((entry) => ({ queue_name: queue.queue_name, ...entry }))
    )
    .sort((a, b) => String(a.join_dts ?? "").localeCompare(String(b.join_dts ?? "")))
}

function renderWaiting(queue) {
  const entries = queue.queue_entries ?? []
  if (entries.length === 0) return undefined
  return el(
    "ul",
    { className: "waiting", attrs: { "aria-label": `Waiting in ${queue.queue_name}` } },
    ...entries.map((entry) => {
      const start = el("button", {
        className: "btn btn-ghost btn-small",
        text: "Start",
        attrs: { type: "button", "data-testid": "start-waiting" }
      })
      start.addEventListener("click", () => startWith(entry, start))
      return el(
        "li",
        {},
        el("span", { className: "avatar", text: initials(entry.conversation_participant_name) }),
        el(
          "span",
          { className: "waiting-text" },
          el("b", { className: "waiting-name", text: entry.conversation_participant_name ?? "Customer" }),
          el("span", {
            className: "waiting-detail",
            text: `${entry.question ?? "Waiting"} · ${relative(entry.join_dts)}`
          })
        ),
        start
      )
    })
  )
}

function stat(value, label, hot = false) {
  return el(
    "div",
    { className: hot ? "stat hot" : "stat" },
    el("b", { text: String(value) }),
    el("span", { text: label })
  )
}

async function loadQueues() {
  const loaded = await withBusy($("queues-refresh"), "Loading queues", async () => {
    const { queues } = await api("/api/queues")
    state.queues = queues
    renderQueues()
    return true
  })
  if (!loaded) showListFailure($("queue-list"), "queues", loadQueues)
}

/** Queue statuses the server polled (or fetched for another tab): redrawn only when changed. */
function applyPushedQueues(queues) {
  if (JSON.stringify(queues) === JSON.stringify(state.queues)) return
  state.queues = queues
  renderQueues()
}

/** A list that never loaded says so (with a retry) instead of shimmering forever. */
function showListFailure(list, what, retry) {
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

async function setStatus(status, queueNames, control) {
  await withBusy(control, "Setting your status", async () => {
    const { queues } = await api("/api/agent/status", {
      method: "PUT",
      json: { agent_status: status, queues: queueNames }
    })
    state.queues = queues
    renderQueues()
    toast(`Status set to ${STATUS_LABEL[status]}`)
  })
}

// ---------------------------------------------------------------------------------------------
// Conversation list

function renderConversations(conversations) {
  const list = $("conversation-list")
  list.setAttribute("aria-busy", "false")
  list.replaceChildren()
  if (conversations.length === 0) {
    list.append(el("li", { className: "list-empty", text: "No conversations here yet." }))
  }
  for (const conversation of conversations) {
    const name = conversationTitle(conversation)
    const item = el(
      "li",
      {
        className: "conversation",
        attrs: { "data-uuid": conversation.conversation_uuid ?? "", tabindex: "0", role: "button" }
      },
      el("span", { className: "avatar", text: initials(name) }),
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
    )
    if (conversation.conversation_uuid === state.selected) item.setAttribute("aria-current", "true")
    const open = () => openConversation(conversation.conversation_uuid)
    item.addEventListener("click", open)
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter") open()
    })
    list.append(item)
  }
  const first = conversations.length === 0 ? 0 : state.offset + 1
  const last = state.offset + conversations.length
  $("page-info").textContent =
    state.total === undefined ? `${first}–${last}` : `${first}–${last} of ${state.total}`
  $("page-prev").disabled = state.offset === 0
  $("page-next").disabled = state.total === undefined ? conversations.length < PAGE_SIZE : last >= state.total
}

function conversationTitle(conversation) {
  const customers = (conversation.participants ?? [])
    .map((participant) => participant.conversation_participant_name)
    .filter((name) => name && name !== state.session?.agent?.name)
  return customers[0] ?? conversation.last_conversation_participant_name ?? "Conversation"
}

/** The query for the page the agent is looking at. */
function conversationsQuery() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.offset) })
  if (state.medium) query.set("medium", state.medium)
  return query.toString()
}

function showConversations(query, page) {
  state.total = page.total ?? undefined
  state.listShown = { query, json: JSON.stringify(page) }
  renderConversations(page.conversations)
}

async function loadConversations() {
  const list = $("conversation-list")
  list.setAttribute("aria-busy", "true")
  state.listLoads += 1
  const loaded = await withBusy($("conversations-refresh"), "Loading conversations", async () => {
    const query = conversationsQuery()
    showConversations(query, await api(`/api/conversations?${query}`))
    return true
  })
  state.listLoads -= 1
  list.setAttribute("aria-busy", "false")
  if (!loaded) showListFailure(list, "conversations", loadConversations)
}

/**
 * The list the server polled for every tab (newest activity first). It replaces the first page,
 * filtered by medium here, when nothing else is loading; a filtered page it cannot fill, and later
 * pages, are left to explicit loads. Redrawn only when something changed.
 */
function applyPushedList(snapshot) {
  if (state.offset !== 0 || state.listLoads > 0) return
  const all = snapshot.conversations
  const matching = state.medium ? all.filter((conversation) => conversation.medium === state.medium) : all
  if (matching.length < PAGE_SIZE && all.length >= snapshot.size) return
  const query = conversationsQuery()
  const page = {
    conversations: matching.slice(0, PAGE_SIZE),
    total: state.medium ? (state.total ?? null) : snapshot.total,
    limit: PAGE_SIZE,
    offset: 0
  }
  if (state.listShown?.query === query && state.listShown.json === JSON.stringify(page)) return
  showConversations(query, page)
}

// ---------------------------------------------------------------------------------------------
// One conversation: participants, messages (live), actions

function renderParticipants(participants) {
  const list = $("participants")
  list.replaceChildren(
    ...(participants ?? []).map((participant) => {
      const left = Boolean(participant.left_dts)
      const node = el(
        "li",
        { className: "participant", attrs: { "data-left": String(left) } },
        el("span", { className: "avatar", text: initials(participant.conversation_participant_name) }),
        el("span", { text: participant.conversation_participant_name ?? "Unknown" }),
        el("span", { className: "state", text: left ? "left" : (participant.status ?? "") })
      )
      return node
    })
  )
  if (list.childElementCount === 0) list.append(el("li", { className: "state", text: "No participants." }))
}

function isMine(message) {
  return message.author_conversation_participant_arn === state.session?.agent?.arn
}

function appendMessage(message, fresh) {
  const key = message.conversation_message_uuid ?? `${message.message_epoch}:${message.body}`
  if (state.seen.has(key)) return
  state.seen.add(key)
  if (typeof message.message_epoch === "number")
    state.lastEpoch = Math.max(state.lastEpoch, message.message_epoch)
  const classes = ["message"]
  if (message.type === "notice") classes.push("notice")
  else if (isMine(message)) classes.push("mine")
  if (fresh) classes.push("fresh")
  // media_urls and upload_keys name the same files; prefer the URLs, which carry the name.
  const attachments = (message.media_urls?.length ? message.media_urls : (message.upload_keys ?? [])).map(
    fileName
  )
  const node = el(
    "li",
    { className: classes.join(" "), attrs: { "data-uuid": message.conversation_message_uuid ?? "" } },
    el(
      "span",
      { className: "meta" },
      el("b", { text: message.author_conversation_participant_name ?? "System" }),
      ` · ${stamp(message.message_dts ?? message.message_epoch)}`
    ),
    el(
      "div",
      { className: "bubble" },
      message.body ?? "",
      ...attachments.map((name) => el("span", { className: "attachment", text: name }))
    )
  )
  const list = $("messages")
  list.append(node)
  if (fresh === false || state.stickToBottom) list.scrollTop = list.scrollHeight
}

function setLive(liveState, text) {
  $("live").dataset.state = liveState
  $("live-text").textContent = text
}

function stopTail() {
  state.tail?.close()
  state.tail = undefined
  setLive("off", "Paused")
}

function startTail(uuid) {
  stopTail()
  const source = new EventSource(
    `/api/conversations/${encodeURIComponent(uuid)}/events?since=${state.lastEpoch}&tab=${encodeURIComponent(TAB)}`
  )
  state.tail = source
  setLive("on", "Live")
  source.addEventListener("message", (event) => {
    if (state.selected !== uuid) return
    setLive("on", "Live")
    appendMessage(JSON.parse(event.data), true)
  })
  source.addEventListener("upstream-error", (event) => {
    const error = JSON.parse(event.data)
    setLive("error", "Interrupted")
    showError(new ApiError(error.status ?? 502, { error }), "Live messages")
  })
  source.addEventListener("error", () => {
    if (state.tail === source) setLive("error", "Reconnecting…")
  })
  source.addEventListener("open", () => {
    if (state.tail === source) setLive("on", "Live")
  })
}

async function openConversation(uuid) {
  if (!uuid) return
  state.selected = uuid
  for (const item of $("conversation-list").children) {
    if (item.dataset.uuid === uuid) item.setAttribute("aria-current", "true")
    else item.removeAttribute("aria-current")
  }
  stopTail()
  $("detail").dataset.state = "loading"
  $("detail-empty").hidden = true
  $("detail-body").hidden = false
  $("detail-title").textContent = "Loading…"
  $("detail-meta").textContent = ""
  $("messages").replaceChildren(el("li", { className: "skeleton" }))
  $("participants").replaceChildren()
  const result = await withBusy(undefined, "Opening the conversation", () =>
    api(`/api/conversations/${encodeURIComponent(uuid)}`)
  )
  if (!result || state.selected !== uuid) return
  renderConversation(result.conversation)
  startTail(uuid)
}

function renderConversation(conversation) {
  state.conversation = conversation
  $("detail").dataset.uuid = conversation.conversation_uuid ?? ""
  state.seen = new Set()
  state.lastEpoch = 0
  state.stickToBottom = true
  $("detail").dataset.state = "open"
  $("detail-title").textContent = conversationTitle(conversation)
  const started = parseDate(conversation.start_dts)
  $("detail-meta").textContent = [
    mediumLabel(conversation.medium),
    started
      ? `started ${started.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
      : undefined,
    conversation.closed ? "closed" : "open"
  ]
    .filter(Boolean)
    .join(" · ")
  renderParticipants(conversation.participants)
  renderJoinState(conversation)
  $("messages").replaceChildren()
  const messages = [...(conversation.messages ?? [])].sort(
    (a, b) => (a.message_epoch ?? 0) - (b.message_epoch ?? 0)
  )
  for (const message of messages) appendMessage(message, false)
  if (messages.length === 0)
    $("messages").append(el("li", { className: "list-empty", text: "No messages yet." }))
}

function renderJoinState(conversation) {
  const arn = state.session?.agent?.arn
  const joined = (conversation.participants ?? []).some(
    (participant) => participant.conversation_participant_arn === arn && !participant.left_dts
  )
  $("join").hidden = joined
  $("leave").hidden = !joined
  $("detail").dataset.joined = String(joined)
}

async function refreshConversation(uuid) {
  const result = await api(`/api/conversations/${encodeURIComponent(uuid)}`)
  if (state.selected !== uuid) return
  state.conversation = result.conversation
  renderParticipants(result.conversation.participants)
  renderJoinState(result.conversation)
  for (const message of result.conversation.messages ?? []) appendMessage(message, true)
}

async function joinOrLeave(action) {
  const uuid = state.selected
  if (!uuid) return
  await withBusy($(action), action === "join" ? "Joining" : "Leaving", async () => {
    await api(`/api/conversations/${encodeURIComponent(uuid)}/${action}`, { method: "POST" })
    toast(action === "join" ? "You joined the conversation" : "You left the conversation")
    await refreshConversation(uuid)
  })
}

async function upload(event) {
  event.preventDefault()
  const file = $("upload-file").files?.[0]
  const uuid = state.selected
  if (!file || !uuid) return
  const result = $("upload-result")
  result.dataset.state = "busy"
  result.textContent = `Uploading ${file.name}…`
  const done = await withBusy($("upload-submit"), "Upload", async () => {
    const query = new URLSearchParams({ filename: file.name })
    const body = await api(`/api/conversations/${encodeURIComponent(uuid)}/attachments?${query}`, {
      method: "POST",
      headers: { "content-type": file.type || "application/octet-stream" },
      body: file
    })
    result.dataset.state = "ok"
    result.textContent = `Uploaded ${file.name} (${formatBytes(body.bytes)}) · key ${body.key}`
    $("upload-form").reset()
    $("upload-file-label").textContent = "Choose a file to attach…"
    return true
  })
  $("upload-submit").disabled = !$("upload-file").files?.length
  if (!done) {
    result.dataset.state = "error"
    result.textContent = `Upload of ${file.name} failed.`
  }
}

/** Starts a conversation with a waiting customer (or an invited ARN), then opens it. */
async function startWith(entry, control) {
  const created = await withBusy(control, "Starting a conversation", () =>
    api("/api/conversations", {
      method: "POST",
      json: {
        participant_arns: entry.conversation_participant_arn ? [entry.conversation_participant_arn] : [],
        ...(entry.conversation_webchat_queue_uuid
          ? { queue_uuid: entry.conversation_webchat_queue_uuid }
          : {})
      }
    })
  )
  if (!created) return false
  toast(
    `Conversation started${entry.conversation_participant_name ? ` with ${entry.conversation_participant_name}` : ""}`
  )
  state.offset = 0
  await Promise.all([loadConversations(), loadQueues()])
  await openConversation(created.conversation?.conversation_uuid)
  return true
}

async function startConversation(event) {
  event.preventDefault()
  const arn = $("start-participant").value.trim()
  const chosen = waitingEntries()[Number($("start-customer").value)]
  const entry = arn ? { conversation_participant_arn: arn } : chosen
  if (!entry) {
    showError({ tag: "Input", message: "Choose a waiting customer or enter a participant ARN." }, "Start")
    return
  }
  $("start-dialog").close()
  $("start-form").reset()
  await startWith(entry, $("start-open"))
}

// ---------------------------------------------------------------------------------------------
// Wiring

function wire() {
  $("banner-close").addEventListener("click", clearBanner)
  $("queues-refresh").addEventListener("click", loadQueues)
  $("conversations-refresh").addEventListener("click", () => {
    clearBanner()
    loadConversations()
  })
  for (const button of $("my-status").querySelectorAll("button")) {
    button.addEventListener("click", () => setStatus(button.dataset.status, undefined, button))
  }
  for (const tab of $("medium-filter").querySelectorAll("button")) {
    tab.addEventListener("click", () => {
      for (const other of $("medium-filter").querySelectorAll("button")) {
        other.setAttribute("aria-selected", String(other === tab))
      }
      state.medium = tab.dataset.medium
      state.offset = 0
      loadConversations()
    })
  }
  $("page-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE)
    loadConversations()
  })
  $("page-next").addEventListener("click", () => {
    state.offset += PAGE_SIZE
    loadConversations()
  })
  $("join").addEventListener("click", () => joinOrLeave("join"))
  $("leave").addEventListener("click", () => joinOrLeave("leave"))
  $("upload-file").addEventListener("change", () => {
    const file = $("upload-file").files?.[0]
    $("upload-file-label").textContent = file
      ? `${file.name} · ${formatBytes(file.size)}`
      : "Choose a file to attach…"
    $("upload-submit").disabled = !file
  })
  $("upload-form").addEventListener("submit", upload)
  // The thread follows new messages while the agent is at its end, also when the banner or a
  // window resize changes its height; scrolling up to read pauses that.
  const thread = $("messages")
  thread.addEventListener("scroll", () => {
    state.stickToBottom = thread.scrollHeight - thread.scrollTop - thread.clientHeight < 60
  })
  new ResizeObserver(() => {
    if (state.stickToBottom) thread.scrollTop = thread.scrollHeight
  }).observe(thread)
  $("start-open").addEventListener("click", () => $("start-dialog").showModal())
  $("start-cancel").addEventListener("click", () => $("start-dialog").close())
  $("start-form").addEventListener("submit", startConversation)
}

async function main() {
  wire()
  watchStatus()
  await loadSession()
  await Promise.all([loadQueues(), loadConversations()])
  document.body.dataset.ready = "true"
  // From here on the list and the queues arrive over /api/events: no timer in the tab.
}

main()
