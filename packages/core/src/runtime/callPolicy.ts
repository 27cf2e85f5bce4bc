/**
 * The policy one call runs under: the client's retry policy, per-attempt timeout and response
 * size limit, overridden by the call's `CallOptions`, and the call's extra headers checked. All of
 * it is settled before the first byte is sent, so an unreadable option is an `InvalidRequest`
 * that is never retried.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import { resolveMaxResponseBytes } from "./body.ts"
import { describeHeaderProblem, firstHeaderProblem } from "./headerValues.ts"
import { type RetryOptions, type RetryPolicy, resolveRetryPolicy } from "./retry.ts"

/** The policy of one call. The client's resolved configuration is one too. */
export interface CallPolicy {
  readonly retry: RetryPolicy
  /** Per-attempt timeout. */
  readonly timeout: Duration.Duration
  /** Longest response body read, in bytes. */
  readonly maxResponseBytes: number
}

/** The options that can override a {@link CallPolicy} (client options and `CallOptions` both have them). */
export interface CallPolicyOptions {
  readonly retry?: RetryOptions | false
  readonly timeout?: Duration.Input
  readonly maxResponseBytes?: number
}

/**
 * Overlays `options` on `base`. Fails with a description instead of throwing when an option cannot
 * be read (a duration that does not parse, a non-numeric retry count, a size that is not a whole
 * number of bytes, an infinite `maxRetryAfter`).
 */
export const resolveCallPolicy = (
  base: CallPolicy,
  options: CallPolicyOptions | undefined
): Result.Result<CallPolicy, string> => {
  // The common call passes no options: the client's own policy object is reused as it is.
  if (
    options?.retry === undefined &&
    options?.timeout === undefined &&
    options?.maxResponseBytes === undefined
  ) {
    return Result.succeed(base)
  }
  try {
    return Result.succeed({
      retry: resolveRetryPolicy(base.retry, options.retry),
      timeout: options.timeout === undefined ? base.timeout : Duration.fromInputUnsafe(options.timeout),
      maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes, base.maxResponseBytes)
    })
  } catch (cause) {
    return Result.fail(`unreadable option: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/**
 * Why a call's extra headers cannot be sent (a CR or LF in a value, a bad name), or undefined.
 * Checked before any I/O: such a value would otherwise reach the transport, come back as a
 * transport error quoting it, and be retried.
 */
export const callHeadersProblem = (
  headers: Readonly<Record<string, string>> | undefined
): string | undefined => {
  const problem = headers === undefined ? undefined : firstHeaderProblem(headers)
  return problem === undefined ? undefined : `headers option: ${describeHeaderProblem(problem)}`
}
