import { afterAll, beforeAll, describe, it } from "bun:test"
import * as Conformance from "@uc-conversation/adapter-conformance"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { ConversationApiBun } from "./index.ts"

describe("ConversationApiBun (fetch, on Bun)", () => {
  let mock: MockServer
  beforeAll(async () => {
    mock = await startMockServer({ port: 0 })
  })
  afterAll(() => mock.close())

  it("sends every operation", () => Conformance.everyOperation(ConversationApiBun, mock))
  it("uploads a file read with Bun.file", () => Conformance.uploadFromDisk(ConversationApiBun, mock))
  it("fails with a typed FileReadError for a missing file", () =>
    Conformance.missingFile(ConversationApiBun, mock))
  it("retries an injected 503", () => Conformance.retriesAfter503(ConversationApiBun, mock))
  it("fails with a typed Unauthorized on a wrong key", () =>
    Conformance.unauthorized(ConversationApiBun, mock))

  it("reads ULTRACART_* from Bun.env", async () => {
    const saved = { ...Bun.env }
    Bun.env.ULTRACART_BASE_URL = mock.baseUrl
    Bun.env.ULTRACART_SIMPLE_KEY = mock.simpleKey
    delete Bun.env.ULTRACART_OAUTH_TOKEN
    try {
      await Conformance.configFromEnv(ConversationApiBun)
    } finally {
      for (const key of ["ULTRACART_BASE_URL", "ULTRACART_SIMPLE_KEY", "ULTRACART_OAUTH_TOKEN"]) {
        if (saved[key] === undefined) delete Bun.env[key]
        else Bun.env[key] = saved[key]
      }
    }
  })
})
