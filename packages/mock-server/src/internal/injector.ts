import type { IncomingMessage, ServerResponse } from "node:http"
import type { Rejection } from "./api.ts"
import type { WireDialect } from "./dialect.ts"
import { errorBody, errorHeaders } from "./envelope.ts"
import { type FaultQueue, type FaultSpec, mutateBody, parseFault } from "./faults.ts"
import { json, type Reply, send, sendTruncated } from "./http.ts"

/** Applies faults to requests: picks one, acts before the operation, damages the response after. */
export interface Injector {
  /** The request's own `x-mock-fault` header wins over the armed queue. */
  readonly choose: (
    req: IncomingMessage,
    operationId: string
  ) => { readonly fault: FaultSpec | undefined } | { readonly rejection: Rejection }
  /** Latency, reset and status faults. Resolves true when the fault answered (or dropped) the request. */
  readonly before: (
    req: IncomingMessage,
    res: ServerResponse,
    fault: FaultSpec | undefined,
    record: (status: number) => void
  ) => Promise<boolean>
  /** Sends `reply`, damaged as the fault asks (body, mutate, content type, malformed JSON, truncation). */
  readonly deliver: (
    res: ServerResponse,
    reply: Reply,
    fault: FaultSpec | undefined,
    payload: unknown
  ) => void
  /** Drops pending latency timers, so a closed server keeps nothing alive. */
  readonly cancelTimers: () => void
}

const JSON_TYPE = "application/json; charset=UTF-8"

/** An injector drawing from `faults`, with its own latency timers. */
export const makeInjector = (faults: FaultQueue, dialect: WireDialect): Injector => {
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  const deliver: Injector["deliver"] = (res, reply, fault, payload) => {
    if (fault === undefined) {
      send(res, reply)
      return
    }
    let body = reply.body
    const headers: Record<string, string> = { ...reply.headers }
    if (fault.body !== undefined) {
      body = typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body)
      headers["content-type"] ??= JSON_TYPE
    } else if (fault.mutate !== undefined && payload !== undefined) {
      body = JSON.stringify(mutateBody(payload, fault.mutate))
    }
    if (fault.malformedJson === true) {
      const text = typeof body === "string" && body.length > 2 ? body : '{"success":true}'
      // Cut inside the JSON and leave a dangling token: valid UTF-8, unparseable JSON.
      body = `${text.slice(0, Math.max(1, Math.floor(text.length * 0.6)))},"`
      headers["content-type"] ??= JSON_TYPE
    }
    if (fault.contentType !== undefined) headers["content-type"] = fault.contentType
    if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter
    const damaged: Reply =
      body === undefined ? { status: reply.status, headers } : { status: reply.status, headers, body }
    if (fault.truncate === true) sendTruncated(res, damaged)
    else send(res, damaged)
  }

  return {
    choose: (req, operationId) => {
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
    },
    before: async (req, res, fault, record) => {
      if (fault === undefined) return false
      if (fault.latencyMs !== undefined && fault.latencyMs > 0) await sleep(fault.latencyMs)
      if (fault.reset === true) {
        record(0)
        req.socket.destroy()
        return true
      }
      if (fault.status === undefined) return false
      const message = `Injected fault: status ${fault.status}`
      const body = errorBody(fault.status, message)
      record(fault.status)
      deliver(
        res,
        json(fault.status, body, fault.status >= 400 ? errorHeaders(dialect, message) : {}),
        fault,
        body
      )
      return true
    },
    deliver,
    cancelTimers: () => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    }
  }
}
