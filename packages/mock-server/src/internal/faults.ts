/** Fault injection: what can go wrong with one response, how long a fault lasts, and which calls it hits. */
import { isObject } from "@uc-conversation/spec"

/** How to damage a well-formed success body while keeping it valid JSON. */
export type Mutation = "unknownEnum" | "nulls" | "extraFields"

/**
 * One injected fault. Every field is optional and they combine: `latencyMs` delays whatever
 * follows; `reset` drops the connection before any response; `status` answers with an error
 * (ErrorResponse body unless `body` is given, `Retry-After` from `retryAfter`); otherwise the
 * operation runs and its response is damaged by `mutate`, `body`, `contentType`, `malformedJson`
 * or `truncate`.
 */
export interface FaultSpec {
  /** Only requests to this operation (or pseudo-operation, e.g. "uploadPut"); every request when absent. */
  readonly operationId?: string
  /** How many matching requests it hits; 1 when absent, "always" until cleared. */
  readonly times?: number | "always"
  readonly status?: number
  readonly retryAfter?: string
  readonly latencyMs?: number
  readonly reset?: boolean
  readonly truncate?: boolean
  readonly malformedJson?: boolean
  readonly contentType?: string
  readonly body?: unknown
  readonly mutate?: Mutation
}

const KEYS = new Set([
  "operationId",
  "times",
  "status",
  "retryAfter",
  "latencyMs",
  "reset",
  "truncate",
  "malformedJson",
  "contentType",
  "body",
  "mutate"
])

/** Checks a fault that arrived as JSON (control route or `x-mock-fault`); returns it or a reason. */
export const parseFault = (input: unknown): FaultSpec | string => {
  if (!isObject(input)) return "a fault must be a JSON object"
  for (const key of Object.keys(input)) if (!KEYS.has(key)) return `unknown fault field \`${key}\``
  const { operationId, times, status, retryAfter, latencyMs, contentType, mutate } = input
  if (operationId !== undefined && typeof operationId !== "string") return "`operationId` must be a string"
  if (times !== undefined && times !== "always" && !(Number.isInteger(times) && (times as number) >= 1))
    return '`times` must be a positive integer or "always"'
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)
  )
    return "`status` must be an HTTP status code"
  if (retryAfter !== undefined && typeof retryAfter !== "string") return "`retryAfter` must be a string"
  if (latencyMs !== undefined && !(typeof latencyMs === "number" && latencyMs >= 0 && latencyMs <= 600_000))
    return "`latencyMs` must be a number of milliseconds (0-600000)"
  if (contentType !== undefined && typeof contentType !== "string") return "`contentType` must be a string"
  if (mutate !== undefined && mutate !== "unknownEnum" && mutate !== "nulls" && mutate !== "extraFields")
    return '`mutate` must be "unknownEnum", "nulls" or "extraFields"'
  for (const flag of ["reset", "truncate", "malformedJson"] as const)
    if (input[flag] !== undefined && typeof input[flag] !== "boolean") return `\`${flag}\` must be a boolean`
  return input as FaultSpec
}

interface Armed {
  readonly spec: FaultSpec
  remaining: number
}

/** The queue of armed faults. The first armed fault that matches a request is used and counted down. */
export interface FaultQueue {
  readonly add: (spec: FaultSpec) => void
  readonly take: (operationId: string) => FaultSpec | undefined
  readonly clear: () => void
  readonly pending: () => ReadonlyArray<FaultSpec>
}

/** An empty fault queue. */
export const makeFaultQueue = (): FaultQueue => {
  let armed: Array<Armed> = []
  return {
    add: (spec) => {
      armed.push({ spec, remaining: spec.times === "always" ? Number.POSITIVE_INFINITY : (spec.times ?? 1) })
    },
    take: (operationId) => {
      const hit = armed.find((a) => a.spec.operationId === undefined || a.spec.operationId === operationId)
      if (hit === undefined) return undefined
      hit.remaining -= 1
      if (hit.remaining <= 0) armed = armed.filter((a) => a !== hit)
      return hit.spec
    },
    clear: () => {
      armed = []
    },
    pending: () => armed.map((a) => a.spec)
  }
}

/** Values UltraCart does not (yet) send, for every enum the spec declares. */
const UNKNOWN_ENUMS: Readonly<Record<string, string>> = {
  medium: "carrier_pigeon",
  type: "reaction",
  status: "DELIVERED_BY_OWL",
  agent_status: "on_break",
  sentiment: "AMBIVALENT"
}

const walk = (value: unknown, visit: (record: Record<string, unknown>) => void): void => {
  if (Array.isArray(value)) for (const item of value) walk(item, visit)
  else if (isObject(value)) {
    // a fresh copy (mutateBody clones first): writing into it is the point
    visit(value as Record<string, unknown>)
    for (const child of Object.values(value)) walk(child, visit)
  }
}

/** Damages a success body in place (it is always a fresh copy) as `mutation` asks. */
export const mutateBody = (body: unknown, mutation: Mutation): unknown => {
  const copy: unknown = structuredClone(body)
  if (!isObject(copy)) return copy
  const payloadKeys = Object.keys(copy).filter(
    (k) => !["success", "metadata", "error", "warning"].includes(k)
  )
  switch (mutation) {
    case "unknownEnum":
      walk(copy, (record) => {
        for (const [key, replacement] of Object.entries(UNKNOWN_ENUMS))
          if (typeof record[key] === "string") record[key] = replacement
      })
      break
    case "nulls": {
      // UltraCart declares nothing required: every scalar and every list may come back null.
      const nullify = (record: Record<string, unknown>): void => {
        for (const [key, value] of Object.entries(record))
          if (
            value === null ||
            typeof value !== "object" ||
            (Array.isArray(value) && value.every((v) => !isObject(v)))
          )
            record[key] = null
      }
      for (const key of payloadKeys) walk(copy[key], nullify)
      const resultSet = isObject(copy.metadata) ? copy.metadata.result_set : undefined
      if (isObject(resultSet)) (resultSet as Record<string, unknown>).total_records = null
      break
    }
    case "extraFields": {
      // Collect first: the added objects must not be walked (and extended) in turn.
      const records: Array<Record<string, unknown>> = []
      walk(copy, (record) => records.push(record))
      for (const record of records) {
        record.x_mock_unannounced_field = "added by a newer UltraCart release"
        record.x_mock_unannounced_object = { nested: [1, 2, 3] }
      }
      break
    }
  }
  return copy
}
