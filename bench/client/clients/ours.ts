/**
 * Our client, driven the way an application drives it: one runtime built once from a layer,
 * then one `runPromise` of a standalone operation per request (full args encoding, policy,
 * and schema decoding of the body).
 */
import { getConversation, getConversations, UltraCartClient } from "@uc-conversation/core"
import { Layer, ManagedRuntime, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type BenchClient, ULTRACART_HEADERS } from "./client.ts"

/** Client options shared by every configuration of ours (same key as the baselines send). */
export const oursOptions = (baseUrl: string) => ({
  baseUrl,
  simpleKey: Redacted.make(ULTRACART_HEADERS["x-ultracart-simple-key"] ?? ""),
  // These benchmarks measure the client's own overhead and throughput at concurrency up to 64,
  // hundreds of thousands of requests with one key: unscheduled on purpose. UltraCart's default
  // limits (one at a time, 1,000 an hour) would measure the scheduler's waits instead.
  rateLimit: "off" as const
})

/** Our client over any layer that provides `UltraCartClient`. */
export const oursClient = <E>(name: string, layer: Layer.Layer<UltraCartClient, E>): BenchClient => {
  const runtime = ManagedRuntime.make(layer)
  return {
    name,
    getConversation: () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID })),
    getConversations: () => runtime.runPromise(getConversations({ _limit: 100, _offset: 0 })),
    close: () => runtime.dispose()
  }
}

/** Core with effect's `FetchHttpClient` (what the Bun and Deno adapters provide). */
export const oursFetchClient = (baseUrl: string, name = "ours (core + FetchHttpClient)"): BenchClient =>
  oursClient(name, UltraCartClient.layer(oursOptions(baseUrl)).pipe(Layer.provide(FetchHttpClient.layer)))
