import * as Conformance from "@uc-conversation/adapter-conformance"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { afterAll, beforeAll, describe, it } from "vitest"
import { ConversationApiNode } from "./index.ts"

describe("ConversationApiNode (undici, on Node)", () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockServer({ port: 0 })
  })
  afterAll(() => mock.close())

  it("sends every operation", () => Conformance.everyOperation(ConversationApiNode, mock))
  it("uploads a file read from disk", () => Conformance.uploadFromDisk(ConversationApiNode, mock))
  it("fails with a typed FileReadError for a missing file", () =>
    Conformance.missingFile(ConversationApiNode, mock))
  it("retries an injected 503", () => Conformance.retriesAfter503(ConversationApiNode, mock))
  it("fails with a typed Unauthorized on a wrong key", () =>
    Conformance.unauthorized(ConversationApiNode, mock))

  it("reads ULTRACART_* from process.env", async () => {
    const names = ["ULTRACART_BASE_URL", "ULTRACART_SIMPLE_KEY", "ULTRACART_OAUTH_TOKEN"]
    const saved = names.map((name) => [name, process.env[name]] as const)
    process.env.ULTRACART_BASE_URL = mock.baseUrl
    process.env.ULTRACART_SIMPLE_KEY = mock.simpleKey
    delete process.env.ULTRACART_OAUTH_TOKEN
    try {
      await Conformance.configFromEnv(ConversationApiNode)
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })
})
