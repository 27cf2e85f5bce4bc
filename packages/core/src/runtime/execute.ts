/**
 * `execute`: the one function every generated operation calls. It encodes the args, builds and
 * sends the request with auth and default headers, applies the per-attempt timeout and the retry
 * policy, and maps the response to the success type or the error family.
 *
 * Every call pays for this code, so it stays flat: per-operation constants come from
 * {@link prepare}, synchronous steps are plain functions, and the only effects are the ones that
 * need the fiber (the client service, logging, the exchange, timeout, retry and the span).
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as LogLevel from "effect/LogLevel"
import * as Predicate from "effect/Predicate"
import * as References from "effect/References"
import * as Result from "effect/Result"
import * as Tracer from "effect/Tracer"
import { type CallPolicy, callHeadersProblem, resolveCallPolicy } from "./callPolicy.ts"
import { UltraCartClient, type UltraCartClientService } from "./client.ts"
import { InvalidRequest, Timeout, type UltraCartError } from "./errors.ts"
import type { CallOptions, OperationDefinition } from "./operation.ts"
import { type CodecStep, type PreparedOperation, prepare } from "./prepared.ts"
import { isPriority, type Priority, rateLimitSignal } from "./rateLimit.ts"
import { buildProblem, buildRequestParts, type RequestParts } from "./request.ts"
import {
  type CallSite,
  decodeSuccess,
  errorHeaderName,
  type ReceivedResponse,
  statusError
} from "./response.ts"
import { withRetry } from "./retry.ts"
import { scrubError } from "./scrub.ts"
import { nativeTracer, sendOnce, unsendableCredential } from "./transport.ts"

const invalid = (site: CallSite, detail: string) =>
  new InvalidRequest({
    message: `${site.operationId} (${site.method} ${site.path}): invalid arguments: ${detail}`,
    ...site,
    detail
  })

/** The request's debug line; skipped before any allocation when Debug is below the minimum level. */
const logRequest = (site: CallSite): Effect.Effect<void> =>
  Effect.withFiber((fiber) =>
    LogLevel.isGreaterThan(fiber.getRef(References.MinimumLogLevel), "Debug")
      ? Effect.void
      : Effect.logDebug("UltraCart request").pipe(Effect.annotateLogs({ ...site }))
  )

/** Encodes the args and builds the request parts, or says why they cannot be sent. */
const requestParts = (
  definition: OperationDefinition<unknown, unknown>,
  encodeArgs: CodecStep<unknown>,
  args: unknown
): Result.Result<RequestParts, string> => {
  const encoded = encodeArgs(args)
  if (Result.isFailure(encoded)) return Result.fail(encoded.failure)
  if (!Predicate.isObject(encoded.success) || Array.isArray(encoded.success)) {
    return Result.fail("arguments must encode to an object")
  }
  const parts = buildRequestParts(definition, encoded.success as Readonly<Record<string, unknown>>)
  const problem = buildProblem(parts)
  return problem === undefined ? Result.succeed(parts as RequestParts) : Result.fail(problem)
}

const timeoutError = (site: CallSite, timeout: Duration.Duration) =>
  new Timeout({
    message: `${site.operationId} (${site.method} ${site.path}): no complete response within ${Duration.format(timeout)}`,
    ...site,
    timeoutMillis: Duration.toMillis(timeout)
  })

/** A response as the operation's result: success, or the status-mapped or decode error. */
const outcome = <Success>(
  client: UltraCartClientService,
  definition: OperationDefinition<unknown, Success>,
  prepared: PreparedOperation<Success>,
  response: ReceivedResponse
): Effect.Effect<Success, UltraCartError> => {
  if (response.status < 200 || response.status > 299) {
    const errorHeader = errorHeaderName(client.metadata)
    return Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.fail(statusError(prepared.site, definition.errors, response, errorHeader, now))
    )
  }
  // A void operation succeeds on any 2xx; its body, read or not, is never looked at.
  if (prepared.decodeSuccess === undefined) return Effect.succeed(undefined as Success)
  return decodeSuccess(prepared.site, prepared.decodeSuccess, response)
}

