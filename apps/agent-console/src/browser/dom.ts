/**
 * Small DOM and formatting helpers. Everything is rendered with textContent, never innerHTML,
 * because conversation data comes from customers.
 */

/** The element with this id; the page's markup (src/browser/index.html) defines every one used. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id)
  if (node === null) throw new Error(`#${id} is missing from the page`)
  return node as T
}

export interface ElOptions {
  readonly className?: string
  readonly text?: string
  readonly attrs?: Readonly<Record<string, string>>
}

export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElOptions = {},
  ...children: ReadonlyArray<Node | string | undefined>
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag)
  if (options.className) node.className = options.className
  if (options.text !== undefined) node.textContent = options.text
  for (const [key, value] of Object.entries(options.attrs ?? {})) node.setAttribute(key, value)
  node.append(...children.filter((child): child is Node | string => child !== undefined))
  return node
}

/** Sets text only when it changed (no needless layout or screen-reader chatter). */
export const setText = (node: Element, text: string): void => {
  if (node.textContent !== text) node.textContent = text
}

export const initials = (name: string | null | undefined): string => {
  const parts = String(name ?? "?")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  const first = parts[0] ?? "?"
  const last = parts[parts.length - 1] ?? ""
  return (parts.length > 1 ? (first[0] ?? "") + (last[0] ?? "") : first.slice(0, 2)).toUpperCase()
}

export const parseDate = (value: string | number | null | undefined): Date | undefined => {
  if (value === undefined || value === null || value === "") return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

export const relative = (value: string | number | null | undefined): string => {
  const date = parseDate(value)
  if (!date) return ""
  const seconds = Math.round((Date.now() - date.getTime()) / 1000)
  if (seconds < 45) return "just now"
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`
  if (seconds < 86400) return `${Math.round(seconds / 3600)}h ago`
  return date.toLocaleDateString(undefined, { month: "short", day: "numeric" })
}

/** A message time: the clock for today, the day and clock before that. */
export const stamp = (value: string | number | null | undefined): string => {
  const date = parseDate(value)
  if (!date) return ""
  const time = date.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" })
  if (date.toDateString() === new Date().toDateString()) return time
  return `${date.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`
}

export const fileName = (urlOrKey: string): string => {
  const path = urlOrKey.split("?")[0] ?? ""
  try {
    return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)) || urlOrKey
  } catch {
    return urlOrKey
  }
}

export const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export const mediumLabel = (medium: string | null | undefined): string =>
  medium === "websocket" ? "Webchat" : medium === "sms" ? "SMS" : (medium ?? "")

/** The URL when it is an absolute http(s) one, the only kind the page links to. */
export const safeHttpUrl = (value: string): string | undefined => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined
  } catch {
    return undefined
  }
}

/** A link that opens elsewhere without handing this page to it. */
export const externalLink = (href: string, text: string, className?: string): HTMLAnchorElement =>
  el("a", {
    text,
    attrs: { href, target: "_blank", rel: "noopener noreferrer", ...(className ? { class: className } : {}) }
  })

/** Text with its http(s) links made clickable (safe: only http and https, noopener). */
export const linkify = (text: string): ReadonlyArray<Node | string> => {
  const parts: Array<Node | string> = []
  const pattern = /https?:\/\/[^\s<>"']+/g
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const raw = match[0].replace(/[.,;:!?)]+$/, "")
    const href = safeHttpUrl(raw)
    if (href === undefined) continue
    parts.push(text.slice(last, match.index))
    parts.push(externalLink(href, raw))
    last = match.index + raw.length
  }
  parts.push(text.slice(last))
  return parts.filter((part) => part !== "")
}
