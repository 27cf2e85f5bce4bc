import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestApp, type TestApp } from "./testApp.ts"
import { maxAttachmentBytes } from "./uploadLimit.ts"

let test: TestApp
beforeAll(async () => {
  test = await startTestApp(30)
})
afterAll(() => test?.close())

/** A body of `total` bytes in 64 KiB chunks, without a length, counting what the server pulled. */
const countedBody = (total: number) => {
  let pulled = 0
  const chunk = new Uint8Array(64 * 1024)
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close()
      pulled += chunk.byteLength
      controller.enqueue(chunk)
    }
  })
  return { stream, pulled: () => pulled }
}

const uploadPath = async () => {
  const list = await test.app.handler(new Request("http://127.0.0.1/api/conversations?limit=1"))
  const { conversations } = (await list.json()) as { conversations: Array<{ conversation_uuid: string }> }
  return `http://127.0.0.1/api/conversations/${conversations[0]!.conversation_uuid}/attachments?filename=big.bin`
}

describe("the upload limit", () => {
  it("refuses a declared Content-Length above 10 MB with 413 before reading any of the body", async () => {
    const body = countedBody(11 * 1024 * 1024)
    const response = await test.app.handler(
      new Request(await uploadPath(), {
        method: "POST",
        headers: { "content-type": "application/octet-stream", "content-length": String(11 * 1024 * 1024) },
        body: body.stream,
        duplex: "half"
      } as RequestInit)
    )
    expect(response.status).toBe(413)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /limited to 10 MB/
    )
    // The stream's first pull happens when it is made; nothing past that was asked for.
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024)
    expect(test.mock.requests().filter((r) => /upload/i.test(r.operationId ?? ""))).toEqual([])
  })

  it("stops reading a body without a length at the limit, and refuses it with 413", async () => {
    const total = 11 * 1024 * 1024
    const body = countedBody(total)
    const response = await test.app.handler(
      new Request(await uploadPath(), {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: body.stream,
        duplex: "half"
      } as RequestInit)
    )
    expect(response.status).toBe(413)
    // A stream reads ahead a chunk or two; the rest of the 11 MB was never pulled.
    expect(body.pulled()).toBeLessThan(maxAttachmentBytes + 4 * 64 * 1024)
    expect(body.pulled()).toBeLessThan(total)
  })
})
