import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tagCredential } from "./internal/api.ts"
import { handleApi } from "./internal/apiRoute.ts"
import { type MockClock, systemClock } from "./internal/clock.ts"
import { API_PREFIX, type RawRequest, type ServerContext } from "./internal/context.ts"
import { CONTROL_PREFIX, handleControl } from "./internal/controlRoute.ts"
import { errorReply } from "./internal/envelope.ts"
import { type FaultSpec, makeFaultQueue, parseFault } from "./internal/faults.ts"
import { preflight, send } from "./internal/http.ts"
import { makeInjector } from "./internal/injector.ts"
import type { ConversationMessage, QueueEntry, StoredConversation } from "./internal/model.ts"
import { JWT_TTL_SECONDS, UPLOAD_URL_TTL_MS } from "./internal/operations.ts"
import {
  checkTimeScale,
  DEFAULT_RATE_LIMIT,
  parseRateLimit,
  type RateLimitInput
} from "./internal/rateLimitConfig.ts"
import { makeRateLimiter, type RateLimitSnapshot } from "./internal/rateLimiter.ts"
import type { RequestLogEntry } from "./internal/requestLog.ts"
import { engineFor } from "./internal/resources/engine.ts"
import { DEFAULT_SEED } from "./internal/seed.ts"
import { loadSpec } from "./internal/spec.ts"
import { makeStore, type StoredUpload } from "./internal/store.ts"
import { handleUpload, UPLOAD_PREFIX } from "./internal/uploadRoute.ts"

/** The injectable clock, see README "Rate limits". */
export type { ManualClock, MockClock } from "./internal/clock.ts"
/** Fault injection types, see README "Faults". */
export type { FaultSpec, Mutation } from "./internal/faults.ts"
/** The wire shapes the mock stores and serves. */
export type {
  ConversationMessage,
  ConversationParticipant,
  QueueEntry,
  StoredConversation
} from "./internal/model.ts"
/** Rate-limit configuration types, see README "Rate limits". */
export type {
  RateLimitBucket,
  RateLimitConfig,
  RateLimitInput,
  RateLimitOption
} from "./internal/rateLimitConfig.ts"
/** What `mock.rateLimit()` and `GET /__mock/rate-limit` report. */
export type { BucketLevel, RateLimitSnapshot } from "./internal/rateLimiter.ts"
/** One entry of `requests()`. */
export type { RequestLogEntry } from "./internal/requestLog.ts"
/** An object stored through a presigned upload URL. */
export type { StoredUpload } from "./internal/store.ts"

/** Options of {@link startMockServer}. Every field has a deterministic default. */
export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind; loopback by default. */
  readonly host?: string
  /** The simple key the mock accepts in `x-ultracart-simple-key`. */
  readonly simpleKey?: string
  /** The OAuth token the mock accepts in `Authorization: Bearer`. */
  readonly oauthToken?: string
  /** Seed of the generated data; the same seed always gives the same conversations. */
  readonly seed?: number
  /** Path of the OpenAPI document to validate against (see README for the default lookup). */
  readonly specPath?: string
  /** How long presigned upload URLs stay valid, in real ms (15 minutes divided by `timeScale` by default). */
  readonly uploadUrlTtlMs?: number
  /**
   * UltraCart's rate limits: `ultracartRateLimit`, any `{ buckets, concurrent, retryAfter }`
   * (omitted fields take UltraCart's values), or `"off"`. Default: `DEFAULT_RATE_LIMIT`, UltraCart's
   * published limits (README "Rate limits").
   */
  readonly rateLimit?: RateLimitInput
  /**
   * How many times faster than UltraCart's wall clock the mock runs: every bucket window, the
   * default upload URL lifetime and the websocket JWT's lifetime are divided by it. 60 runs a
   * simulated hour in a minute. Default 1.
   */
  readonly timeScale?: number
  /** The clock the rate limiter reads; a test passes `createManualClock()` to move time by hand. */
  readonly clock?: MockClock
}

