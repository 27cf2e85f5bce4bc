/**
 * The agent console's page. It talks only to the app server (/api/*); the UltraCart credential
 * stays there. The list, queues, budget and connection status arrive over ONE event stream fed
 * by the server's one upstream schedule: this tab runs no timers against UltraCart.
 */
import type { AgentStatus, SessionWire, TabEventsWire } from "../wire.ts"
import { ApiError, api } from "./api.ts"
import { renderBudget } from "./budget.ts"
import { renderConnection } from "./connection.ts"
import { byId, initials } from "./dom.ts"
import { onEvent } from "./events.ts"
import { clearBanner, showError, withBusy } from "./feedback.ts"
import { applyPushedList, loadConversations, onArrived, onOpen } from "./list.ts"
import { notifyArrivals, wireNotifications } from "./notify.ts"
import { applyAccess } from "./permissions.ts"
import { applyPushedQueues, loadQueues, onStartWaiting, STATUSES, setStatus } from "./queues.ts"
import { startWith, wireStart } from "./start.ts"
import { PAGE_SIZE, state, TAB } from "./state.ts"
import { conversationInUrl, onConversationChange, openConversation, wireThread } from "./thread.ts"
import { wireTools } from "./tools.ts"
import { wireUpload } from "./upload.ts"

const loadSession = async (): Promise<void> => {
  const session = await withBusy(undefined, "Loading the agent", () => api<SessionWire>("/api/session"))
  if (!session) return
  state.session = session
  applyAccess(session.access)
  const badge = byId("backend-badge")
  badge.dataset.backend = session.backend
  badge.textContent = session.backend === "mock" ? "Mock UltraCart" : "UltraCart live"
  badge.title = session.backend === "mock" ? "Embedded mock server" : "Connected to the real UltraCart API"
  byId("agent-name").textContent = session.agent?.name ?? "Agent"
  byId("agent-avatar").textContent = initials(session.agent?.name)
  // The console still works without an identity, but cannot tell which queue entries are the agent's.
  if (session.error) showError(new ApiError(session.error.status, session.error), "Loading the agent")
}

/** Tells the server whether this tab is visible (Page Visibility API). */
const reportVisibility = (): void => {
  void api(`/api/tabs/${encodeURIComponent(TAB)}/visibility`, {
    method: "POST",
    json: { visible: !document.hidden }
  }).catch(() => undefined)
}

/** The one live channel: keep-alive status, the list, the queues and the budget, pushed. */
const watchStatus = (): void => {
  const query = new URLSearchParams({ tab: TAB, visible: String(!document.hidden) })
  const source = new EventSource(`/api/events?${query}`)
  onEvent<TabEventsWire, "status">(source, "status", (status) => {
    state.appServerUp = true
    state.keepAlive = status
    renderConnection()
  })
  onEvent<TabEventsWire, "conversations">(source, "conversations", applyPushedList)
  onEvent<TabEventsWire, "queues">(source, "queues", applyPushedQueues)
  onEvent<TabEventsWire, "budget">(source, "budget", renderBudget)
  document.addEventListener("visibilitychange", reportVisibility)
  source.addEventListener("open", () => {
    state.appServerUp = true
    clearBanner("Console server")
    renderConnection()
    // A reconnect reuses the URL, with the visibility of when the tab first connected.
    reportVisibility()
  })
  source.addEventListener("error", () => {
    state.appServerUp = false
    renderConnection()
  })
  // Redraws "keep-alive 2m ago" and the like; no request.
  setInterval(renderConnection, 5000)
}

const wire = (): void => {
  byId("banner-close").addEventListener("click", () => clearBanner())
  byId("queues-refresh").addEventListener("click", () => void loadQueues())
  byId("conversations-refresh").addEventListener("click", () => void loadConversations())
  for (const button of byId("my-status").querySelectorAll<HTMLButtonElement>("button")) {
    button.addEventListener("click", () => {
      const status = STATUSES.find((known: AgentStatus) => known === button.dataset.status)
      if (status) void setStatus(status, undefined, button)
    })
  }
  const tabs = [...byId("medium-filter").querySelectorAll<HTMLButtonElement>("button")]
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      for (const other of tabs) other.setAttribute("aria-pressed", String(other === tab))
      const medium = tab.dataset.medium
      state.medium = medium === "sms" || medium === "websocket" ? medium : ""
      state.offset = 0
      void loadConversations()
    })
  }
  byId("page-prev").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE)
    void loadConversations()
  })
  byId("page-next").addEventListener("click", () => {
    state.offset += PAGE_SIZE
    void loadConversations()
  })
  onOpen((uuid) => void openConversation(uuid, { focus: true }))
  onStartWaiting((entry, control) => void startWith(entry, control))
  onArrived(notifyArrivals)
  wireThread()
  wireUpload(onConversationChange)
  wireStart()
  wireTools(onConversationChange)
  wireNotifications()
}

const main = async (): Promise<void> => {
  wire()
  watchStatus()
  await loadSession()
  const fromUrl = conversationInUrl()
  await Promise.all([
    loadQueues(),
    loadConversations(),
    fromUrl ? openConversation(fromUrl, { fromUrl: true }) : Promise.resolve()
  ])
  document.body.dataset.ready = "true"
  // From here on the list and the queues arrive over /api/events: no timer in the tab.
}

void main()
