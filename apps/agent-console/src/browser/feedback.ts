/**
 * Feedback: one banner for errors the agent must act on, toasts for confirmations. The banner
 * remembers which activity raised it (its source); when that activity next succeeds the banner
 * clears itself. Nothing else reads the banner: refreshes never depend on it.
 */
import { ApiError } from "./api.ts"
import { byId, el } from "./dom.ts"

let bannerTimer: ReturnType<typeof setInterval> | undefined

export const describe = (error: { readonly tag: string; readonly message: string }): string => {
  switch (error.tag) {
    case "RateLimited":
      return "Rate limited by UltraCart"
    case "Unauthorized":
      return "UltraCart rejected the credentials (401). Check ULTRACART_SIMPLE_KEY or ULTRACART_OAUTH_TOKEN."
    case "ApplicationDisabled":
      return "The UltraCart application is disabled (410)."
    case "ServerError":
      // The server's message names the real status (502, 503, 504…) in plain words.
      return error.message
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

/** Shows `error` in the banner, raised by `source` (cleared when `source` next succeeds). */
export const showError = (error: ApiError | { tag: string; message: string }, source: string): void => {
  if (bannerTimer !== undefined) clearInterval(bannerTimer)
  const banner = byId("banner")
  const text = byId("banner-text")
  banner.dataset.kind = error.tag === "RateLimited" ? "warn" : "error"
  banner.dataset.tag = error.tag
  banner.dataset.source = source
  const prefix = `${source}: `
  if (error.tag === "RateLimited") {
    let left = Math.max(1, Math.ceil((error instanceof ApiError ? error.retryAfterSeconds : undefined) ?? 5))
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
      if (left <= 0 && bannerTimer !== undefined) clearInterval(bannerTimer)
    }, 1000)
  } else {
    text.textContent = prefix + describe(error)
  }
  banner.hidden = false
}

/** Hides the banner; with `source`, only when that activity raised it (it has recovered). */
export const clearBanner = (source?: string): void => {
  const banner = byId("banner")
  if (banner.hidden) return
  if (source !== undefined && banner.dataset.source !== source) return
  if (bannerTimer !== undefined) clearInterval(bannerTimer)
  banner.hidden = true
}

export const toast = (message: string, kind: "info" | "error" = "info"): void => {
  const node = el("div", { className: "toast", text: message, attrs: { "data-kind": kind } })
  byId("toasts").append(node)
  setTimeout(() => node.remove(), 3500)
}

/**
 * Runs an action with a busy control; a failure goes to the banner under `source`, a success
 * clears that source's banner. Resolves to the action's result, or undefined when it failed.
 */
export const withBusy = async <T>(
  control: HTMLElement | undefined,
  source: string,
  action: () => Promise<T>
): Promise<T | undefined> => {
  control?.setAttribute("aria-busy", "true")
  if (control instanceof HTMLButtonElement || control instanceof HTMLSelectElement) control.disabled = true
  try {
    const result = await action()
    clearBanner(source)
    return result
  } catch (error) {
    showError(error instanceof ApiError ? error : { tag: "Unknown", message: String(error) }, source)
    return undefined
  } finally {
    control?.removeAttribute("aria-busy")
    if (control instanceof HTMLButtonElement || control instanceof HTMLSelectElement) control.disabled = false
  }
}
