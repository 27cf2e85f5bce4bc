/**
 * Client configuration: what a user passes to `UltraCartClient.layer`, and its validation.
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { defaultMaxResponseBytes } from "./body.ts"
import { type CallPolicy, resolveCallPolicy } from "./callPolicy.ts"
import { UltraCartConfigError } from "./errors.ts"
import {
  credentialProblem,
  describeHeaderProblem,
  firstHeaderProblem,
  headerValueProblem
} from "./headerValues.ts"
import type { ApiMetadata } from "./operation.ts"
import { type RateLimit, resolveRateLimit } from "./rateLimit.ts"
import { defaultRetryPolicy, defaultTimeout, type RetryOptions } from "./retry.ts"
import { makeScheduling, type Scheduling } from "./scheduler.ts"
import { packageVersion } from "./version.ts"

/**
 * A credential: a fixed `Redacted` value, or an Effect that yields a fresh one for every request
 * (for OAuth tokens that a refresher keeps current). Keep it `Redacted` end to end. A fixed one is
 * checked when the client is built, one from an Effect before each request: visible ASCII only.
 */
export type Credential = Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>

/** Options of `UltraCartClient.layer`. Give exactly one of `simpleKey` and `oauthToken`. */
export interface UltraCartClientOptions {
  /** Base URL including `/rest/v2`. Default: the document's (https://secure.ultracart.com/rest/v2). Plain http only to loopback. */
  readonly baseUrl?: string | URL
  /**
   * Simple API key, sent as `x-ultracart-simple-key`. It must be one run of visible ASCII: a
   * space, a line break or another control character (a badly pasted key) fails the layer with a
   * UltraCartConfigError naming this option.
   */
  readonly simpleKey?: Credential
  /** OAuth access token, sent as `Authorization: Bearer …`. Checked like `simpleKey`. */
  readonly oauthToken?: Credential
  /**
   * Extra headers for every request (added after the document's default headers). A bad name or a
   * value with CR, LF or another control character fails the layer with an UltraCartConfigError.
   */
  readonly headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout (the body is read within it). Default 60 s. */
  readonly timeout?: Duration.Input
  /** Retry policy for retry-safe operations; `false` disables retries. Default: see retry.ts. */
  readonly retry?: RetryOptions | false
  /**
   * Longest response body read, in bytes; a longer one fails with ResponseTooLarge and its
   * connection is closed. Default 32 MiB (see body.ts for why); `CallOptions.maxResponseBytes`
   * overrides it per call.
   */
  readonly maxResponseBytes?: number
  /** `User-Agent` header. Default `uc-conversation-core/<version>`. */
  readonly userAgent?: string
  /**
   * The per-credential scheduler's limits (scheduler.ts): default UltraCart's published ones,
   * `{ maxConcurrent: 1, buckets: [{ limit: 1000, seconds: 3600 }, { limit: 10000, seconds: 86400 }] }`;
   * `"off"` sends every call at once (for accounts whose limits UltraCart raised). Nonsense fails
   * the layer with an UltraCartConfigError (`option: "rateLimit"`).
   */
  readonly rateLimit?: RateLimit
  /** Document metadata (base URL, default headers). Default: the generated ConversationApi metadata. */
  readonly metadata?: ApiMetadata
}

/** How a request carries its credential. */
export interface AuthScheme {
  /** Header name: `x-ultracart-simple-key` or `authorization`. */
  readonly header: string
  /** The header value, resolved per request. */
  readonly value: Effect.Effect<Redacted.Redacted<string>>
  /** The header value when the credential is fixed (not an Effect). */
  readonly fixed?: Redacted.Redacted<string>
}

/** A validated configuration; its `retry`, `timeout` and `maxResponseBytes` are every call's defaults. */
export interface ResolvedConfig extends CallPolicy {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string
  readonly auth: AuthScheme
  /** Default headers (document defaults + user headers + user agent), lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly metadata: ApiMetadata
  /** The credential's scheduler (shared process-wide by every client with the same credential). */
  readonly scheduling: Scheduling
}

/**
 * What to call each credential and the base URL in an UltraCartConfigError: the option names by default,
 * the environment variables when the values came from them (`UltraCartClient.layerConfig`).
 */
