/**
 * A minimal static HTTP server for the client benchmarks (deliberately not the mock server):
 * node:http, every body serialised once at start-up, no per-request work beyond routing.
 *
 * Run as its own process: `node client/server/static-server.ts`. It binds 127.0.0.1 on an
 * ephemeral port, prints `{"port":N}` as its first stdout line, counts the API requests it
 * answers (GET /__count, POST /__reset) and exits when its stdin closes or after 20 minutes.
 */
import { createServer } from "node:http"
import {
  conversationResponse,
  conversationsResponse,
  SINGLE_MESSAGES,
  SINGLE_UUID
} from "../fixtures/conversation.ts"

const PREFIX = "/rest/v2/conversation/conversations"

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))
const single = json(conversationResponse(SINGLE_MESSAGES))
const list = json(conversationsResponse(100))
const notFound = json({
  success: false,
  error: { developer_message: "no such route", user_message: "Not found" }
})

let count = 0

const server = createServer((req, res) => {
  const url = req.url ?? "/"
  const q = url.indexOf("?")
  const path = q === -1 ? url : url.slice(0, q)
  let body: Buffer | undefined
  if (req.method === "GET" && path === `${PREFIX}/${SINGLE_UUID}`) body = single
  else if (req.method === "GET" && path === PREFIX) body = list
  else if (path === "/__count") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ count }))
    return
  } else if (path === "/__reset") {
    count = 0
    res.writeHead(204).end()
    return
  }
  if (body === undefined) {
    res
      .writeHead(404, { "content-type": "application/json", "content-length": notFound.length })
      .end(notFound)
    return
  }
  count++
  res
    .writeHead(200, { "content-type": "application/json; charset=UTF-8", "content-length": body.length })
    .end(body)
})

// Plenty of headroom for c=64 without the default 5 s keep-alive racing the clients' pools.
server.keepAliveTimeout = 30_000
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  process.stdout.write(`${JSON.stringify({ port, singleBytes: single.length, listBytes: list.length })}\n`)
})

const stop = (): void => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
process.stdin.on("end", stop)
process.stdin.on("close", stop)
process.stdin.resume()
setTimeout(stop, 20 * 60_000).unref()
