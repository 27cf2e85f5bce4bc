/**
 * One HTTP exchange, for operations and presigned uploads alike: sends a request once through the
 * configured HttpClient and reads its body under the size limit, with
 *
 * - redirects reported instead of followed (fetch would carry the credential, or an upload's
 *   bytes, to wherever a 3xx points);
 * - the credential header redacted wherever Effect prints or traces headers;
 * - no per-attempt span or trace headers when no tracer is installed;
 * - `Accept-Encoding: identity` (body.ts says why);
 * - the request cancelled, so its connection closes, whenever the exchange ends before the body
 *   did (size limit, unread encoded body, timeout, interruption; see body.ts);
 * - the platform's error text scrubbed of the exchange's secrets before it is kept.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import {
  FetchHttpClient,
  Headers,
  HttpClient,
  type HttpClientError,
  HttpClientRequest,
  type HttpClientResponse
} from "effect/http"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import { type BodyRead, identityEncoding, readBody, readFetchBody } from "./body.ts"
import type { UltraCartClientService } from "./client.ts"
import { credentialIn, simpleKeyHeader } from "./config.ts"
import { type DirectFetch, directFetchOf } from "./directFetch.ts"
import { InvalidRequest, Transport } from "./errors.ts"
import { credentialProblem } from "./headerValues.ts"
import { memoizeByIdentity } from "./memo.ts"
import type { HttpMethod } from "./operation.ts"
import type { RequestParts } from "./request.ts"
import type { CallSite, ReceivedResponse } from "./response.ts"
import { scrubText } from "./scrub.ts"
import { failAfter, MAX_TIMER_MILLIS } from "./timeout.ts"

/**
 * fetch follows redirects by itself and would carry `x-ultracart-simple-key` (or an upload's bytes)
 * to wherever a 3xx points. The API never redirects, so a redirect is reported (UnexpectedStatus)
 * instead of followed. undici's `request` never follows them. Other RequestInit settings the
 * application provided are kept.
 */
const manualRedirects: globalThis.RequestInit = { redirect: "manual" }

/** The application's RequestInit with redirects off (derived once per RequestInit object). */
const withManualRedirects = memoizeByIdentity(
  (init: globalThis.RequestInit): globalThis.RequestInit => ({ ...init, redirect: "manual" })
)

/**
 * The header names rendered as <redacted> wherever Effect prints or traces headers: the
 * application's list plus the simple-key header (Effect's default list has `authorization`).
 * Derived once per list object.
 */
const withCredentialRedacted = memoizeByIdentity(
  (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> =>
    names.includes(simpleKeyHeader) ? names : [...names, simpleKeyHeader]
)

/** Effect's built-in tracer: it keeps spans in memory and exports nothing. */
export const nativeTracer = Context.get(Context.empty(), Tracer.Tracer)
const always = () => true

/**
 * Runs `effect` with manual redirects and the credential header redacted, in one context update.
 *
 * With no tracer installed, HttpClient's own per-attempt span and its b3/traceparent headers
 * are switched off: nothing can observe that span (it never reaches user code, and the native
 * tracer exports nothing), and propagating a trace nobody records only adds bytes. They cost
 * about a fifth of a request's client CPU (bench/RESULTS.md). Install a tracer and both return.
 * The operation's own span is made only when a tracer is installed too (execute.ts).
 */
const withTransportSettings = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.updateContext(effect, (context: Context.Context<R>) => {
    const services = context as Context.Context<never>
    const names = Context.get(services, Headers.CurrentRedactedNames)
    const init = Context.getOrUndefined(services, FetchHttpClient.RequestInit)
    let updated = Context.add(
      Context.add(context, Headers.CurrentRedactedNames, withCredentialRedacted(names)),
      FetchHttpClient.RequestInit,
      init === undefined ? manualRedirects : withManualRedirects(init)
    )
    if (Context.get(services, Tracer.Tracer) === nativeTracer) {
      updated = Context.add(updated, HttpClient.TracerDisabledWhen, always)
    }
    return updated
  })

/**
 * One decoder for every body: `response.text` on the undici transport constructs a TextDecoder
 * per response. A decode call without `stream` keeps no state between bodies, so sharing is safe.
 */
const utf8 = new TextDecoder()

/** A short description of a transport cause: its message only, never the request object. */
const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : ""
    return `${cause.message}${inner}`
  }
  return cause === undefined ? "unknown cause" : String(cause)
}

/** What the platform said, scrubbed of the exchange's secrets (it may quote header values). */
const platformText = (error: HttpClientError.HttpClientError, secrets: ReadonlyArray<string>): string =>
  scrubText(`${error.reason._tag}: ${describe(error.reason.cause)}`, secrets)

/** The same text for the direct-fetch path, named as Effect's HttpClient would name the failure. */
const directText = (
  reason: "TransportError" | "DecodeError",
  cause: unknown,
  secrets: ReadonlyArray<string>
) => scrubText(`${reason}: ${describe(cause)}`, secrets)

const transportError = (site: CallSite, detail: string) =>
  new Transport({
    message: `${site.operationId} (${site.method} ${site.path}): no response: ${detail}`,
    ...site,
    detail
  })