export interface ConfigNames {
  readonly simpleKey: string
  readonly oauthToken: string
  readonly baseUrl: string
}

/** The option names, for configuration passed in code. */
export const optionNames: ConfigNames = {
  simpleKey: "simpleKey",
  oauthToken: "oauthToken",
  baseUrl: "baseUrl"
}

/** Header that carries the simple key. */
export const simpleKeyHeader = "x-ultracart-simple-key"

/** The default user agent: `uc-conversation-core/<package.json version>` (stamped at build). */
export const defaultUserAgent = `uc-conversation-core/${packageVersion}`

/** Whether `hostname` (as URL.hostname gives it) is a loopback address. */
export const isLoopbackHost = (hostname: string): boolean => {
  const host = hostname.toLowerCase()
  if (host === "localhost" || host === "[::1]" || host === "::1") return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * Checks and normalises a base URL. https is required, except for loopback hosts, where plain
 * http is allowed so tests and the mock server work — a credential must never cross a network
 * in clear text.
 */
export const validateBaseUrl = (
  input: string | URL,
  option: string = optionNames.baseUrl
): Effect.Effect<string, UltraCartConfigError> => {
  const refuse = (message: string) => Effect.fail(new UltraCartConfigError({ message, option }))
  const text = String(input)
  if (!URL.canParse(text)) return refuse(`Base URL (${option}) is not a valid URL: ${text}`)
  const url = new URL(text)
  if (url.username !== "" || url.password !== "") {
    return refuse(`Base URL (${option}) must not contain credentials`)
  }
  if (url.search !== "" || url.hash !== "") {
    return refuse(`Base URL (${option}) must not contain a query or fragment`)
  }
  const problem = transportUrlProblem(url)
  return problem === undefined
    ? Effect.succeed(url.href.replace(/\/+$/, ""))
    : refuse(`Base URL (${option}): ${problem}`)
}

/**
 * Why `url` may not carry a request, or undefined: only http(s), and plain http only to loopback,
 * so nothing (a credential, an uploaded file) crosses a network in clear text. Used for the base
 * URL and for presigned upload URLs.
 */
export const transportUrlProblem = (url: URL): string | undefined => {
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return `plain http is refused for ${url.hostname}: use https (http is allowed only to loopback)`
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `only http(s) URLs are allowed, got ${url.protocol}`
  }
  return undefined
}

const asEffect = (credential: Credential): Effect.Effect<Redacted.Redacted<string>> =>
  Redacted.isRedacted(credential) ? Effect.succeed(credential) : credential

/**
 * Checks a fixed credential now, when the client is built: a key that cannot be a header value
 * would otherwise wait for the first request and fail there, differently on each transport. An
 * Effect credential yields its value per request and is checked then (see transport.ts).
 */
const checkCredential = (
  credential: Credential,
  option: string
): Effect.Effect<void, UltraCartConfigError> => {
  if (!Redacted.isRedacted(credential)) return Effect.void
  const problem = credentialProblem(Redacted.value(credential))
  return problem === undefined
    ? Effect.void
    : Effect.fail(new UltraCartConfigError({ message: `${option} ${problem}`, option }))
}

/** The header value resolveAuth sends for a bearer token. */
const bearerPrefix = "Bearer "

/**
 * The secret inside a credential header value: the token after `Bearer `, or the simple key. It
 * is what credential checks look at and what error text is scrubbed of (with the whole value).
 */
export const credentialIn = (auth: AuthScheme, headerValue: string): string =>
  auth.header === "authorization" && headerValue.startsWith(bearerPrefix)
    ? headerValue.slice(bearerPrefix.length)
    : headerValue

