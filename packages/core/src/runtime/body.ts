/**
 * Reading a response body under a size limit, the same way on every transport.
 *
 * - The body is read as a stream and counted; reading stops at `maxResponseBytes` and the request
 *   is cancelled, which closes its connection. A `Content-Length` above the limit stops it before
 *   the first byte. So a body holds at most the limit in memory, plus one chunk, however long or
 *   endless the server makes it.
 * - The client asks for `Accept-Encoding: identity` and reads no encoded body. The transports
 *   disagree about compressed bodies: Node's and Bun's fetch always decode them, Deno's fetch
 *   decodes only when it chose the coding itself, undici never does. No one reading of an encoded
 *   body is right on all of them, and a decoder is where a decompression bomb does its damage (the
 *   undici bundled in Node 24 has been reported to crash the process on one). A response that
 *   arrives encoded anyway is reported unread, whatever the transport.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import { HttpClientError, HttpClientResponse } from "effect/http"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * The default `maxResponseBytes`: 32 MiB.
 *
 * The largest legitimate ConversationApi responses are a long conversation's messages and a PBX
 * customer snapshot. A message is about 0.5 KB of JSON; with a 4 KB body, a translation of it and
 * two presigned media URLs it is about 10 KB, so 1,000 such messages are about 10 MB. A customer
 * snapshot (customers, orders, auto orders) is of the same order. 32 MiB is three times that
 * worst case and about thirty times a typical large page, while a body at the limit still costs
 * only a small multiple of it in memory (README, "Security").
 */
export const defaultMaxResponseBytes = 32 * 1024 * 1024

/**
 * The largest limit accepted: V8's longest string (2^29 − 24 characters). A longer body could never
 * be decoded to text, so a limit above it would only move the failure.
 */
export const largestMaxResponseBytes = 0x1fffffe8

/**
 * `value` checked as a `maxResponseBytes` option, or `base` when it is undefined. Throws a
 * RangeError for anything but a whole number of bytes in [1, {@link largestMaxResponseBytes}]
 * (callers turn that into a typed error).
 */
export const resolveMaxResponseBytes = (value: number | undefined, base: number): number => {
  if (value === undefined) return base
  if (!Number.isInteger(value) || value < 1 || value > largestMaxResponseBytes) {
    throw new RangeError(
      `maxResponseBytes must be a whole number of bytes from 1 to ${largestMaxResponseBytes}, got ${String(value)}`
    )
  }
  return value
}

/** What reading a body gave: its bytes, or why it was left unread. */
export type BodyRead =
  | { readonly _tag: "Read"; readonly bytes: Uint8Array }
  | {
      readonly _tag: "TooLarge"
      readonly limit: number
      readonly bytesRead: number
      readonly declaredLength: number | undefined
    }
  | { readonly _tag: "Encoded"; readonly coding: string }

/** The header that asks for unencoded bodies; set on every request (after the caller's headers). */
export const identityEncoding = { name: "accept-encoding", value: "identity" } as const

/** The content coding of a response, or undefined for none (absent, empty or `identity`). */
export const contentCoding = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined
  const codings = header
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity")
  return codings.length === 0 ? undefined : codings.join(", ")
}

/** A `Content-Length` the server declared, when it is one plain decimal number. */
export const declaredLength = (header: string | undefined): number | undefined =>
  header !== undefined && /^\d{1,16}$/.test(header.trim()) ? Number(header.trim()) : undefined

const empty = new Uint8Array(0)

/** Collects chunks until more than `limit` bytes have arrived. */
class Collector {
  private readonly chunks: Array<Uint8Array> = []
  private received = 0
  private tooLarge = false
  private readonly limit: number
  private readonly declared: number | undefined
  constructor(limit: number, declared: number | undefined) {
    this.limit = limit
    this.declared = declared
  }

  /** Keeps `chunk`; false once the body is over the limit (reading must stop). */
  add(chunk: Uint8Array): boolean {
    this.received += chunk.byteLength
    if (this.received > this.limit) {
      this.tooLarge = true
      this.chunks.length = 0
      return false
    }
    this.chunks.push(chunk)
    return true
  }

  /** The body in one buffer (the one chunk itself when there is only one), or TooLarge. */
  result(): BodyRead {
    if (this.tooLarge) {
      return { _tag: "TooLarge", limit: this.limit, bytesRead: this.received, declaredLength: this.declared }
    }
    if (this.chunks.length <= 1) return { _tag: "Read", bytes: this.chunks[0] ?? empty }
    const bytes = new Uint8Array(this.received)
    let offset = 0
    for (const chunk of this.chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    return { _tag: "Read", bytes }
  }
}

const ignore = () => undefined

/**
 * Reads a fetch body with its own reader: one promise for the whole body instead of an Effect
 * stream step per chunk, and no abort of a request that completed. Cancelling the reader (over the
 * limit, or `signal` aborted because the fiber was interrupted) ends the fetch and its connection.
 */
const readWebBody = async (
  body: ReadableStream<Uint8Array> | null,
  collector: Collector,
  signal: AbortSignal
): Promise<BodyRead> => {
  if (body === null) return collector.result()
  const reader = body.getReader()
  const cancel = () => {
    reader.cancel().catch(ignore)
  }
  signal.addEventListener("abort", cancel, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return collector.result()
      if (!collector.add(value)) {
        cancel()
        return collector.result()
      }
    }
  } finally {
    signal.removeEventListener("abort", cancel)
  }
}

