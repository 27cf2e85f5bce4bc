// Cold start, ours: the Node adapter's `/undici` entry (undici via @effect/platform-node), the app
// importing Effect by module (`effect/Effect`).
import { getConversation } from "@uc-conversation/core"
import { ConversationApiNodeUndici } from "@uc-conversation/node/undici"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

const layer = ConversationApiNodeUndici.layer({
  baseUrl: process.env.BENCH_BASE_URL ?? "",
  simpleKey: Redacted.make("bench-simple-key")
})
const body = await Effect.runPromise(
  getConversation({ conversation_uuid: process.env.BENCH_UUID ?? "" }).pipe(Effect.provide(layer))
)
if (body.conversation?.conversation_uuid !== process.env.BENCH_UUID) process.exit(1)
process.stdout.write(`${JSON.stringify({ readyMs: performance.now() })}\n`)
// The undici pool keeps sockets open; the measurement is done, so do not wait for them.
process.exit(0)
