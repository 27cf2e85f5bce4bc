/**
 * `execute`: the one function every generated operation calls. It encodes the args, builds and
 * sends the request with auth and default headers, applies the per-attempt timeout and the retry
 * policy, and maps the response to the success type or the error family.
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { FetchHttpClient, Headers, HttpClientRequest } from "effect/http"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { encodeArgs } from "./args.ts"
import { UltraCartClient, type UltraCartClientService } from "./client.ts"
import { simpleKeyHeader } from "./config.ts"
import { InvalidRequest, Timeout, Transport, type UltraCartError } from "./errors.ts"
import type { CallOptions, HttpMethod, OperationDefinition } from "./operation.ts"
import { buildProblem, buildRequestParts, type RequestParts } from "./request.ts"
import { type CallSite, decodeSuccess, type ReceivedResponse, statusError } from "./response.ts"
import { resolveCallPolicy, withRetry } from "./retry.ts"

/**
 * Header names rendered as <redacted> wherever Effect prints or traces headers: the application's
 * list plus the simple-key header (Effect's default list already has `authorization`).
 */
const withCredentialRedacted = Effect.gen(function* () {
  const names = yield* Headers.CurrentRedactedNames
  return names.includes(simpleKeyHeader) ? names : [...names, simpleKeyHeader]
})

const invalid = (site: CallSite, detail: string) =>
  new InvalidRequest({
    message: `${site.operationId} (${site.method} ${site.path}): invalid arguments: ${detail}`,
    method: site.method,
    path: site.path,
    operationId: site.operationId,
    detail
  })

/** Sends the request once and reads the whole body, so the timeout covers slow bodies too. */
const sendOnce = (
  client: UltraCartClientService,
  method: HttpMethod,
  site: CallSite,
  parts: RequestParts,
  callHeaders: Readonly<Record<string, string>>
): Effect.Effect<ReceivedResponse, Transport> =>
  Effect.gen(function* () {
    const credential = yield* client.auth.value
    let request = HttpClientRequest.make(method)(`${client.baseUrl}${parts.path}`, {
      urlParams: parts.query,
      acceptJson: true
    }).pipe(
      HttpClientRequest.setHeaders(client.headers),
      HttpClientRequest.setHeaders(parts.headers),
      HttpClientRequest.setHeaders(callHeaders),
      // The credential goes on last so no other header source can replace or leak it.
      HttpClientRequest.setHeader(client.auth.header, Redacted.value(credential))
    )
    if (parts.body !== undefined) {
      request = HttpClientRequest.bodyText(request, parts.body.json, parts.body.contentType)
    }
    const transport = (detail: string) =>
      new Transport({
        message: `${site.operationId} (${site.method} ${site.path}): no response: ${detail}`,
        method: site.method,
        path: site.path,
        operationId: site.operationId,
        detail
      })
    const response = yield* client.http.execute(request).pipe(
      Effect.provideServiceEffect(FetchHttpClient.RequestInit, withoutRedirects),
      Effect.mapError((error) => transport(`${error.reason._tag}: ${describe(error.reason.cause)}`))
    )
    const text = yield* response.text.pipe(
      Effect.mapError((error) => transport(`reading the body failed: ${describe(error.reason.cause)}`))
    )
    return { status: response.status, headers: response.headers, text }
  }).pipe(Effect.provideServiceEffect(Headers.CurrentRedactedNames, withCredentialRedacted))

/**
 * fetch follows redirects by itself and would carry `x-ultracart-simple-key` to wherever a 3xx
 * points. The API never redirects, so a redirect is reported (UnexpectedStatus) instead of followed.
 * Other RequestInit settings the application provided are kept.
 */
const withoutRedirects = Effect.map(
  Effect.serviceOption(FetchHttpClient.RequestInit),
  (init): globalThis.RequestInit => ({ ...Option.getOrElse(init, () => ({})), redirect: "manual" })
)

/** A short description of a transport cause: its message only, never the request object. */
const describe = (cause: unknown): string => {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : ""
    return `${cause.message}${inner}`
  }
  return cause === undefined ? "unknown cause" : String(cause)
}

/** One attempt: send under the timeout, then map the status and decode. */
const attempt = <Success>(
  client: UltraCartClientService,
  definition: OperationDefinition<unknown, Success>,
  site: CallSite,
  parts: RequestParts,
  options: CallOptions | undefined,
  timeout: Duration.Duration
): Effect.Effect<Success, UltraCartError> =>
  Effect.gen(function* () {
    const response = yield* sendOnce(client, definition.method, site, parts, options?.headers ?? {}).pipe(
      Effect.timeoutOrElse({
        duration: timeout,
        orElse: () =>
          Effect.fail(
            new Timeout({
              message: `${site.operationId} (${site.method} ${site.path}): no complete response within ${Duration.format(timeout)}`,
              method: site.method,
              path: site.path,
              operationId: site.operationId,
              timeoutMillis: Duration.toMillis(timeout)
            })
          )
      })
    )
    yield* Effect.annotateCurrentSpan({ "http.response.status_code": response.status })
    if (response.status < 200 || response.status > 299) {
      const now = yield* Clock.currentTimeMillis
      const errorHeader = client.metadata.errorMessageHeader ?? "UC-REST-ERROR"
      return yield* Effect.fail(statusError(site, definition.errors, response, errorHeader, now))
    }
    if (definition.success === undefined) return undefined as Success
    return yield* decodeSuccess(site, definition.success, response)
  })

/**
 * Sends one operation. Fails with InvalidRequest before any I/O when args do not encode; then
 * with the status-mapped error family. Runs inside a span named by the operationId whose
 * attributes never include credentials or argument values.
 */
export const execute = <Args, Success>(
  operation: OperationDefinition<Args, Success>,
  args: Args,
  options?: CallOptions
): Effect.Effect<Success, UltraCartError, UltraCartClient> => {
  const definition = operation as unknown as OperationDefinition<unknown, Success>
  const site: CallSite = {
    operationId: operation.operationId,
    method: operation.method,
    path: operation.pathTemplate
  }
  return Effect.gen(function* () {
    const client = yield* UltraCartClient
    const encoded = yield* encodeArgs(operation.args, args).pipe(
      Effect.mapError((detail) => invalid(site, detail))
    )
    const parts = buildRequestParts(definition, encoded)
    const problem = buildProblem(parts)
    if (problem !== undefined) return yield* Effect.fail(invalid(site, problem))
    const { retry: policy, timeout } = yield* resolveCallPolicy(client, options).pipe(
      Effect.mapError((detail) => invalid(site, detail))
    )
    yield* Effect.logDebug("UltraCart request").pipe(
      Effect.annotateLogs({ operationId: site.operationId, method: site.method, path: site.path })
    )
    return yield* withRetry(
      attempt(client, definition, site, parts as RequestParts, options, timeout),
      operation.retrySafe,
      policy
    )
  }).pipe(
    Effect.withSpan(operation.operationId, {
      kind: "client",
      attributes: {
        "uc.operation_id": operation.operationId,
        "http.request.method": operation.method,
        "url.template": operation.pathTemplate,
        "uc.retry_safe": operation.retrySafe
      }
    })
  )
}