/**
 * Reads any other transport's body (undici) through Effect's stream, which aborts the request
 * when it ends early.
 */
const readStreamBody = (
  response: HttpClientResponse.HttpClientResponse,
  collector: Collector
): Effect.Effect<BodyRead, HttpClientError.HttpClientError> =>
  Stream.runForEachWhile(response.stream, (chunk) => Effect.sync(() => collector.add(chunk))).pipe(
    Effect.map(() => collector.result())
  )

/**
 * Closes a response's connection without reading its body: interrupting a body read makes
 * Effect's HttpClient abort the request.
 */
const abandon = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
  Effect.flatMap(
    Effect.forkChild(Effect.ignore(response.arrayBuffer), { startImmediately: true }),
    Fiber.interrupt
  )

/** Why a body must not be read (encoded, or declared over the limit), and its declared length. */
const unreadOf = (
  headers: Readonly<Record<string, string | undefined>>,
  limit: number
): { readonly unread: BodyRead | undefined; readonly declared: number | undefined } => {
  const coding = contentCoding(headers["content-encoding"])
  const declared = declaredLength(headers["content-length"])
  const unread: BodyRead | undefined =
    coding !== undefined
      ? { _tag: "Encoded", coding }
      : declared !== undefined && declared > limit
        ? { _tag: "TooLarge", limit, bytesRead: 0, declaredLength: declared }
        : undefined
  return { unread, declared }
}

/**
 * The direct-fetch path's {@link readBody}: reads a web `Response`'s body under `limit`, with the
 * same rules (an encoded body or one declared over the limit is cancelled unread; a body that
 * goes past the limit is cancelled there). A body with a declared length within the limit is
 * read in one `arrayBuffer()` (fetch reads no more than the declared length); one without is
 * read chunk by chunk. Aborting `signal` cancels the read. Rejects when the body breaks off.
 */
export const readFetchBody = (
  response: globalThis.Response,
  headers: Readonly<Record<string, string | undefined>>,
  limit: number,
  signal: AbortSignal
): Promise<BodyRead> => {
  const { unread, declared } = unreadOf(headers, limit)
  const body = response.body
  if (unread !== undefined) {
    body?.cancel().catch(ignore)
    return Promise.resolve(unread)
  }
  if (body === null) return Promise.resolve({ _tag: "Read", bytes: empty })
  if (declared !== undefined) {
    return response.arrayBuffer().then((buffer): BodyRead => {
      const bytes = new Uint8Array(buffer)
      // Never more than declared under HTTP/1.1 framing; checked anyway, so the limit holds
      // whatever the platform does.
      return bytes.byteLength > limit
        ? { _tag: "TooLarge", limit, bytesRead: bytes.byteLength, declaredLength: declared }
        : { _tag: "Read", bytes }
    })
  }
  return readWebBody(body, new Collector(limit, declared), signal)
}

/**
 * Reads `response`'s body, stopping once more than `limit` bytes have arrived; a body that is
 * encoded, or whose declared length is over the limit, is not read at all. Whenever the body is
 * not read to its end, the request is cancelled, which closes its connection. Fails only when the
 * transport does (reset, truncated body).
 */
export const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<BodyRead, HttpClientError.HttpClientError> => {
  const { unread, declared } = unreadOf(response.headers, limit)
  // Every fetch transport (the facade's default, Bun, Deno): read the Web body directly.
  const web = HttpClientResponse.toWeb(response)
  if (Option.isSome(web)) {
    const body = web.value.body
    if (unread !== undefined) {
      return Effect.sync(() => {
        body?.cancel().catch(ignore)
        return unread
      })
    }
    const collector = new Collector(limit, declared)
    return Effect.tryPromise({
      try: (signal) => readWebBody(body, collector, signal),
      catch: (cause) =>
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.DecodeError({ request: response.request, response, cause })
        })
    })
  }
  if (unread !== undefined) return Effect.as(abandon(response), unread)
  return readStreamBody(response, new Collector(limit, declared)).pipe(
    // A transport may report a missing body (204, HEAD) as an EmptyBodyError.
    Effect.catch((error) =>
      error.reason._tag === "EmptyBodyError"
        ? Effect.succeed({ _tag: "Read", bytes: empty } as const)
        : Effect.fail(error)
    )
  )
}
