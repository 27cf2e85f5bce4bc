/**
 * The hostile-responder suite (core's test/hostile.ts) over the Node adapter's transport, undici.
 * Core's own suite runs the matrix over fetch; the Bun and Deno suites over theirs.
 */
import { ConversationApi } from "@uc-conversation/core"
import { Effect } from "effect"
import { afterAll, beforeAll, it } from "vitest"
import { type AdapterKit, adapterCases, outcomeOf, recordEnv } from "../../core/test/hostile.ts"
import { ConversationApiNode } from "./index.ts"

const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled)
})
afterAll(() => {
  process.off("unhandledRejection", onUnhandled)
  if (unhandled.length > 0) throw new Error(`unhandled rejections: ${unhandled.map(String).join("; ")}`)
})

const adapter: AdapterKit = {
  label: "Node adapter (undici)",
  envLabel: "process.env",
  env: recordEnv(process.env),
  call: (kind, options, call) =>
    outcomeOf(
      Effect.gen(function* () {
        const api = yield* ConversationApi
        return kind === "safe"
          ? yield* api.getConversation({ conversation_uuid: "c1" }, call)
          : yield* api.startConversation({ body: {} }, call)
      }).pipe(Effect.provide(ConversationApiNode.layer(options)))
    ),
  build: (options) => outcomeOf(Effect.provide(Effect.void, ConversationApiNode.layer(options))),
  buildFromEnv: () => outcomeOf(Effect.provide(Effect.void, ConversationApiNode.layerConfig))
}

for (const testCase of adapterCases(adapter)) it(testCase.name, testCase.run)
