/**
 * A tiny raw HTTP server on 127.0.0.1 for tests that need socket-level behaviour the mock server
 * cannot give (observing aborts, exact request bytes). Stops by itself in the test's scope.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string
  /** The raw request target, exactly as sent (path + query, still percent-encoded). */
  readonly url: string
  readonly headers: Readonly<Record<string, string | Array<string> | undefined>>
  readonly body: string
}

/** A running loopback server. */
export interface Loopback {
  /** "http://127.0.0.1:PORT" */
  readonly origin: string
  readonly requests: Array<SeenRequest>
  /** Number of request sockets closed by the peer before the response finished. */
  readonly aborted: () => number
}

/** Handles one request; the body has already been read into `request.body`. */
export type Handler = (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => void

/** Starts a loopback server for the duration of the current scope. */
export const loopback = (handler: Handler): Effect.Effect<Loopback, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<{ loop: Loopback; close: () => Promise<void> }>((resolve) => {
          const requests: Array<SeenRequest> = []
          let aborted = 0
          const server = createServer((raw, response) => {
            const chunks: Array<Buffer> = []
            raw.on("data", (chunk: Buffer) => chunks.push(chunk))
            raw.on("end", () => {
              const seen: SeenRequest = {
                method: raw.method ?? "",
                url: raw.url ?? "",
                headers: raw.headers,
                body: Buffer.concat(chunks).toString("utf8")
              }
              requests.push(seen)
              response.on("close", () => {
                if (!response.writableFinished) aborted++
              })
              handler(seen, response, raw)
            })
          })
          server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as AddressInfo
            resolve({
              loop: { origin: `http://127.0.0.1:${port}`, requests, aborted: () => aborted },
              close: () =>
                new Promise<void>((done) => {
                  server.closeAllConnections()
                  server.close(() => done())
                })
            })
          })
        })
    ),
    ({ close }) => Effect.promise(close)
  ).pipe(Effect.map(({ loop }) => loop))

/** Sends a JSON response. */
export const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): void => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify(body))
}
