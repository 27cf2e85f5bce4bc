import * as Conformance from "@uc-conversation/adapter-conformance"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll, describe, it } from "vitest"
import { ConversationApiNode } from "./index.ts"
import { ConversationApiNodeUndici } from "./undici.ts"

/** The shared adapter scenarios against a real mock server, for one of the adapter's entries. */
const conformance = (name: string, adapter: Conformance.Adapter) =>
  describe(name, () => {
    let mock: MockServer
    beforeAll(async () => {
      mock = await startMockServer({ port: 0 })
    })
    afterAll(() => mock.close())

    it("sends every operation", () => Conformance.everyOperation(adapter, mock))
    it("uploads a file read from disk", () => Conformance.uploadFromDisk(adapter, mock))
    it("fails with a typed FileReadError for a missing file", () => Conformance.missingFile(adapter, mock))
    it("retries an injected 503", () => Conformance.retriesAfter503(adapter, mock))
    it("fails with a typed Unauthorized on a wrong key", () => Conformance.unauthorized(adapter, mock))

    it("reads ULTRACART_* from process.env", async () => {
      const names = ["ULTRACART_BASE_URL", "ULTRACART_SIMPLE_KEY", "ULTRACART_OAUTH_TOKEN"]
      const saved = names.map((name) => [name, process.env[name]] as const)
      process.env.ULTRACART_BASE_URL = mock.baseUrl
      process.env.ULTRACART_SIMPLE_KEY = mock.simpleKey
      delete process.env.ULTRACART_OAUTH_TOKEN
      try {
        await Conformance.configFromEnv(adapter)
      } finally {
        for (const [name, value] of saved) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      }
    })
  })

conformance("ConversationApiNode (Node's fetch, FetchTransport)", ConversationApiNode)
// Effect's default ConfigProvider reads process.env once, when first used in the process (the
// test above), so this entry's env scenario reads through a provider made when its layer is built.
conformance("ConversationApiNodeUndici (@uc-conversation/node/undici, undici)", {
  ...ConversationApiNodeUndici,
  layerConfig: ConversationApiNodeUndici.layerConfig.pipe(
    Layer.provide(ConfigProvider.layer(Effect.sync(() => ConfigProvider.fromEnv())))
  )
})
