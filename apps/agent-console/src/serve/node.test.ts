import * as Http from "node:http"
import { afterEach, describe, expect, it } from "vitest"
import { serveNode } from "./node.ts"
import type { RunningServer } from "./WebHandler.ts"

let running: RunningServer | undefined
afterEach(async () => {
  await running?.stop()
  running = undefined
})

const options = { hostname: "127.0.0.1", port: 0, fallbackToFreePort: false }

describe("serveNode", () => {
  it("passes method, path, headers and body to the web handler and writes its response back", async () => {
    running = await serveNode(async (request) => {
      const body = await request.text()
      return Response.json(
        {
          method: request.method,
          path: new URL(request.url).pathname,
          type: request.headers.get("x-test"),
          body
        },
        { status: 201, headers: { "x-reply": "yes" } }
      )
    }, options)
    const response = await fetch(`${running.url}/api/thing?x=1`, {
      method: "POST",
      headers: { "x-test": "abc" },
      body: "hello"
    })
    expect(response.status).toBe(201)
    expect(response.headers.get("x-reply")).toBe("yes")
    expect(await response.json()).toEqual({ method: "POST", path: "/api/thing", type: "abc", body: "hello" })
  })

  it("streams a response chunk by chunk and cancels it when the client goes away", async () => {
    let cancelled: () => void = () => undefined
    const wasCancelled = new Promise<void>((resolve) => {
      cancelled = resolve
    })
    let aborted = false
    running = await serveNode(async (request) => {
      request.signal.addEventListener("abort", () => {
        aborted = true
      })
      let timer: ReturnType<typeof setInterval> | undefined
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("event: first\n\n"))
          timer = setInterval(() => controller.enqueue(new TextEncoder().encode(": tick\n\n")), 20)
        },
        cancel() {
          clearInterval(timer)
          cancelled()
        }
      })
      return new Response(body, { headers: { "content-type": "text/event-stream" } })
    }, options)
    const client = new AbortController()
    const response = await fetch(`${running.url}/events`, { signal: client.signal })
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain("event: first")
    client.abort()
    await wasCancelled
    expect(aborted).toBe(true)
  })

  it("falls back to a free port when the preferred one is taken", async () => {
    const first = await serveNode(async () => new Response("a"), options)
    try {
      running = await serveNode(async () => new Response("b"), {
        ...options,
        port: first.port,
        fallbackToFreePort: true
      })
      expect(running.port).not.toBe(first.port)
      expect(await (await fetch(running.url)).text()).toBe("b")
    } finally {
      await first.stop()
    }
  })
  it("closes the connection instead of draining a body the app refused unread (an oversized upload)", async () => {
    running = await serveNode(async () => Response.json({ error: "too large" }, { status: 413 }), options)
    const { port } = running
    const declared = 11 * 1024 * 1024
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const request = Http.request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/api/upload",
            headers: { "content-length": declared }
          },
          (response) => {
            response.resume()
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection })
          }
        )
        request.on("error", reject)
        // One megabyte, then the rest only if the server still reads: it must answer first.
        const chunk = new Uint8Array(1024 * 1024)
        request.write(chunk)
      }
    )
    expect(answer).toEqual({ status: 413, connection: "close" })
  })
})
