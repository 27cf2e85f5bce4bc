import type { FaultQueue } from "./faults.ts"
import type { Injector } from "./injector.ts"
import type { RateLimiter } from "./rateLimiter.ts"
import type { RequestLogEntry } from "./requestLog.ts"
import type { Engine } from "./resources/engine.ts"
import type { LoadedSpec } from "./spec.ts"
import type { Store } from "./store.ts"

/** Everything the route handlers of one running mock share. */
export interface ServerContext {
  readonly spec: LoadedSpec
  readonly store: Store
  /** Every operation without a hand handler: collections, singletons and actions derived from the spec. */
  readonly engine: Engine
  readonly faults: FaultQueue
  readonly injector: Injector
  readonly log: Array<RequestLogEntry>
  readonly credentials: { readonly simpleKey: string; readonly oauthToken: string }
  readonly uploadTtlMs: number
  /** The websocket JWT's lifetime in seconds (an hour, divided by the time scale). */
  readonly jwtTtlSeconds: number
  /** UltraCart's rate limits as this mock enforces them. */
  readonly rateLimiter: RateLimiter
  /** `http://host:port` the server listens on. */
  readonly origin: () => string
  /** Restores the seeded world and clears faults, uploads and the log. */
  readonly reset: () => void
}

/** One request, split as received: nothing decoded yet. */
export interface RawRequest {
  readonly method: string
  readonly rawPath: string
  readonly rawQuery: string
  /** The origin the client reached us on (its Host header), for URLs handed back to it. */
  readonly origin: string
}

/** The prefix every ConversationApi route lives under. */
export const API_PREFIX = "/rest/v2"
/** The largest API or control request body accepted. */
export const MAX_API_BODY = 1024 * 1024
