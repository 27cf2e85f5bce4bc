import type { IncomingMessage, ServerResponse } from "node:http"

/** Small node:http helpers that behave the same on Node, Bun and Deno. */

/** Reads the whole request body, refusing more than `maxBytes`. */
export const readBody = (req: IncomingMessage, maxBytes: number): Promise<Uint8Array | "too-large"> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let tooLarge = false
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) tooLarge = true
      else chunks.push(chunk)
    })
    req.on("end", () => resolve(tooLarge ? "too-large" : new Uint8Array(Buffer.concat(chunks))))
    req.on("error", reject)
  })

/** Header values must be visible ASCII; anything else (a uuid with non-ASCII, say) becomes "?". */
export const headerSafe = (value: string): string => value.replace(/[^\x20-\x7e]/g, "?").slice(0, 500)

/**
 * CORS headers so a browser page can call the mock directly. Every response header is exposed
 * (`*`, valid because no request is credentialed: the origin is `*` too), so the spec's error
 * header needs no second mention here.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "*"
}

/** A response ready to send. */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  /** Bytes or text to send; omitted for 204 and friends. */
  readonly body?: string | Uint8Array
}

/** Sends a reply unless the client already went away. */
export const send = (res: ServerResponse, reply: Reply): void => {
  if (res.destroyed || res.writableEnded) return
  const headers: Record<string, string | number> = { ...CORS_HEADERS, ...reply.headers }
  if (reply.body !== undefined) headers["content-length"] = Buffer.byteLength(reply.body)
  res.writeHead(reply.status, headers)
  res.end(reply.body)
}

/** Sends the head and the first half of the body, then drops the connection. */
export const sendTruncated = (res: ServerResponse, reply: Reply): void => {
  if (res.destroyed || res.writableEnded) return
  const bytes = Buffer.from(reply.body ?? "")
  res.writeHead(reply.status, { ...CORS_HEADERS, ...reply.headers, "content-length": bytes.length })
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => {
    res.socket?.destroy()
  })
}

/** A JSON reply. */
export const json = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {}
): Reply => ({
  status,
  headers: { "content-type": "application/json; charset=UTF-8", ...headers },
  body: JSON.stringify(body)
})

/** The answer to a CORS preflight (or a plain OPTIONS): what is allowed, from any origin. */
export const preflight = (req: IncomingMessage, allow: string): Reply => ({
  status: 204,
  headers: {
    allow,
    "access-control-allow-methods": allow,
    "access-control-allow-headers":
      // Without a request list: any header (`*`; no request is credentialed), Authorization named
      // because the wildcard never covers it.
      req.headers["access-control-request-headers"] ?? "*, authorization",
    "access-control-max-age": "600"
  }
})
