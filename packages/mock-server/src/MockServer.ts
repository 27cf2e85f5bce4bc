import { createHash } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import {
  checkAuth,
  checkVersion,
  type Rejection,
  readParameters,
  readRequestBody,
  route,
  runOperation
} from "./internal/api.ts"
import { errorBody } from "./internal/envelope.ts"
import { type FaultSpec, makeFaultQueue, mutateBody, parseFault } from "./internal/faults.ts"
import { headerSafe, json, type Reply, readBody, send, sendTruncated } from "./internal/http.ts"
import type { ConversationMessage, StoredConversation } from "./internal/model.ts"
import { UPLOAD_URL_TTL_MS } from "./internal/operations.ts"
import { DEFAULT_SEED } from "./internal/seed.ts"
import { checkUploadSignature } from "./internal/signing.ts"
import { loadSpec } from "./internal/spec.ts"
import { makeStore, type StoredUpload } from "./internal/store.ts"

export type { FaultSpec, Mutation } from "./internal/faults.ts"
export type { ConversationMessage, ConversationParticipant, StoredConversation } from "./internal/model.ts"
export type { StoredUpload } from "./internal/store.ts"

/** Options of {@link startMockServer}. Every field has a deterministic default. */
export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number
  /** Interface to bind; loopback by default. */
  readonly host?: string
  /** The simple key the mock accepts in `x-ultracart-simple-key`. */
  readonly simpleKey?: string
  /** The OAuth token the mock accepts in `Authorization: Bearer`. */
  readonly oauthToken?: string
  /** Seed of the generated data; the same seed always gives the same conversations. */
  readonly seed?: number
  /** Path of the OpenAPI document to validate against (see README for the default lookup). */
  readonly specPath?: string
  /** How long presigned upload URLs stay valid, in ms (15 minutes by default). */
  readonly uploadUrlTtlMs?: number
}

/** One request the mock received. Credentials are never recorded. */
export interface RequestLogEntry {
  readonly method: string
  /** The path exactly as received, still percent-encoded, without the query string. */
  readonly path: string
  /** The raw query string without "?", or "" */
  readonly query: string
  /** The spec operationId, a pseudo-operation ("uploadPut", "uploadGet") or undefined when nothing matched. */
  readonly operationId: string | undefined
  /** The status sent; 0 when the connection was reset by a fault. */
  readonly status: number
  /** Path parameters, decoded. */
  readonly pathParams: Readonly<Record<string, string>>
  /** The fault applied to this request, if any. */
  readonly fault?: FaultSpec
}

/** A running mock. */
export interface MockServer {
  /** `http://host:port` */
  readonly url: string
  /** `http://host:port/rest/v2`, the base URL to give a client. */
  readonly baseUrl: string
  /** The simple key it accepts (a clearly fake default unless one was given). */
  readonly simpleKey: string
  /** The OAuth bearer token it accepts. */
  readonly oauthToken: string
  /** Arms a fault for later requests (see {@link FaultSpec}); `times` defaults to 1. */
  readonly injectFault: (fault: FaultSpec) => void
  /** Disarms every pending fault. */
  readonly clearFaults: () => void
  /** Every API and upload request received since start or the last reset, oldest first. */
  readonly requests: () => ReadonlyArray<RequestLogEntry>
  /** Adds a message to a conversation and returns it, with a fresh, strictly increasing message_epoch. */
  readonly addMessage: (
    conversationUuid: string,
    message: Partial<ConversationMessage>
  ) => ConversationMessage
  /** Adds a conversation; `conversation_uuid` may be any string (slashes, spaces, non-ASCII...). */
  readonly addConversation: (conversation?: Partial<StoredConversation>) => StoredConversation
  /** A copy of a stored conversation with all its messages, or undefined. */
  readonly conversation: (conversationUuid: string) => StoredConversation | undefined
  /** An uploaded object by key, or undefined. */
  readonly upload: (key: string) => StoredUpload | undefined
  /** Restores the seeded data and clears faults, uploads and the request log. */
  readonly reset: () => void
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  readonly close: () => Promise<void>
}

