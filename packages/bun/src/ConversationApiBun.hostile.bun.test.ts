/**
 * The hostile-responder suite (core's test/hostile.ts) over the Bun adapter's transport, Bun's fetch.
 * Core's suite runs it over Node's fetch, the Node adapter's over Node's fetch and undici, Deno's over
 * its fetch.
 */

import { afterAll, beforeAll, it } from "bun:test"
import { ConversationApi } from "@uc-conversation/core"
import { Effect } from "effect"
import { type AdapterKit, adapterCases, outcomeOf, recordEnv } from "../../core/test/hostile.ts"
import { ConversationApiBun } from "./index.ts"

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
  label: "Bun adapter (fetch)",
  envLabel: "Bun.env",
  env: recordEnv(Bun.env),
  call: (kind, options, call) =>
    outcomeOf(
      Effect.gen(function* () {
        const api = yield* ConversationApi
        return kind === "safe"
          ? yield* api.getConversation({ conversation_uuid: "c1" }, call)
          : yield* api.startConversation({ body: {} }, call)
      }).pipe(Effect.provide(ConversationApiBun.layer(options)))
    ),
  build: (options) => outcomeOf(Effect.provide(Effect.void, ConversationApiBun.layer(options))),
  buildFromEnv: () => outcomeOf(Effect.provide(Effect.void, ConversationApiBun.layerConfig))
}

for (const testCase of adapterCases(adapter)) it(testCase.name, testCase.run)
