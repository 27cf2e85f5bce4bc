/**
 * One HTTP exchange: builds the request (auth last), sends it through the configured HttpClient
 * and reads the whole body, with the credential header redacted in anything Effect prints and
 * redirects reported instead of followed.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { FetchHttpClient, Headers, HttpClient, HttpClientRequest } from "effect/http"
import * as Redacted from "effect/Redacted"
import * as Tracer from "effect/Tracer"
import type { UltraCartClientService } from "./client.ts"
import { simpleKeyHeader } from "./config.ts"
import { Transport } from "./errors.ts"
import { memoizeByIdentity } from "./memo.ts"
import type { HttpMethod } from "./operation.ts"
import type { RequestParts } from "./request.ts"
import type { CallSite, ReceivedResponse } from "./response.ts"

/**
 * fetch follows redirects by itself and would carry `x-ultracart-simple-key` to wherever a 3xx
 * points. The API never redirects, so a redirect is reported (UnexpectedStatus) instead of
 * followed. Other RequestInit settings the application provided are kept.
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
const nativeTracer = Context.get(Context.empty(), Tracer.Tracer)
const always = () => true

/**
 * Runs `effect` with manual redirects and the credential header redacted, in one context update.
 *
 * With no tracer installed, HttpClient's own per-attempt span and its b3/traceparent headers
 * are switched off: nothing can observe that span (it never reaches user code, and the native
 * tracer exports nothing), and propagating a trace nobody records only adds bytes. They cost
 * about a fifth of a request's client CPU (bench/RESULTS.md). Install a tracer and both return.
 * The operation's own span is always made.
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

const transportError = (site: CallSite, detail: string) =>
  new Transport({
    message: `${site.operationId} (${site.method} ${site.path}): no response: ${detail}`,
    ...site,
    detail
  })

/** Sends the request once and reads the whole body, so a caller's timeout covers slow bodies too. */
export const sendOnce = (
  client: UltraCartClientService,
  method: HttpMethod,
  site: CallSite,
  parts: RequestParts,
  callHeaders: Readonly<Record<string, string>> | undefined
): Effect.Effect<ReceivedResponse, Transport> =>
  Effect.flatMap(client.auth.value, (credential) => {
    let request = HttpClientRequest.make(method)(`${client.baseUrl}${parts.path}`, {
      urlParams: parts.query,
      acceptJson: true
    }).pipe(
      HttpClientRequest.setHeaders(client.headers),
      HttpClientRequest.setHeaders(parts.headers),
      HttpClientRequest.setHeaders(callHeaders ?? {}),
      // The credential goes on last so no other header source can replace or leak it.
      HttpClientRequest.setHeader(client.auth.header, Redacted.value(credential))
    )
    if (parts.body !== undefined) {
      request = HttpClientRequest.bodyText(request, parts.body.json, parts.body.contentType)
    }
    return client.http.execute(request).pipe(
      Effect.mapError((error) =>
        transportError(site, `${error.reason._tag}: ${describe(error.reason.cause)}`)
      ),
      Effect.flatMap((response) =>
        Effect.map(response.arrayBuffer, (bytes) => ({
          status: response.status,
          headers: response.headers,
          text: utf8.decode(bytes)
        }))
      ),
      Effect.mapError((error) =>
        error instanceof Transport
          ? error
          : transportError(site, `reading the body failed: ${describe(error.reason.cause)}`)
      )
    )
  }).pipe(withTransportSettings)
