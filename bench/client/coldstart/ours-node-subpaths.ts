// Cold start, ours: the Node adapter, with the app importing Effect by module (`effect/Effect`)
// rather than through the `effect` barrel (ours-node.ts), which loads every Effect module.
import { getConversation } from "@uc-conversation/core"
import { ConversationApiNode } from "@uc-conversation/node"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const layer = ConversationApiNode.layer({
  baseUrl: process.env.BENCH_BASE_URL ?? "",
  simpleKey: Redacted.make("bench-simple-key")
})
const body = await Effect.runPromise(
  getConversation({ conversation_uuid: process.env.BENCH_UUID ?? "" }).pipe(Effect.provide(layer))
)
if (body.conversation?.conversation_uuid !== process.env.BENCH_UUID) process.exit(1)
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`)
// Keep-alive sockets may stay open; the measurement is done, so do not wait for them.
process.exit(0)