/** A running mock. */
export interface MockServer {
  /** `http://host:port` */
  readonly url: string
  /** `http://host:port/rest/v2`, the base URL to give a client. */
  readonly baseUrl: string
  /** The simple key it accepts (a clearly fake default unless one was given). */
  readonly simpleKey: string
  /** The OAuth bearer token it accepts. */
  readonly oauthToken: string
  /**
   * Headers every request must carry, with the one value accepted, from the spec's
   * `x-uc-default-headers` (UltraCart's `X-UltraCart-Api-Version`); anything else gets 400.
   */
  readonly requiredHeaders: Readonly<Record<string, string>>
  /** Arms a fault for later requests (see {@link FaultSpec}); `times` defaults to 1. */
  readonly injectFault: (fault: FaultSpec) => void
  /** Disarms every pending fault. */
  readonly clearFaults: () => void
  /** Every API and upload request received since start or the last reset, oldest first. */
  readonly requests: () => ReadonlyArray<RequestLogEntry>
  /** Adds a message to a conversation and returns it, with a fresh, strictly increasing message_epoch. */
  readonly addMessage: (
    conversationUuid: string,
    message: Partial<ConversationMessage>
  ) => ConversationMessage
  /** Adds a conversation; `conversation_uuid` may be any string (slashes, spaces, non-ASCII...). */
  readonly addConversation: (conversation?: Partial<StoredConversation>) => StoredConversation
  /**
   * A customer joins a webchat queue's waiting list (`first`: at its head); the stored entry, or
   * undefined when there is no such queue. Omitted fields get a fresh customer.
   */
  readonly addQueueEntry: (
    queueName: string,
    entry?: Partial<QueueEntry>,
    first?: boolean
  ) => QueueEntry | undefined
  /** The customer with this participant ARN leaves the queue's waiting list; false when not waiting there. */
  readonly removeQueueEntry: (queueName: string, participantArn: string) => boolean
  /** A copy of a stored conversation with all its messages, or undefined. */
  readonly conversation: (conversationUuid: string) => StoredConversation | undefined
  /** An uploaded object by key, or undefined. */
  readonly upload: (key: string) => StoredUpload | undefined
  /** The rate limit's configuration, counters and bucket levels (never a credential). */
  readonly rateLimit: () => RateLimitSnapshot
  /**
   * Replaces the rate limit (omitted fields take UltraCart's values) and empties every bucket;
   * throws a TypeError on a bad configuration. `reset()` restores the one given at start.
   */
  readonly setRateLimit: (option: RateLimitInput) => void
  /** Restores the seeded data and the start-up rate limit; clears faults, uploads, the request log and the rate-limit counters. */
  readonly reset: () => void
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  readonly close: () => Promise<void>
}

/** The default simple key: clearly fake, the same on every run. */
export const DEFAULT_SIMPLE_KEY = "mock-simple-key-0000000000000000000000000000000000000000000000000000"
/** The default OAuth token: clearly fake, the same on every run. */
export const DEFAULT_OAUTH_TOKEN = "mock-oauth-token-00000000000000000000000000000000"

/**
 * Starts the mock UltraCart ConversationApi on loopback.
 *
 * @example
 * const mock = await startMockServer({ port: 0 })
 * // point a client at mock.baseUrl with mock.simpleKey
 * await mock.close()
 */