/** Picks the auth scheme; exactly one credential must be given, and a fixed one must be sendable. */
export const resolveAuth = (
  options: UltraCartClientOptions,
  names: ConfigNames = optionNames
): Effect.Effect<AuthScheme, UltraCartConfigError> => {
  const { simpleKey, oauthToken } = options
  if (simpleKey !== undefined && oauthToken !== undefined) {
    return Effect.fail(
      new UltraCartConfigError({ message: `Give either ${names.simpleKey} or ${names.oauthToken}, not both` })
    )
  }
  if (simpleKey !== undefined) {
    return Effect.as(checkCredential(simpleKey, names.simpleKey), {
      header: simpleKeyHeader,
      value: asEffect(simpleKey),
      ...(Redacted.isRedacted(simpleKey) ? { fixed: simpleKey } : {})
    })
  }
  if (oauthToken !== undefined) {
    const bearer = (token: Redacted.Redacted<string>) =>
      Redacted.make(`${bearerPrefix}${Redacted.value(token)}`)
    if (Redacted.isRedacted(oauthToken)) {
      const fixed = bearer(oauthToken)
      return Effect.as(checkCredential(oauthToken, names.oauthToken), {
        header: "authorization",
        value: Effect.succeed(fixed),
        fixed
      })
    }
    return Effect.as(checkCredential(oauthToken, names.oauthToken), {
      header: "authorization",
      value: Effect.map(oauthToken, bearer)
    })
  }
  return Effect.fail(
    new UltraCartConfigError({
      message: "No credential: set simpleKey or oauthToken (ULTRACART_SIMPLE_KEY / ULTRACART_OAUTH_TOKEN)"
    })
  )
}

/** The first header option that cannot be sent, as an UltraCartConfigError naming it, or undefined. */
const headerOptionsProblem = (
  headers: Readonly<Record<string, string>>,
  userAgent: string | undefined
): UltraCartConfigError | undefined => {
  const header = firstHeaderProblem(headers)
  if (header !== undefined) {
    return new UltraCartConfigError({
      message: `headers option: ${describeHeaderProblem(header)}`,
      option: `headers.${header.name}`
    })
  }
  const problem = userAgent === undefined ? undefined : headerValueProblem(userAgent)
  return problem === undefined
    ? undefined
    : new UltraCartConfigError({ message: `userAgent ${problem}`, option: "userAgent" })
}

const lowerCaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

/** The policy a client has when its options set none. */
const clientDefaults: CallPolicy = {
  retry: defaultRetryPolicy,
  timeout: defaultTimeout,
  maxResponseBytes: defaultMaxResponseBytes
}

/** Validates options against the document metadata and fills in the defaults. */
export const resolveConfig = (
  options: UltraCartClientOptions,
  defaultMetadata: ApiMetadata,
  names: ConfigNames = optionNames
): Effect.Effect<ResolvedConfig, UltraCartConfigError> =>
  Effect.gen(function* () {
    const metadata = options.metadata ?? defaultMetadata
    const baseUrl = yield* validateBaseUrl(options.baseUrl ?? metadata.defaultBaseUrl, names.baseUrl)
    const auth = yield* resolveAuth(options, names)
    const policy = resolveCallPolicy(clientDefaults, options)
    if (Result.isFailure(policy)) return yield* new UltraCartConfigError({ message: policy.failure })
    const rateLimit = resolveRateLimit(options.rateLimit)
    if (Result.isFailure(rateLimit)) {
      return yield* new UltraCartConfigError({ message: rateLimit.failure, option: "rateLimit" })
    }
    const headerProblem = headerOptionsProblem(options.headers ?? {}, options.userAgent)
    if (headerProblem !== undefined) return yield* headerProblem
    const headers: Record<string, string> = {
      ...lowerCaseKeys(metadata.defaultHeaders),
      ...lowerCaseKeys(options.headers ?? {}),
      "user-agent": options.userAgent ?? defaultUserAgent
    }
    if (
      headers[auth.header] !== undefined ||
      headers[simpleKeyHeader] !== undefined ||
      headers.authorization !== undefined
    ) {
      return yield* new UltraCartConfigError({
        message: "Pass credentials as simpleKey/oauthToken, not as headers"
      })
    }
    return {
      baseUrl,
      auth,
      headers,
      timeout: policy.success.timeout,
      retry: policy.success.retry,
      maxResponseBytes: policy.success.maxResponseBytes,
      metadata,
      // Last: only a configuration that is usable joins (or creates) a process-wide scheduler.
      scheduling: makeScheduling(baseUrl, rateLimit.success, auth.fixed)
    }
  })
