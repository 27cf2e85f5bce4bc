import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type StaticServer, startStaticServer } from "../harness/server-process.ts"

describe("static server", () => {
  let server: StaticServer
  beforeAll(async () => {
    server = await startStaticServer()
  })
  afterAll(() => server.stop())

  it("serves the precomputed bodies and counts only API requests", async () => {
    await server.reset()
    const one = await fetch(`${server.baseUrl}/conversation/conversations/${SINGLE_UUID}`)
    expect(one.status).toBe(200)
    expect(Number(one.headers.get("content-length"))).toBe(server.singleBytes)
    expect(
      ((await one.json()) as { conversation: { conversation_uuid: string } }).conversation.conversation_uuid
    ).toBe(SINGLE_UUID)
    const many = await fetch(`${server.baseUrl}/conversation/conversations?_limit=100`)
    expect(((await many.json()) as { conversations: Array<unknown> }).conversations).toHaveLength(100)
    const missing = await fetch(`${server.baseUrl}/conversation/conversations/nope`)
    expect(missing.status).toBe(404)
    await missing.arrayBuffer()
    expect(await server.count()).toBe(2)
  })
})
