import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { Readable } from "node:stream"
import {
  bindWithFallback,
  type RunningServer,
  type ServeOptions,
  urlFor,
  type WebHandler
} from "./WebHandler.ts"

const toWebRequest = (req: Http.IncomingMessage, base: string, signal: AbortSignal): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  const method = req.method ?? "GET"
  const hasBody = method !== "GET" && method !== "HEAD"
  return new Request(new URL(req.url ?? "/", base), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
  } as RequestInit)
}

const writeWebResponse = async (
  response: Response,
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  closed: AbortSignal
) => {
  const headers: Record<string, string | Array<string>> = {}
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return
    headers[name] = value
  })
  // A request body the app left unread (an upload refused by its Content-Length) is not drained:
  // the connection closes after this response, so the client stops sending.
  if (!req.complete) headers.connection = "close"
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers["set-cookie"] = cookies
  res.writeHead(response.status, response.statusText, headers)
  // Headers go out at once: an event stream must reach the browser before its first event.
  res.flushHeaders()
  if (response.body === null) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const cancel = () => void reader.cancel().catch(() => undefined)
  closed.addEventListener("abort", cancel, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve))
    }
    res.end()
  } catch {
    res.destroy()
  } finally {
    closed.removeEventListener("abort", cancel)
  }
}

/**
 * Serves a web handler with `node:http`: each request becomes a Fetch `Request` whose signal aborts
 * when the client goes away, so a streaming response (SSE) is interrupted, not leaked.
 *
 * @since 0.0.0
 */
export const serveNode = (handler: WebHandler, options: ServeOptions): Promise<RunningServer> =>
  bindWithFallback(options, (port) => {
    const server = Http.createServer((req, res) => {
      const aborter = new AbortController()
      res.on("close", () => aborter.abort())
      const base = `http://${req.headers.host ?? `${options.hostname}:${port}`}`
      handler(toWebRequest(req, base, aborter.signal))
        .then((response) => writeWebResponse(response, req, res, aborter.signal))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" })
          res.end("Internal error")
        })
    })
    return new Promise<RunningServer>((resolve, reject) => {
      server.once("error", reject)
      server.listen(port, options.hostname, () => {
        server.off("error", reject)
        const bound = (server.address() as AddressInfo).port
        resolve({
          port: bound,
          url: urlFor(options.hostname, bound),
          stop: () =>
            new Promise<void>((done) => {
              server.closeAllConnections()
              server.close(() => done())
            })
        })
      })
    })
  })
