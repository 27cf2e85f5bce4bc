/** The connection indicator, driven by the server's keep-alive status and the event stream. */
import type { BrowserError } from "../wire.ts"
import { byId, relative, setText } from "./dom.ts"
import { describe } from "./feedback.ts"
import { state } from "./state.ts"

/** The indicator's wording for a failed keep-alive: short, the details go in the tooltip. */
const shortStatus = (error: BrowserError | undefined): string => {
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

export const renderConnection = (): void => {
  const box = byId("connection")
  const text = byId("connection-text")
  const ka = state.keepAlive
  if (!state.appServerUp) {
    box.dataset.state = "down"
    setText(text, "Console server unreachable — reconnecting…")
    return
  }
  if (!ka) {
    box.dataset.state = "connecting"
    setText(text, "Connecting…")
    return
  }
  if (ka.state === "ok") {
    box.dataset.state = "ok"
    setText(text, `Online · keep-alive ${relative(ka.lastOkAt)}`)
  } else if (ka.state === "pending") {
    box.dataset.state = "connecting"
    setText(text, "Checking in with UltraCart…")
  } else {
    box.dataset.state = ka.error?.tag === "RateLimited" ? "degraded" : "down"
    setText(text, shortStatus(ka.error))
    box.title = describe(ka.error ?? { tag: "Unknown", message: "Keep-alive failed" })
    return
  }
  box.title = ka.lastOkAt
    ? `Last keep-alive: ${new Date(ka.lastOkAt).toLocaleTimeString()}`
    : "No keep-alive yet"
}
