import type { IncomingMessage, ServerResponse } from "node:http"
import { isObject } from "@uc-conversation/spec"
import { API_PREFIX, MAX_API_BODY, type RawRequest, type ServerContext } from "./context.ts"
import { errorReply } from "./envelope.ts"
import { type FaultSpec, parseFault } from "./faults.ts"
import { json, readBody, send } from "./http.ts"
import type { ConversationMessage, QueueEntry, StoredConversation } from "./model.ts"
import { parseRateLimit } from "./rateLimitConfig.ts"

/** Where the HTTP controls live. */
export const CONTROL_PREFIX = "/__mock/"

/** The JSON body; an empty body reads as `empty` ({} for POST, where every field is optional). */
const readJson = async (req: IncomingMessage, empty: unknown): Promise<unknown> => {
  const bytes = await readBody(req, MAX_API_BODY)
  if (bytes === "too-large") throw new Error("body too large")
  const text = new TextDecoder().decode(bytes)
  return text.trim() === "" ? empty : (JSON.parse(text) as unknown)
}

/** The HTTP twin of the JS controls, for the sample app and other runtimes. Not logged, no credential. */
export const handleControl = async (
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  { method, rawPath }: RawRequest
): Promise<void> => {
  const path = rawPath.slice(CONTROL_PREFIX.length - 1)
  const bad = (message: string): void => send(res, errorReply(ctx.spec.dialect, { status: 400, message }))
  let input: unknown
  try {
    input =
      method === "POST"
        ? await readJson(req, {})
        : method === "PUT"
          ? await readJson(req, undefined)
          : undefined
  } catch {
    return bad("The control request body is not valid JSON.")
  }
  const route = `${method} ${path}`
  switch (route) {
    case "GET /health":
      return send(res, json(200, { ok: true, url: ctx.origin(), baseUrl: `${ctx.origin()}${API_PREFIX}` }))
    case "POST /reset":
      ctx.reset()
      return send(res, { status: 204 })
    case "GET /requests":
      return send(res, json(200, { requests: ctx.log }))
    case "GET /faults":
      return send(res, json(200, { faults: ctx.faults.pending() }))
    case "DELETE /faults":
      ctx.faults.clear()
      return send(res, { status: 204 })
    case "POST /faults": {
      const parsed = (Array.isArray(input) ? input : [input]).map(parseFault)
      const problem = parsed.find((p): p is string => typeof p === "string")
      if (problem !== undefined) return bad(problem)
      for (const fault of parsed as Array<FaultSpec>) ctx.faults.add(fault)
      return send(res, json(201, { armed: parsed.length }))
    }
    case "GET /rate-limit":
      return send(res, json(200, ctx.rateLimiter.snapshot()))
    case "PUT /rate-limit": {
      // Never merged with the current configuration: a test states the limit it runs under (omitted
      // fields take UltraCart's values, not the previous ones).
      if (input === undefined)
        return bad(
          'Send the rate limit as JSON: "off" or {"buckets":[{"limit":20,"seconds":2}],"concurrent":"reject"}.'
        )
      const parsed = parseRateLimit(input)
      if (typeof parsed === "string" && parsed !== "off") return bad(`Invalid rate limit: ${parsed}.`)
      ctx.rateLimiter.configure(parsed)
      return send(res, json(200, ctx.rateLimiter.snapshot()))
    }
    case "POST /conversations": {
      if (!isObject(input)) return bad("Send a JSON object (a partial Conversation).")
      if (input.conversation_uuid !== undefined && typeof input.conversation_uuid !== "string")
        return bad("conversation_uuid must be a string.")
      const conversation = ctx.store.addConversation(input as Partial<StoredConversation>)
      return send(res, json(201, { conversation }))
    }
  }
  // A customer joins (POST, body: a partial ConversationWebchatQueueStatusQueueEntry, `"first":
  // true` to join at the head) or leaves (DELETE …/entries/<participant arn>) a queue's waiting list.
  const entries = /^\/queues\/([^/]+)\/entries(?:\/([^/]+))?$/.exec(path)
  if (entries !== null) {
    let queueName: string
    let arn: string | undefined
    try {
      queueName = decodeURIComponent(entries[1]!)
      arn = entries[2] === undefined ? undefined : decodeURIComponent(entries[2])
    } catch {
      return bad("The queue name or participant ARN is not valid percent-encoding.")
    }
    const unknown = (what: string) =>
      send(res, errorReply(ctx.spec.dialect, { status: 404, message: `${what} was not found.` }))
    if (method === "POST" && arn === undefined) {
      if (!isObject(input)) return bad("Send a JSON object (a partial queue entry).")
      const { first, ...fields } = input
      if (first !== undefined && typeof first !== "boolean") return bad("first must be a boolean.")
      const entry = ctx.store.addQueueEntry(queueName, fields as Partial<QueueEntry>, first === true)
      return entry === undefined
        ? unknown(`Queue ${JSON.stringify(queueName)}`)
        : send(res, json(201, { queue_entry: entry }))
    }
    if (method === "DELETE" && arn !== undefined) {
      return ctx.store.removeQueueEntry(queueName, arn)
        ? send(res, { status: 204 })
        : unknown(`No customer ${JSON.stringify(arn)} waiting in queue ${JSON.stringify(queueName)}`)
    }
  }
  const messages = /^\/conversations\/([^/]+)\/messages$/.exec(path)?.[1]
  if (messages !== undefined && method === "POST") {
    let uuid: string
    try {
      uuid = decodeURIComponent(messages)
    } catch {
      return bad("The conversation uuid is not valid percent-encoding.")
    }
    if (!isObject(input)) return bad("Send a JSON object (a partial ConversationMessage).")
    if (!ctx.store.hasConversation(uuid))
      return send(
        res,
        errorReply(ctx.spec.dialect, {
          status: 404,
          message: `Conversation ${JSON.stringify(uuid)} was not found.`
        })
      )
    const message = ctx.store.addMessage(uuid, input as Partial<ConversationMessage>)
    return send(res, json(201, { conversation_message: message }))
  }
  return send(
    res,
    errorReply(ctx.spec.dialect, { status: 404, message: `No mock control route ${method} ${rawPath}.` })
  )
}
