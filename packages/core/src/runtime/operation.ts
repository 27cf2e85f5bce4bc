/**
 * The data shapes generated code emits: one {@link OperationDefinition} per operation and one
 * {@link ApiMetadata} per document. Plain data plus schemas; no policy.
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import type * as Schema from "effect/Schema"
import type { Priority } from "./rateLimit.ts"
import type { RetryOptions } from "./retry.ts"

/** HTTP methods an operation may use. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS"

/** One declared parameter. `name` is the wire name AND the key in the args object. */
export interface ParameterDefinition {
  readonly name: string
  readonly in: "path" | "query" | "header"
  readonly required: boolean
  /** Query arrays: form style; explode=true repeats the key, false joins with commas. */
  readonly explode: boolean
}

/** Everything the runtime needs to send one operation. Plain data plus schemas. */
export interface OperationDefinition<Args, Success> {
  readonly operationId: string
  readonly method: HttpMethod
  /** Template with {name} placeholders, relative to the base URL, e.g. "/conversation/conversations/{conversation_uuid}". */
  readonly pathTemplate: string
  readonly parameters: ReadonlyArray<ParameterDefinition>
  /** Present when the operation has a request body; the body is args.body. */
  readonly requestBody: { readonly contentType: string; readonly required: boolean } | undefined
  /** Validates and encodes the whole args object before anything is sent. */
  readonly args: Schema.Codec<Args, unknown>
  /** Decodes a 2xx body. undefined = void operation: any 2xx succeeds, the body is ignored. */
  readonly success: Schema.Codec<Success, unknown> | undefined
  /** Declared error bodies keyed by status ("400", "429", "4XX", "default"). */
  readonly errors: { readonly [status: string]: Schema.Top }
  /** From x-uc-retry-safe (default: true for GET/HEAD/OPTIONS/PUT/DELETE, false for POST/PATCH). */
  readonly retrySafe: boolean
  /** OAuth2 scopes from the operation's security requirement. */
  readonly scopes: ReadonlyArray<string>
  /** Tags, summary and description, for logs, spans and api.md. */
  readonly summary: string | undefined
}

/** Per-call overrides of the client's policy. */
export interface CallOptions {
  /** Retry settings for this call; `false` disables retries. */
  readonly retry?: RetryOptions | false
  /** Per-attempt timeout for this call. */
  readonly timeout?: Duration.Input
  /**
   * Longest response body this call reads, in bytes; a longer one fails with ResponseTooLarge.
   * Default: the client's `maxResponseBytes`.
   */
  readonly maxResponseBytes?: number
  /**
   * Extra request headers for this call. They cannot replace the credential or `Accept-Encoding`;
   * a value with CR, LF or another control character fails the call with InvalidRequest before
   * any I/O.
   */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * How the credential's scheduler treats this call: `interactive` (default; a person is waiting)
   * or `background` (a poll: yields to interactive calls, and waits first when the budget runs
   * low). The helpers `messagesSince`, `conversations` and `keepAlive` default to `background`.
   */
  readonly priority?: Priority
}

/** Document-level metadata type emitted into metadata.gen.ts. */
export interface ApiMetadata {
  readonly title: string
  readonly version: string
  readonly defaultBaseUrl: string
  /** From the document's x-uc-default-headers, e.g. X-UltraCart-Api-Version. */
  readonly defaultHeaders: Readonly<Record<string, string>>
  /** Names of the headers that carry a readable error message (x-uc-error-header). */
  readonly errorMessageHeader: string | undefined
}
