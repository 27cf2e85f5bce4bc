/**
 * Everything about an operation that does not change from call to call, worked out once per
 * definition and cached: the names it reports, its span options, and its args encoder and body
 * decoder (compiled by Effect's schema JIT where the platform allows `new Function`).
 *
 * @module
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import { memoizeByIdentity } from "./memo.ts"
import type { OperationDefinition } from "./operation.ts"
import type { CallSite } from "./response.ts"

/** A synchronous codec step: the value, or the schema error's message. */
export type CodecStep<A> = (input: unknown) => Result.Result<A, string>

/** The per-definition constants `execute` needs on every call. */
export interface PreparedOperation<Success> {
  /** Also the span's name (site.operationId) and the request log's annotations. */
  readonly site: CallSite
  readonly spanOptions: {
    readonly kind: "client"
    readonly attributes: Readonly<Record<string, unknown>>
    /**
     * The stack captured here would point into `execute`, not at the application's call site, so
     * it tells a reader nothing and costs an `Error` allocation per call.
     */
    readonly captureStackTrace: false
  }
  readonly encodeArgs: CodecStep<unknown>
  /** undefined = void operation. */
  readonly decodeSuccess: CodecStep<Success> | undefined
}

const codecStep =
  <A>(run: (input: unknown) => Result.Result<A, Schema.SchemaError>): CodecStep<A> =>
  (input) =>
    Result.mapError(run(input), (error) => error.message)

/**
 * Generated models are plain data schemas (no services, no async transformations), so both
 * directions run synchronously. The JIT compiles a decoder lazily on its first use and keeps the
 * interpreter where compilation is refused (a CSP without `unsafe-eval`); failures fall back to
 * the interpreter for their detailed issue, so error messages are the same either way.
 */
const build = <Success>(definition: OperationDefinition<unknown, Success>): PreparedOperation<Success> => {
  const site: CallSite = {
    operationId: definition.operationId,
    method: definition.method,
    path: definition.pathTemplate
  }
  const args = definition.args as Schema.Codec<unknown, unknown>
  const success = definition.success
  if (success !== undefined) SchemaJITCompiler.enable(success.ast)
  return {
    site,
    spanOptions: {
      kind: "client",
      attributes: {
        "uc.operation_id": definition.operationId,
        "http.request.method": definition.method,
        "url.template": definition.pathTemplate,
        "uc.retry_safe": definition.retrySafe
      },
      captureStackTrace: false
    },
    encodeArgs: codecStep(Schema.encodeUnknownResult(args)),
    decodeSuccess: success === undefined ? undefined : codecStep(Schema.decodeUnknownResult(success))
  }
}

/** The prepared form of `definition`, built on first use. */
export const prepare = memoizeByIdentity(build) as <Success>(
  definition: OperationDefinition<unknown, Success>
) => PreparedOperation<Success>
