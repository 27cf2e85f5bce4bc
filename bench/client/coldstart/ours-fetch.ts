// Cold start, ours: process start -> import, layer, first completed getConversation (FetchHttpClient).
import { getConversation, UltraCartClient } from "@uc-conversation/core"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"

const layer = UltraCartClient.layer({
  baseUrl: process.env.BENCH_BASE_URL ?? "",
  simpleKey: Redacted.make("bench-simple-key")
}).pipe(Layer.provide(FetchHttpClient.layer))
const body = await Effect.runPromise(
  getConversation({ conversation_uuid: process.env.BENCH_UUID ?? "" }).pipe(Effect.provide(layer))
)
if (body.conversation?.conversation_uuid !== process.env.BENCH_UUID) process.exit(1)
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`)
process.exit(0)