/** The default simple key: clearly fake, the same on every run. */
export const DEFAULT_SIMPLE_KEY = "mock-simple-key-0000000000000000000000000000000000000000000000000000"
/** The default OAuth token: clearly fake, the same on every run. */
export const DEFAULT_OAUTH_TOKEN = "mock-oauth-token-00000000000000000000000000000000"

const API_PREFIX = "/rest/v2"
const MAX_API_BODY = 1024 * 1024
const MAX_UPLOAD = 10 * 1024 * 1024

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isRejection = (u: object): u is Rejection =>
  "status" in u && "message" in u && typeof u.status === "number" && typeof u.message === "string"

const errorReply = (rejection: Rejection, headers: Readonly<Record<string, string>> = {}): Reply =>
  json(rejection.status, errorBody(rejection.status, rejection.message), {
    "UC-REST-ERROR": headerSafe(rejection.message),
    ...headers
  })

/** S3 answers presigned-URL problems with an XML error; the mock does too. */
const s3Error = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { "content-type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
})

/**
 * Starts the mock UltraCart ConversationApi on loopback.
 *
 * @example
 * const mock = await startMockServer({ port: 0 })
 * // point a client at mock.baseUrl with mock.simpleKey
 * await mock.close()
 */
export const startMockServer = async (options: MockServerOptions = {}): Promise<MockServer> => {
  const spec = loadSpec(options.specPath)
  const store = makeStore(options.seed ?? DEFAULT_SEED)
  const faults = makeFaultQueue()
  const log: Array<RequestLogEntry> = []
  const credentials = {
    simpleKey: options.simpleKey ?? DEFAULT_SIMPLE_KEY,
    oauthToken: options.oauthToken ?? DEFAULT_OAUTH_TOKEN
  }
  const uploadTtlMs = options.uploadUrlTtlMs ?? UPLOAD_URL_TTL_MS
  const timers = new Set<ReturnType<typeof setTimeout>>()
  let baseOrigin = ""

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  /** Sends `reply` through the fault's response damage (body, mutate, content type, malformed, truncate). */
  const deliver = (
    res: ServerResponse,
    reply: Reply,
    fault: FaultSpec | undefined,
    payload: unknown
  ): void => {
    if (fault === undefined) {
      send(res, reply)
      return
    }
    let body = reply.body
    let headers: Record<string, string> = { ...reply.headers }
    if (fault.body !== undefined) {
      body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body)
      headers["content-type"] ??= "application/json; charset=UTF-8"
    } else if (fault.mutate !== undefined && payload !== undefined) {
      body = JSON.stringify(mutateBody(payload, fault.mutate))
    }
    if (fault.malformedJson === true) {
      const text = typeof body === "string" && body.length > 2 ? body : '{"success":true}'
      // Cut inside the JSON and leave a dangling token: valid UTF-8, unparseable JSON.
      body = `${text.slice(0, Math.max(1, Math.floor(text.length * 0.6)))},"`
      headers["content-type"] ??= "application/json; charset=UTF-8"
    }
    if (fault.contentType !== undefined) headers = { ...headers, "content-type": fault.contentType }
    if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter
    const damaged: Reply =
      body === undefined ? { status: reply.status, headers } : { status: reply.status, headers, body }
    if (fault.truncate === true) sendTruncated(res, damaged)
    else send(res, damaged)
  }

  /** Latency, reset and status faults, which act before the operation runs. Returns true when it answered. */
  const preFault = async (
    res: ServerResponse,
    req: IncomingMessage,
    fault: FaultSpec | undefined,
    record: (status: number) => void
  ): Promise<boolean> => {
    if (fault === undefined) return false
    if (fault.latencyMs !== undefined && fault.latencyMs > 0) await sleep(fault.latencyMs)
    if (fault.reset === true) {
      record(0)
      req.socket.destroy()
      return true
    }
    if (fault.status !== undefined) {
      const message = `Injected fault: status ${fault.status}`
      const body = errorBody(fault.status, message)
      const reply = json(fault.status, body, fault.status >= 400 ? { "UC-REST-ERROR": message } : {})
      record(fault.status)
      deliver(res, reply, fault, body)
      return true
    }
    return false
  }

  /** The request's own `x-mock-fault` header wins over the armed queue. */
  const faultFor = (
    req: IncomingMessage,
    operationId: string
  ): { readonly fault: FaultSpec | undefined } | { readonly rejection: Rejection } => {
    const header = req.headers["x-mock-fault"]
    if (typeof header !== "string") return { fault: faults.take(operationId) }
    let parsed: unknown
    try {
      parsed = JSON.parse(header)
    } catch {
      return { rejection: { status: 400, message: "x-mock-fault is not valid JSON." } }
    }
    const fault = parseFault(parsed)
    return typeof fault === "string"
      ? { rejection: { status: 400, message: `x-mock-fault: ${fault}` } }
      : { fault }
  }

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    rawPath: string,
    rawQuery: string,
    origin: string
  ): Promise<void> => {
    const found = route(spec.operations, method, rawPath.slice(API_PREFIX.length))
    const entry = {
      method,
      path: rawPath,
      query: rawQuery,
      operationId: found._tag === "Matched" ? found.operation.operationId : undefined,
      pathParams: found._tag === "Matched" ? found.pathParams : {}
    }
    const record = (status: number, fault?: FaultSpec): void => {
      log.push(fault === undefined ? { ...entry, status } : { ...entry, status, fault })
    }
    const bytes = await readBody(req, MAX_API_BODY)
    if (found._tag === "NoSuchPath") {
      record(404)
      return send(res, errorReply({ status: 404, message: `No ConversationApi operation at ${rawPath}.` }))
    }
    if (found._tag === "BadEncoding") {
      record(400)
      return send(res, errorReply({ status: 400, message: "The path is not valid percent-encoding." }))
    }
    if (found._tag === "MethodNotAllowed") {
      const allow = found.allow.join(", ")
      if (method === "OPTIONS") {
        record(204)
        return send(res, {
          status: 204,
          headers: {
            allow,
            "access-control-allow-methods": allow,
            "access-control-allow-headers":
              req.headers["access-control-request-headers"] ??
              "content-type, x-ultracart-simple-key, authorization"
          }
        })
      }
      record(405)
      return send(res, errorReply({ status: 405, message: `${method} is not allowed here.` }, { allow }))
    }
    const { operation, pathParams } = found
    const chosen = faultFor(req, operation.operationId)
    if ("rejection" in chosen) {
      record(chosen.rejection.status)
      return send(res, errorReply(chosen.rejection))
    }
    const applied = chosen.fault
    if (await preFault(res, req, applied, (status) => record(status, applied))) return
    const reject = (rejection: Rejection): void => {
      record(rejection.status, applied)
      deliver(res, errorReply(rejection), applied, undefined)
    }
    const denied =
      checkAuth(req.headers, credentials) ??
      checkVersion(req.headers) ??
      (bytes === "too-large" ? { status: 400, message: "The request body is too large." } : undefined)
    if (denied !== undefined) return reject(denied)
    const params = readParameters(operation, pathParams, new URLSearchParams(rawQuery), req.headers)
    if (isRejection(params)) return reject(params)
    const parsed = readRequestBody(operation, bytes as Uint8Array, req.headers["content-type"])
    if (isRejection(parsed)) return reject(parsed)
    const result = runOperation(operation, {
      params: params.params,
      body: parsed.body,
      store,
      origin,
      uploadTtlMs
    })
    record(result.status, applied)
    const reply: Reply =
      result.body === undefined
        ? { status: result.status }
        : json(
            result.status,
            result.body,
            result.status >= 400 && isRecord(result.body) && isRecord(result.body.error)
              ? { "UC-REST-ERROR": headerSafe(String(result.body.error.developer_message)) }
              : {}
          )
    deliver(res, reply, applied, result.body)
  }

  const handleUpload = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    rawPath: string,
    rawQuery: string
  ): Promise<void> => {
    let key: string
    try {
      key = decodeURIComponent(rawPath.slice("/__uploads/".length))
    } catch {
      key = ""
    }
    const operationId = method === "PUT" ? "uploadPut" : method === "GET" ? "uploadGet" : undefined
    const entry = { method, path: rawPath, query: rawQuery, operationId, pathParams: { key } }
    const chosen = operationId === undefined ? { fault: undefined } : faultFor(req, operationId)
    const applied = "fault" in chosen ? chosen.fault : undefined
    const record = (status: number): void => {
      log.push(applied === undefined ? { ...entry, status } : { ...entry, status, fault: applied })
    }
    const bytes = await readBody(req, MAX_UPLOAD)
    if ("rejection" in chosen) {
      record(400)
      return send(res, errorReply(chosen.rejection))
    }
    if (await preFault(res, req, applied, record)) return
    const answer = (reply: Reply): void => {
      record(reply.status)
      deliver(res, reply, applied, undefined)
    }
    if (method === "GET" || method === "HEAD") {
      const upload = store.uploads.get(key)
      if (upload === undefined) return answer(s3Error(404, "NoSuchKey", "The specified key does not exist."))
      return answer({
        status: 200,
        headers: { "content-type": upload.contentType ?? "application/octet-stream" },
        body: upload.bytes
      })
    }
    if (method !== "PUT")
      return answer({ ...s3Error(405, "MethodNotAllowed", "Use PUT."), headers: { allow: "GET, PUT" } })
    const query = new URLSearchParams(rawQuery)
    const expires = Number(query.get("expires"))
    const signature = query.get("signature") ?? ""
    if (key === "" || !Number.isSafeInteger(expires) || !checkUploadSignature(key, expires, signature))
      return answer(s3Error(403, "SignatureDoesNotMatch", "The request signature does not match."))
    if (Date.now() > expires) return answer(s3Error(403, "AccessDenied", "Request has expired."))
    if (bytes === "too-large") return answer(s3Error(413, "EntityTooLarge", "The upload exceeds 10 MiB."))
    const contentType = req.headers["content-type"]
    store.uploads.set(key, { bytes, contentType })
    const etag = `"${createHash("md5").update(bytes).digest("hex")}"`
    return answer({ status: 200, headers: { etag } })
  }

  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    const bytes = await readBody(req, MAX_API_BODY)
    if (bytes === "too-large") throw new Error("body too large")
    const text = new TextDecoder().decode(bytes)
    return text.trim() === "" ? {} : (JSON.parse(text) as unknown)
  }

  /** The HTTP twin of the JS controls, for the sample app and for other runtimes. Never logged. */
  const handleControl = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    rawPath: string
  ) => {
    const path = rawPath.slice("/__mock".length)
    const bad = (message: string): void => send(res, errorReply({ status: 400, message }))
    let input: unknown
    try {
      input = method === "POST" ? await readJson(req) : undefined
    } catch {
      return bad("The control request body is not valid JSON.")
    }
    if (path === "/health" && method === "GET")
      return send(res, json(200, { ok: true, url: baseOrigin, baseUrl: `${baseOrigin}${API_PREFIX}` }))
    if (path === "/reset" && method === "POST") {
      api.reset()
      return send(res, { status: 204 })
    }
    if (path === "/requests" && method === "GET") return send(res, json(200, { requests: log }))
    if (path === "/faults" && method === "GET") return send(res, json(200, { faults: faults.pending() }))
    if (path === "/faults" && method === "DELETE") {
      faults.clear()
      return send(res, { status: 204 })
    }
    if (path === "/faults" && method === "POST") {
      const list = Array.isArray(input) ? input : [input]
      const parsed = list.map(parseFault)
      const problem = parsed.find((p): p is string => typeof p === "string")
      if (problem !== undefined) return bad(problem)
      for (const f of parsed as Array<FaultSpec>) faults.add(f)
      return send(res, json(201, { armed: parsed.length }))
    }
    if (path === "/conversations" && method === "POST") {
      if (!isRecord(input)) return bad("Send a JSON object (a partial Conversation).")
      if (input.conversation_uuid !== undefined && typeof input.conversation_uuid !== "string")
        return bad("conversation_uuid must be a string.")
      return send(res, json(201, { conversation: api.addConversation(input as Partial<StoredConversation>) }))
    }
    const messages = /^\/conversations\/([^/]+)\/messages$/.exec(path)
    if (messages?.[1] !== undefined && method === "POST") {
      let uuid: string
      try {
        uuid = decodeURIComponent(messages[1])
      } catch {
        return bad("The conversation uuid is not valid percent-encoding.")
      }
      if (!isRecord(input)) return bad("Send a JSON object (a partial ConversationMessage).")
      if (!store.hasConversation(uuid))
        return send(
          res,
          errorReply({ status: 404, message: `Conversation ${JSON.stringify(uuid)} was not found.` })
        )
      return send(
        res,
        json(201, { conversation_message: api.addMessage(uuid, input as Partial<ConversationMessage>) })
      )
    }
    return send(res, errorReply({ status: 404, message: `No mock control route ${method} ${rawPath}.` }))
  }

  const server = createServer((req, res) => {
    const method = (req.method ?? "GET").toUpperCase()
    const rawUrl = req.url ?? "/"
    const q = rawUrl.indexOf("?")
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q)
    const rawQuery = q === -1 ? "" : rawUrl.slice(q + 1)
    const origin = typeof req.headers.host === "string" ? `http://${req.headers.host}` : baseOrigin
    const work =
      rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`)
        ? handleApi(req, res, method, rawPath, rawQuery, origin)
        : rawPath.startsWith("/__uploads/")
          ? handleUpload(req, res, method, rawPath, rawQuery)
          : rawPath.startsWith("/__mock/")
            ? handleControl(req, res, method, rawPath)
            : Promise.resolve(
                send(
                  res,
                  errorReply({
                    status: 404,
                    message: `Nothing at ${rawPath}; the API lives under ${API_PREFIX}.`
                  })
                )
              )
    work.catch((cause: unknown) => {
      send(res, errorReply({ status: 500, message: `Mock failure: ${String(cause)}` }))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host =
    address.family === "IPv6" || address.family === (6 as unknown as string)
      ? `[${address.address}]`
      : address.address
  baseOrigin = `http://${host}:${address.port}`

  const api: MockServer = {
    url: baseOrigin,
    baseUrl: `${baseOrigin}${API_PREFIX}`,
    simpleKey: credentials.simpleKey,
    oauthToken: credentials.oauthToken,
    injectFault: (fault) => {
      const parsed = parseFault(fault)
      if (typeof parsed === "string") throw new TypeError(`injectFault: ${parsed}`)
      faults.add(parsed)
    },
    clearFaults: faults.clear,
    requests: () => log.map((entry) => ({ ...entry })),
    addMessage: store.addMessage,
    addConversation: (conversation = {}) => store.addConversation(conversation),
    conversation: (uuid) => store.getConversation(uuid, undefined),
    upload: (key) => store.uploads.get(key),
    reset: () => {
      store.reset()
      faults.clear()
      log.length = 0
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // Idle keep-alive sockets would otherwise hold Deno and Bun open for a long time.
        server.closeAllConnections?.()
      })
  }
  return api
}
