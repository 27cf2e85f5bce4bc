/**
 * The page's only way to the app server (/api/*, same origin: its session cookie goes along).
 * Every state-changing request carries `Content-Type: application/json` (uploads their file's
 * type), which the server's same-origin checks require.
 */
import type { BrowserError, ErrorWire } from "../wire.ts"

/** An error the app server reported, with UltraCart's error tag when there is one. */
export class ApiError extends Error {
  readonly status: number
  readonly tag: string
  readonly retryAfterSeconds: number | undefined
  constructor(status: number, error: Partial<BrowserError> | undefined) {
    super(error?.message ?? `Request failed with status ${status}`)
    this.status = status
    this.tag = error?.tag ?? "Unknown"
    this.retryAfterSeconds = error?.retryAfterSeconds
  }
}

/** Any failure as an ApiError (a thrown TypeError becomes "Unknown"). */
export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, { tag: "Unknown", message: String(error) })

export interface ApiInit {
  readonly method?: "GET" | "POST" | "PUT" | "DELETE"
  /** A JSON body; state-changing requests without one send `{}`. */
  readonly json?: unknown
  /** A raw body (uploads) and its content type. */
  readonly raw?: { readonly body: Blob; readonly contentType: string }
  readonly signal?: AbortSignal
}

export const api = async <T>(path: string, init: ApiInit = {}): Promise<T> => {
  const method = init.method ?? "GET"
  const headers: Record<string, string> = { accept: "application/json" }
  // Marks a state-changing request as the page's own (the server's same-origin check accepts it).
  if (method !== "GET") headers["x-console-request"] = "1"
  let body: BodyInit | undefined
  if (init.raw !== undefined) {
    headers["content-type"] = init.raw.contentType
    body = init.raw.body
  } else if (method !== "GET") {
    headers["content-type"] = "application/json"
    body = JSON.stringify(init.json ?? {})
  }
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(body === undefined ? {} : { body }),
      ...(init.signal === undefined ? {} : { signal: init.signal })
    })
  } catch {
    throw new ApiError(0, { tag: "AppServerDown", message: "The console server is unreachable." })
  }
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === "" ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (!response.ok) throw new ApiError(response.status, (parsed as ErrorWire | undefined)?.error)
  return parsed as T
}

export const path = (strings: TemplateStringsArray, ...values: ReadonlyArray<string>): string =>
  strings.reduce(
    (out, part, index) => out + part + (index < values.length ? encodeURIComponent(values[index] ?? "") : ""),
    ""
  )
