/**
 * One log line per upstream HTTP call (UltraCart or the presigned upload host), with its timing.
 * Only the method, the path and harmless query parameters are printed: credentials travel in
 * headers, which are never logged, and presigned URLs carry their signature in the query.
 *
 * @since 0.0.0
 */
import { Clock, Effect, Exit } from "effect"
import { HttpClient, type HttpClientRequest } from "effect/http"

/**
 * Where log lines go (stdout in the entries, an array in tests).
 *
 * @since 0.0.0
 */
export type LogLine = (line: string) => void

const sensitiveParam = /sig|signature|token|key|credential|auth|secret|policy|x-amz-/i

/**
 * The loggable form of a request URL: query values whose names look sensitive are masked.
 *
 * @since 0.0.0
 */
export const describeUrl = (url: string): string => {
  if (!URL.canParse(url)) return "<invalid url>"
  const parsed = new URL(url)
  const params = [...parsed.searchParams].map(([name, value]) =>
    sensitiveParam.test(name) ? `${name}=…` : `${name}=${value}`
  )
  return `${parsed.host}${parsed.pathname}${params.length > 0 ? `?${params.join("&")}` : ""}`
}

// urlParams stay apart from the URL until the request is sent; a Redacted value is never shown.
const describeRequest = (request: HttpClientRequest.HttpClientRequest): string => {
  const params = new URLSearchParams(
    request.urlParams.params.map(([name, value]) => [name, typeof value === "string" ? value : "…"])
  )
  const query = params.toString()
  return describeUrl(
    query === "" ? request.url : `${request.url}${request.url.includes("?") ? "&" : "?"}${query}`
  )
}

/**
 * Wraps a client so every call logs `upstream METHOD host/path -> status (N ms)`.
 *
 * @since 0.0.0
 */
export const withUpstreamLog = <E, R>(client: HttpClient.HttpClient.With<E, R>, log: LogLine) =>
  HttpClient.transform(client, (effect, request) =>
    Effect.gen(function* () {
      const started = yield* Clock.currentTimeMillis
      const exit = yield* Effect.exit(effect)
      const elapsed = (yield* Clock.currentTimeMillis) - started
      const outcome = Exit.isSuccess(exit)
        ? String(exit.value.status)
        : Exit.hasInterrupts(exit)
          ? "interrupted"
          : "failed"
      log(`upstream ${request.method} ${describeRequest(request)} -> ${outcome} (${elapsed} ms)`)
      return yield* exit
    })
  )