export const startMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const timeScale = options.timeScale ?? 1
  const scaleProblem = checkTimeScale(timeScale)
  if (scaleProblem !== undefined) throw new RangeError(`startMockServer: ${scaleProblem}`)
  const rateLimit = parseRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT)
  if (typeof rateLimit === "string" && rateLimit !== "off")
    throw new TypeError(`startMockServer: ${rateLimit}`)
  const credentials = {
    simpleKey: options.simpleKey ?? DEFAULT_SIMPLE_KEY,
    oauthToken: options.oauthToken ?? DEFAULT_OAUTH_TOKEN
  }
  const rateLimiter = makeRateLimiter({
    initial: rateLimit,
    timeScale,
    clock: options.clock ?? systemClock,
    labels: {
      simpleKey: tagCredential("simpleKey", credentials.simpleKey),
      oauthToken: tagCredential("oauthToken", credentials.oauthToken)
    }
  })
  const store = makeStore(options.seed ?? DEFAULT_SEED)
  const faults = makeFaultQueue()
  const spec = loadSpec(options.specPath)
  const engine = engineFor(spec, options.seed ?? DEFAULT_SEED)
  const injector = makeInjector(faults, spec.dialect)
  const log: Array<RequestLogEntry> = []
  let origin = ""
  const reset = (): void => {
    store.reset()
    engine.reset()
    faults.clear()
    log.length = 0
    rateLimiter.reset()
  }
  const ctx: ServerContext = {
    spec,
    store,
    engine,
    faults,
    injector,
    log,
    credentials,
    // A presigned URL's lifetime is UltraCart's wall-clock behaviour too: it shrinks with the scale.
    uploadTtlMs: options.uploadUrlTtlMs ?? UPLOAD_URL_TTL_MS / timeScale,
    // So is the websocket token's lifetime; whole seconds, as a JWT's exp is.
    jwtTtlSeconds: Math.max(1, Math.round(JWT_TTL_SECONDS / timeScale)),
    rateLimiter,
    origin: () => origin,
    reset
  }

  const server = createServer((req, res) => {
    const method = (req.method ?? "GET").toUpperCase()
    const rawUrl = req.url ?? "/"
    const q = rawUrl.indexOf("?")
    const request: RawRequest = {
      method,
      rawPath: q === -1 ? rawUrl : rawUrl.slice(0, q),
      rawQuery: q === -1 ? "" : rawUrl.slice(q + 1),
      origin: typeof req.headers.host === "string" ? `http://${req.headers.host}` : origin
    }
    const { rawPath } = request
    const work =
      rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)
        ? handleApi(ctx, req, res, request)
        : method === "OPTIONS"
          ? Promise.resolve(send(res, preflight(req, "GET, PUT, POST, DELETE")))
          : rawPath.startsWith(UPLOAD_PREFIX)
            ? handleUpload(ctx, req, res, request)
            : rawPath.startsWith(CONTROL_PREFIX)
              ? handleControl(ctx, req, res, request)
              : Promise.resolve(
                  send(
                    res,
                    errorReply(ctx.spec.dialect, {
                      status: 404,
                      message: `Nothing at ${rawPath}; the API lives under ${API_PREFIX}.`
                    })
                  )
                )
    work.catch((cause: unknown) => {
      send(res, errorReply(ctx.spec.dialect, { status: 500, message: `Mock failure: ${String(cause)}` }))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  origin = `http://${address.address.includes(":") ? `[${address.address}]` : address.address}:${address.port}`

  return {
    url: origin,
    baseUrl: `${origin}${API_PREFIX}`,
    simpleKey: ctx.credentials.simpleKey,
    oauthToken: ctx.credentials.oauthToken,
    requiredHeaders: spec.dialect.requiredHeaders,
    injectFault: (fault) => {
      const parsed = parseFault(fault)
      if (typeof parsed === "string") throw new TypeError(`injectFault: ${parsed}`)
      faults.add(parsed)
    },
    clearFaults: faults.clear,
    requests: () => log.map((entry) => ({ ...entry })),
    addMessage: store.addMessage,
    addConversation: (conversation = {}) => store.addConversation(conversation),
    addQueueEntry: (queueName, entry = {}, first = false) => store.addQueueEntry(queueName, entry, first),
    removeQueueEntry: store.removeQueueEntry,
    conversation: (uuid) => store.getConversation(uuid, undefined),
    upload: (key) => store.uploads.get(key),
    rateLimit: rateLimiter.snapshot,
    setRateLimit: (option) => {
      const parsed = parseRateLimit(option)
      if (typeof parsed === "string" && parsed !== "off") throw new TypeError(`setRateLimit: ${parsed}`)
      rateLimiter.configure(parsed)
    },
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        injector.cancelTimers()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // Idle keep-alive sockets would otherwise hold Deno and Bun open for a long time.
        server.closeAllConnections?.()
      })
  }
}