/** The response as the mapping needs it: status, headers, and the body's text or why it is unread. */
const received = (
  response: HttpClientResponse.HttpClientResponse,
  body: BodyRead,
  secrets: ReadonlyArray<string>
): ReceivedResponse =>
  body._tag === "Read"
    ? { status: response.status, headers: response.headers, text: utf8.decode(body.bytes), secrets }
    : { status: response.status, headers: response.headers, text: "", unread: body, secrets }

/** How one exchange is bounded and what its errors must not contain. */
export interface ExchangeLimits {
  /** Longest body read, in bytes. */
  readonly maxResponseBytes: number
  /** Values scrubbed from any platform text kept in an error (the credential; a URL's signature). */
  readonly secrets: ReadonlyArray<string>
}

/**
 * Sends `request` once and reads its body under `limits.maxResponseBytes`, so a caller's timeout
 * covers slow and endless bodies too. Fails only with Transport (no response, or the body broke
 * off); a body that is too large or encoded comes back unread for the caller to judge.
 */
export const exchange = (
  http: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  site: CallSite,
  limits: ExchangeLimits
): Effect.Effect<ReceivedResponse, Transport> =>
  http.execute(HttpClientRequest.setHeader(request, identityEncoding.name, identityEncoding.value)).pipe(
    Effect.mapError((error) => transportError(site, platformText(error, limits.secrets))),
    Effect.flatMap((response) =>
      readBody(response, limits.maxResponseBytes).pipe(
        Effect.mapError((error) =>
          transportError(site, `reading the body failed: ${platformText(error, limits.secrets)}`)
        ),
        Effect.map((body) => received(response, body, limits.secrets))
      )
    ),
    withTransportSettings
  )

/** What the credential check reports; the value itself never appears. */
const invalidCredential = (site: CallSite, problem: string) =>
  new InvalidRequest({
    message: `${site.operationId} (${site.method} ${site.path}): the credential ${problem}`,
    ...site,
    detail: `credential ${problem}`
  })

/**
 * Why `credential` (a header value resolved from `client.auth`) cannot be sent, as the
 * InvalidRequest the call fails with, or undefined. Checked before a request takes a slot of
 * the scheduler, and again by {@link sendOnce}.
 */
export const unsendableCredential = (
  client: UltraCartClientService,
  credential: Redacted.Redacted<string>,
  site: CallSite
): InvalidRequest | undefined => {
  const problem = credentialProblem(credentialIn(client.auth, Redacted.value(credential)))
  return problem === undefined ? undefined : invalidCredential(site, problem)
}

/** The per-attempt timeout: how long the exchange (body included) may take, and what it fails with. */
export interface Deadline<E> {
  readonly timeout: Duration.Duration
  readonly onTimeout: () => E
}

/**
 * Sends an operation's request once with `credential`, the header value the caller resolved from
 * `client.auth` (a fixed one was checked when the client was built; one from an Effect is checked
 * here, before any I/O): builds the request with the client's, the operation's and the call's
 * headers and the credential last, and runs the {@link exchange} with the credential as the secret
 * to scrub.
 */
export const sendOnce = <E>(
  client: UltraCartClientService,
  credential: Redacted.Redacted<string>,
  method: HttpMethod,
  site: CallSite,
  parts: RequestParts,
  callHeaders: Readonly<Record<string, string>> | undefined,
  maxResponseBytes: number,
  deadline: Deadline<E>
): Effect.Effect<ReceivedResponse, Transport | InvalidRequest | E> => {
  const headerValue = Redacted.value(credential)
  const secret = credentialIn(client.auth, headerValue)
  const problem = credentialProblem(secret)
  if (problem !== undefined) return Effect.fail(invalidCredential(site, problem))
  const limits: ExchangeLimits = {
    maxResponseBytes,
    secrets: secret === headerValue ? [headerValue] : [headerValue, secret]
  }
  const viaHttpClient = () => {
    let request = HttpClientRequest.make(method)(`${client.baseUrl}${parts.path}`, {
      urlParams: parts.query,
      acceptJson: true
    }).pipe(
      HttpClientRequest.setHeaders(client.headers),
      HttpClientRequest.setHeaders(parts.headers),
      HttpClientRequest.setHeaders(callHeaders ?? {}),
      // The credential goes on last so no other header source can replace or leak it.
      HttpClientRequest.setHeader(client.auth.header, headerValue)
    )
    if (parts.body !== undefined) {
      request = HttpClientRequest.bodyText(request, parts.body.json, parts.body.contentType)
    }
    return failAfter(exchange(client.http, request, site, limits), deadline.timeout, deadline.onTimeout)
  }
  const direct = directFetchOf(client.http)
  if (direct === undefined) return viaHttpClient()
  return Effect.withFiber((fiber) => {
    // An installed tracer gets HttpClient's per-request span and trace headers, as on any client.
    if (fiber.getRef(Tracer.Tracer) !== nativeTracer) return viaHttpClient()
    const headers: Record<string, string> = { accept: "application/json" }
    const put = (source: Readonly<Record<string, string>>) => {
      for (const name in source) headers[name.toLowerCase()] = source[name] as string
    }
    put(client.headers)
    put(parts.headers)
    if (callHeaders !== undefined) put(callHeaders)
    if (parts.body !== undefined) headers["content-type"] = parts.body.contentType
    // The credential goes on last so no other header source can replace or leak it.
    headers[client.auth.header.toLowerCase()] = headerValue
    headers[identityEncoding.name] = identityEncoding.value
    const query =
      parts.query.length === 0 ? "" : `?${new URLSearchParams(parts.query as Array<[string, string]>)}`
    return directExchange(
      direct,
      fiber.context,
      `${client.baseUrl}${parts.path}${query}`,
      method,
      headers,
      parts.body?.json,
      site,
      limits,
      deadline
    )
  })
}

