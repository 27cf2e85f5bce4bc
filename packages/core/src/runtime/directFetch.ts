/**
 * The mark `FetchTransport.layer` (fetchTransport.ts) puts on its client, and how transport.ts
 * finds it.
 *
 * @module
 */
import type * as Context from "effect/Context"
import type { HttpClient } from "effect/http"

/** What the direct path needs from the layer: the context the client was built in. */
export interface DirectFetch {
  /** Read for `FetchHttpClient.Fetch` and `RequestInit` when the call's own context has none. */
  readonly context: Context.Context<never>
}

const DirectFetchKey = "~@uc-conversation/core/DirectFetch"

/** Marks `client` for the direct-fetch path (an own, non-enumerable property). */
export const markDirectFetch = (client: HttpClient.HttpClient, mark: DirectFetch): HttpClient.HttpClient =>
  Object.defineProperty(client, DirectFetchKey, { value: mark, enumerable: false })

/** The direct-fetch mark of `http`, when it is a client made by `FetchTransport.layer`. */
export const directFetchOf = (http: HttpClient.HttpClient): DirectFetch | undefined =>
  Object.hasOwn(http, DirectFetchKey)
    ? ((http as unknown as Record<string, DirectFetch>)[DirectFetchKey] as DirectFetch)
    : undefined