/**
 * One attempt: resolve the credential, wait for a slot of its scheduler (unless `rateLimit` is
 * "off"), send under the timeout (the body is read within it; the wait for a slot is not), then
 * map the status and decode. A 429 pauses the scheduler before the slot is given back. An error
 * made from the response is scrubbed of the credential, which a server may echo.
 */
const attempt = <Success>(
  client: UltraCartClientService,
  definition: OperationDefinition<unknown, Success>,
  prepared: PreparedOperation<Success>,
  parts: RequestParts,
  options: CallOptions | undefined,
  policy: CallPolicy,
  priority: Priority,
  traced: boolean
): Effect.Effect<Success, UltraCartError> =>
  Effect.flatMap(client.auth.value, (credential) => {
    const exchange = sendOnce(
      client,
      credential,
      definition.method,
      prepared.site,
      parts,
      options?.headers,
      policy.maxResponseBytes,
      { timeout: policy.timeout, onTimeout: () => timeoutError(prepared.site, policy.timeout) }
    ).pipe(
      (exchange) =>
        traced
          ? Effect.tap(exchange, (response) =>
              Effect.annotateCurrentSpan("http.response.status_code", response.status)
            )
          : exchange,
      Effect.flatMap((response) =>
        outcome(client, definition, prepared, response).pipe(
          Effect.mapError((error) => scrubError(error, response.secrets))
        )
      )
    )
    const scheduler = client.scheduling.schedulerFor(credential)
    if (scheduler === undefined) return exchange
    // A fixed credential was checked when the client was built; one from an Effect is checked
    // now, so a request that cannot be sent never takes (and is never counted in) a slot.
    if (client.auth.fixed === undefined) {
      const unsendable = unsendableCredential(client, credential, prepared.site)
      if (unsendable !== undefined) return Effect.fail(unsendable)
    }
    return scheduler.run(
      priority,
      Effect.tapError(exchange, (error) => {
        const signal = rateLimitSignal(error)
        return signal === undefined
          ? Effect.void
          : Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.sync(() => scheduler.pause(signal, now, Duration.toMillis(policy.retry.maxRetryAfter)))
            )
      })
    )
  })

/**
 * Sends one operation. Fails with InvalidRequest before any I/O when args do not encode, a call
 * option cannot be read or a header cannot be sent; then with the status-mapped error family.
 * With a tracer installed, runs inside a span named by the operationId whose attributes never
 * include credentials or argument values.
 */
export const execute = <Args, Success>(
  operation: OperationDefinition<Args, Success>,
  args: Args,
  options?: CallOptions
): Effect.Effect<Success, UltraCartError, UltraCartClient> => {
  const definition = operation as unknown as OperationDefinition<unknown, Success>
  const prepared = prepare(definition)
  const site = prepared.site
  const call = (traced: boolean) =>
    Effect.gen(function* () {
      const client = yield* UltraCartClient
      const parts = requestParts(definition, prepared.encodeArgs, args)
      if (Result.isFailure(parts)) return yield* Effect.fail(invalid(site, parts.failure))
      const policy = resolveCallPolicy(client, options)
      if (Result.isFailure(policy)) return yield* Effect.fail(invalid(site, policy.failure))
      const headerProblem = callHeadersProblem(options?.headers)
      if (headerProblem !== undefined) return yield* Effect.fail(invalid(site, headerProblem))
      const priority = options?.priority ?? "interactive"
      if (!isPriority(priority)) {
        return yield* Effect.fail(invalid(site, 'priority must be "interactive" or "background"'))
      }
      yield* logRequest(site)
      return yield* withRetry(
        attempt(client, definition, prepared, parts.success, options, policy.success, priority, traced),
        operation.retrySafe,
        policy.success.retry
      )
    })
  // The span is made only when a tracer is installed: Effect's built-in one exports nothing, so
  // its span would be seen by no one (and costs about 9 µs a call). Data-first on purpose: effect
  // 4.1's piped `withSpan(name, options)` reads the options from the wrong argument when deciding
  // whether to capture a stack, and so always captures one.
  return Effect.withFiber((fiber) =>
    fiber.getRef(Tracer.Tracer) === nativeTracer
      ? call(false)
      : Effect.withSpan(call(true), site.operationId, prepared.spanOptions)
  )
}
