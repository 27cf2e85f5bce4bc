/**
 * The hostile-responder suite (core's test/hostile.ts) over the Deno adapter's transport, Deno's
 * fetch. Core's suite runs it over Node's fetch, the Node adapter's over Node's fetch and undici, Bun's
 * over its fetch.
 */
import { ConversationApi } from "@uc-conversation/core"
import { Effect } from "effect"
import { type AdapterKit, adapterCases, outcomeOf } from "../../core/test/hostile.ts"
import { ConversationApiDeno } from "./index.ts"

/** Deno.test with the sanitizers off: undici-style keep-alive sockets can outlive one test. */
const test = (name: string, fn: () => Promise<void>): void =>
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false })

const unhandled: Array<unknown> = []
globalThis.addEventListener("unhandledrejection", (event) => {
  unhandled.push(event.reason)
  event.preventDefault()
})

const adapter: AdapterKit = {
  label: "Deno adapter (fetch)",
  envLabel: "Deno.env",
  env: {
    get: (name) => Deno.env.get(name),
    set: (name, value) => {
      if (value === undefined) Deno.env.delete(name)
      else Deno.env.set(name, value)
    }
  },
  call: (kind, options, call) =>
    outcomeOf(
      Effect.gen(function* () {
        const api = yield* ConversationApi
        return kind === "safe"
          ? yield* api.getConversation({ conversation_uuid: "c1" }, call)
          : yield* api.startConversation({ body: {} }, call)
      }).pipe(Effect.provide(ConversationApiDeno.layer(options)))
    ),
  build: (options) => outcomeOf(Effect.provide(Effect.void, ConversationApiDeno.layer(options))),
  buildFromEnv: () => outcomeOf(Effect.provide(Effect.void, ConversationApiDeno.layerConfig))
}

for (const testCase of adapterCases(adapter)) test(testCase.name, testCase.run)

test("(last) no unhandled rejection", () => {
  if (unhandled.length > 0) throw new Error(`unhandled rejections: ${unhandled.map(String).join("; ")}`)
  return Promise.resolve()
})
