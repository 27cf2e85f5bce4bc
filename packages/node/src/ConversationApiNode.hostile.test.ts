/**
 * The hostile-responder suite (core's test/hostile.ts) over the Node adapter's transports: Node's
 * fetch through core's FetchTransport (the default entry), and undici (the `/undici` entry).
 * Core's own suite runs the matrix over fetch; the Bun and Deno suites over theirs.
 */
import { ConversationApi, type UltraCartClientOptions } from "@uc-conversation/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, it } from "vitest"
import { type AdapterKit, adapterCases, outcomeOf, recordEnv } from "../../core/test/hostile.ts"
import { ConversationApiNode } from "./index.ts"
import { ConversationApiNodeUndici } from "./undici.ts"

const unhandled: Array<unknown> = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on("unhandledRejection", onUnhandled)
})
afterAll(() => {
  process.off("unhandledRejection", onUnhandled)
  if (unhandled.length > 0) throw new Error(`unhandled rejections: ${unhandled.map(String).join("; ")}`)
})

interface NodeLayers {
  readonly layer: (options: UltraCartClientOptions) => Layer.Layer<ConversationApi, unknown>
  readonly layerConfig: Layer.Layer<ConversationApi, unknown>
}

const kitOf = (label: string, adapter: NodeLayers): AdapterKit => ({
  label,
  envLabel: "process.env",
  env: recordEnv(process.env),
  call: (kind, options, call) =>
    outcomeOf(
      Effect.gen(function* () {
        const api = yield* ConversationApi
        return kind === "safe"
          ? yield* api.getConversation({ conversation_uuid: "c1" }, call)
          : yield* api.startConversation({ body: {} }, call)
      }).pipe(Effect.provide(adapter.layer(options)))
    ),
  build: (options) => outcomeOf(Effect.provide(Effect.void, adapter.layer(options))),
  buildFromEnv: () => outcomeOf(Effect.provide(Effect.void, adapter.layerConfig))
})

describe("Node adapter (Node's fetch, FetchTransport)", () => {
  for (const testCase of adapterCases(kitOf("Node adapter (fetch)", ConversationApiNode)))
    it(testCase.name, testCase.run)
})

describe("Node adapter, /undici entry", () => {
  for (const testCase of adapterCases(kitOf("Node adapter /undici", ConversationApiNodeUndici)))
    it(testCase.name, testCase.run)
})
