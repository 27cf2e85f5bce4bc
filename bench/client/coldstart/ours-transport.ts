// Cold start, ours: core + its FetchTransport (fetch called directly), the app importing Effect
// by module (`effect/Effect`) rather than through the `effect` barrel.
import { FetchTransport, getConversation, UltraCartClient } from "@uc-conversation/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const layer = UltraCartClient.layer({
  baseUrl: process.env.BENCH_BASE_URL ?? "",
  simpleKey: Redacted.make("bench-simple-key")
}).pipe(Layer.provide(FetchTransport.layer))
const body = await Effect.runPromise(
  getConversation({ conversation_uuid: process.env.BENCH_UUID ?? "" }).pipe(Effect.provide(layer))
)
if (body.conversation?.conversation_uuid !== process.env.BENCH_UUID) process.exit(1)
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`)
process.exit(0)
