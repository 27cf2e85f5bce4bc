/**
 * Our client, driven the way an application drives it: one runtime built once from a layer,
 * then one `runPromise` of a standalone operation per request (full args encoding, policy,
 * and schema decoding of the body).
 */
import {
  FetchTransport,
  getConversation,
  getConversations,
  type RateLimit,
  rateBudget,
  UltraCartClient,
  ultracartRateLimit
} from "@uc-conversation/core"
import { Layer, ManagedRuntime, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type BenchClient, ULTRACART_HEADERS } from "./client.ts"

/**
 * The scheduler as UltraCart's defaults configure it (one request in flight, the same two
 * sliding windows of an hour and a day), with each window's limit raised to 10⁹ so a benchmark
 * loop of thousands of calls is never made to wait: every call still queues for a slot, is
 * admitted, counted in both windows and released, which is the work an application pays.
 */
export const SCHEDULED: RateLimit = {
  maxConcurrent: ultracartRateLimit.maxConcurrent,
  buckets: ultracartRateLimit.buckets.map((bucket) => ({ limit: 1_000_000_000, seconds: bucket.seconds }))
}

/**
 * Client options shared by every configuration of ours (same key as the baselines send).
 * `rateLimit` defaults to "off": the concurrency suites measure the client's own overhead and
 * throughput at concurrency up to 64, hundreds of thousands of requests with one key, which
 * UltraCart's limits (one at a time, 1,000 an hour) would turn into the scheduler's waits. The
 * sequential-latency suite passes {@link SCHEDULED}.
 */
export const oursOptions = (baseUrl: string, rateLimit: RateLimit = "off") => ({
  baseUrl,
  simpleKey: Redacted.make(ULTRACART_HEADERS["x-ultracart-simple-key"] ?? ""),
  rateLimit
})

/** Our client over any layer that provides `UltraCartClient`. */
export const oursClient = <E>(name: string, layer: Layer.Layer<UltraCartClient, E>): BenchClient => {
  const runtime = ManagedRuntime.make(layer)
  return {
    name,
    getConversation: () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID })),
    getConversations: () => runtime.runPromise(getConversations({ _limit: 100, _offset: 0 })),
    budget: () => runtime.runPromise(rateBudget),
    close: () => runtime.dispose()
  }
}

/** Core with effect's `FetchHttpClient` (what the Bun and Deno adapters provide). */
export const oursFetchClient = (
  baseUrl: string,
  name = "ours (core + FetchHttpClient)",
  rateLimit: RateLimit = "off"
): BenchClient =>
  oursClient(
    name,
    UltraCartClient.layer(oursOptions(baseUrl, rateLimit)).pipe(Layer.provide(FetchHttpClient.layer))
  )

/** Core with its own `FetchTransport.layer` (what the Bun and Deno adapters and the facade provide). */
export const oursFetchTransportClient = (
  baseUrl: string,
  name = "ours (core + FetchTransport)",
  rateLimit: RateLimit = "off"
): BenchClient =>
  oursClient(
    name,
    UltraCartClient.layer(oursOptions(baseUrl, rateLimit)).pipe(Layer.provide(FetchTransport.layer))
  )
