/**
 * Client configuration: what a user passes to `UltraCartClient.layer`, and its validation.
 *
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { ConfigError } from "./errors.ts"
import type { ApiMetadata } from "./operation.ts"
import {
  defaultRetryPolicy,
  defaultTimeout,
  type RetryOptions,
  type RetryPolicy,
  resolveCallPolicy
} from "./retry.ts"

/**
 * A credential: a fixed `Redacted` value, or an Effect that yields a fresh one for every request
 * (for OAuth tokens that a refresher keeps current). Keep it `Redacted` end to end.
 */
export type Credential = Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>

/** Options of `UltraCartClient.layer`. Give exactly one of `simpleKey` and `oauthToken`. */
export interface UltraCartClientOptions {
  /** Base URL including `/rest/v2`. Default: the document's (https://secure.ultracart.com/rest/v2). Plain http only to loopback. */
  readonly baseUrl?: string | URL
  /** Simple API key, sent as `x-ultracart-simple-key`. */
  readonly simpleKey?: Credential
  /** OAuth access token, sent as `Authorization: Bearer …`. */
  readonly oauthToken?: Credential
  /** Extra headers for every request (added after the document's default headers). */
  readonly headers?: Readonly<Record<string, string>>
  /** Per-attempt timeout. Default 60 s. */
  readonly timeout?: Duration.Input
  /** Retry policy for retry-safe operations; `false` disables retries. Default: see retry.ts. */
  readonly retry?: RetryOptions | false
  /** `User-Agent` header. Default `uc-conversation-core/<version>`. */
  readonly userAgent?: string
  /** Document metadata (base URL, default headers). Default: the generated ConversationApi metadata. */
  readonly metadata?: ApiMetadata
}

/** How a request carries its credential. */
export interface AuthScheme {
  /** Header name: `x-ultracart-simple-key` or `authorization`. */
  readonly header: string
  /** The header value, resolved per request. */
  readonly value: Effect.Effect<Redacted.Redacted<string>>
}

/** A validated configuration. */
export interface ResolvedConfig {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string
  readonly auth: AuthScheme
  /** Default headers (document defaults + user headers + user agent), lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly timeout: Duration.Duration
  readonly retry: RetryPolicy
  readonly metadata: ApiMetadata
}

/** Header that carries the simple key. */
export const simpleKeyHeader = "x-ultracart-simple-key"

/** The default user agent. */
export const defaultUserAgent = "uc-conversation-core/0.0.0"

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
export const validateBaseUrl = (input: string | URL): Effect.Effect<string, ConfigError> => {
  const text = String(input)
  if (!URL.canParse(text))
    return Effect.fail(new ConfigError({ message: `Base URL is not a valid URL: ${text}` }))
  const url = new URL(text)
  if (url.username !== "" || url.password !== "") {
    return Effect.fail(new ConfigError({ message: "Base URL must not contain credentials" }))
  }
  if (url.search !== "" || url.hash !== "") {
    return Effect.fail(new ConfigError({ message: "Base URL must not contain a query or fragment" }))
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return Effect.fail(
      new ConfigError({
        message: `Plain http is refused for ${url.hostname}: use https (http is allowed only to loopback)`
      })
    )
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Effect.fail(new ConfigError({ message: `Base URL must be http(s), got ${url.protocol}` }))
  }
  return Effect.succeed(url.href.replace(/\/+$/, ""))
}

const asEffect = (credential: Credential): Effect.Effect<Redacted.Redacted<string>> =>
  Redacted.isRedacted(credential) ? Effect.succeed(credential) : credential

/** Picks the auth scheme; exactly one credential must be given. */
export const resolveAuth = (options: UltraCartClientOptions): Effect.Effect<AuthScheme, ConfigError> => {
  const { simpleKey, oauthToken } = options
  if (simpleKey !== undefined && oauthToken !== undefined) {
    return Effect.fail(new ConfigError({ message: "Give either simpleKey or oauthToken, not both" }))
  }
  if (simpleKey !== undefined) return Effect.succeed({ header: simpleKeyHeader, value: asEffect(simpleKey) })
  if (oauthToken !== undefined) {
    return Effect.succeed({
      header: "authorization",
      value: Effect.map(asEffect(oauthToken), (token) => Redacted.make(`Bearer ${Redacted.value(token)}`))
    })
  }
  return Effect.fail(
    new ConfigError({
      message: "No credential: set simpleKey or oauthToken (ULTRACART_SIMPLE_KEY / ULTRACART_OAUTH_TOKEN)"
    })
  )
}

const lowerCaseKeys = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

/** Validates options against the document metadata and fills in the defaults. */
export const resolveConfig = (
  options: UltraCartClientOptions,
  defaultMetadata: ApiMetadata
): Effect.Effect<ResolvedConfig, ConfigError> =>
  Effect.gen(function* () {
    const metadata = options.metadata ?? defaultMetadata
    const baseUrl = yield* validateBaseUrl(options.baseUrl ?? metadata.defaultBaseUrl)
    const auth = yield* resolveAuth(options)
    const policy = yield* Effect.fromResult(
      resolveCallPolicy({ retry: defaultRetryPolicy, timeout: defaultTimeout }, options)
    ).pipe(Effect.mapError((message) => new ConfigError({ message })))
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
      return yield* new ConfigError({ message: "Pass credentials as simpleKey/oauthToken, not as headers" })
    }
    return {
      baseUrl,
      auth,
      headers,
      timeout: policy.timeout,
      retry: policy.retry,
      metadata
    }
  })