/** How a direct fetch ended: with a response whose body was dealt with, or why not. */
type DirectOutcome =
  | { readonly _tag: "Received"; readonly response: ReceivedResponse }
  | { readonly _tag: "NoResponse"; readonly cause: unknown }
  | { readonly _tag: "BodyFailed"; readonly cause: unknown }

const responseHeaders = (response: globalThis.Response): Record<string, string> => {
  const record: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    record[name] = value
  })
  return record
}

const directFetch = async (
  fetch: typeof globalThis.fetch,
  url: string,
  init: globalThis.RequestInit,
  limits: ExchangeLimits,
  signal: AbortSignal
): Promise<DirectOutcome> => {
  let response: globalThis.Response
  try {
    response = await fetch(url, init)
  } catch (cause) {
    return { _tag: "NoResponse", cause }
  }
  const headers = responseHeaders(response)
  try {
    const body = await readFetchBody(response, headers, limits.maxResponseBytes, signal)
    return {
      _tag: "Received",
      response:
        body._tag === "Read"
          ? { status: response.status, headers, text: utf8.decode(body.bytes), secrets: limits.secrets }
          : { status: response.status, headers, text: "", unread: body, secrets: limits.secrets }
    }
  } catch (cause) {
    return { _tag: "BodyFailed", cause }
  }
}

/** The RequestInit headers of the application, under the request's own (which win). */
const withInitHeaders = (
  init: globalThis.RequestInit | undefined,
  headers: Record<string, string>
): Record<string, string> => {
  if (init?.headers === undefined) return headers
  const merged: Record<string, string> = {}
  new globalThis.Headers(init.headers).forEach((value, name) => {
    merged[name] = value
  })
  return Object.assign(merged, headers)
}

/**
 * The exchange on the direct-fetch path: one `fetch` with the application's RequestInit (from
 * the call's context, else the layer's), redirects manual, and an AbortController aborted when
 * the fiber is interrupted or the deadline passes, which cancels the request, the body read and
 * the connection. The deadline is a platform timer armed beside the fetch (as `failAfter` does,
 * without its child fiber), cleared the moment the exchange ends.
 */
const directExchange = <E>(
  direct: DirectFetch,
  context: Context.Context<never>,
  url: string,
  method: HttpMethod,
  headers: Record<string, string>,
  body: string | undefined,
  site: CallSite,
  limits: ExchangeLimits,
  deadline: Deadline<E>
): Effect.Effect<ReceivedResponse, Transport | E> => {
  const millis = Duration.toMillis(deadline.timeout)
  const fetch =
    Context.getOrUndefined(context, FetchHttpClient.Fetch) ??
    Context.getOrUndefined(direct.context, FetchHttpClient.Fetch) ??
    globalThis.fetch
  const init =
    Context.getOrUndefined(context, FetchHttpClient.RequestInit) ??
    Context.getOrUndefined(direct.context, FetchHttpClient.RequestInit)
  return Effect.callback<ReceivedResponse, Transport | E>((resume) => {
    const controller = new AbortController()
    const timer = Number.isFinite(millis)
      ? setTimeout(
          () => {
            controller.abort()
            resume(Effect.fail(deadline.onTimeout()))
          },
          Math.min(millis, MAX_TIMER_MILLIS)
        )
      : undefined
    const requestInit: globalThis.RequestInit = {
      ...init,
      redirect: "manual",
      method,
      headers: withInitHeaders(init, headers),
      signal: controller.signal
    }
    if (body !== undefined) requestInit.body = body
    directFetch(fetch, url, requestInit, limits, controller.signal).then((outcome) => {
      if (timer !== undefined) clearTimeout(timer)
      switch (outcome._tag) {
        case "Received":
          return resume(Effect.succeed(outcome.response))
        case "NoResponse":
          return resume(
            Effect.fail(transportError(site, directText("TransportError", outcome.cause, limits.secrets)))
          )
        case "BodyFailed":
          return resume(
            Effect.fail(
              transportError(
                site,
                `reading the body failed: ${directText("DecodeError", outcome.cause, limits.secrets)}`
              )
            )
          )
      }
    })
    return Effect.sync(() => {
      if (timer !== undefined) clearTimeout(timer)
      controller.abort()
    })
  })
}
