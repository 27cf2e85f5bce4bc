import { SpecError } from "./errors.ts"
import { isObject, type JsonObject, objectAt } from "./json.ts"
import { child } from "./pointer.ts"

/** The HTTP methods a path item may hold, in the order OpenAPI lists them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const

/** One operation of a document with its location. */
export interface OperationRef {
  readonly path: string
  readonly method: (typeof HTTP_METHODS)[number]
  /** Pointer of the operation object, e.g. `/paths/~1conversation~1agent~1auth/put`. */
  readonly pointer: string
  /** The operationId, or `METHOD path` when the operation has none. */
  readonly id: string
  readonly operation: JsonObject
}

/** Every operation under `/paths`, in document order. */
export const listOperations = (doc: JsonObject): Array<OperationRef> => {
  const out: Array<OperationRef> = []
  for (const [path, item] of Object.entries(objectAt(doc, "paths") ?? {})) {
    if (!isObject(item)) continue
    for (const method of HTTP_METHODS) {
      const operation = item[method]
      if (!isObject(operation)) continue
      const id =
        typeof operation.operationId === "string" ? operation.operationId : `${method.toUpperCase()} ${path}`
      out.push({ path, method, pointer: child("/paths", path, method), id, operation })
    }
  }
  return out
}

/** The tag UltraCart files ConversationApi operations under (compared case-insensitively). */
export const CONVERSATION_TAG = "conversation"

/** Whether an operation belongs to UltraCart's ConversationApi (it carries the `conversation` tag). */
export const isConversationOperation = (operation: JsonObject): boolean =>
  Array.isArray(operation.tags) &&
  operation.tags.some((t) => typeof t === "string" && t.toLowerCase() === CONVERSATION_TAG)

/** The document's Conversation operations; fails at `/paths` when there are none. */
export const requireConversationOperations = (doc: JsonObject, file: string): Array<OperationRef> => {
  const ops = listOperations(doc).filter((o) => isConversationOperation(o.operation))
  if (ops.length === 0) {
    throw new SpecError(
      file,
      "/paths",
      `no Conversation operations (no operation is tagged "${CONVERSATION_TAG}")`
    )
  }
  return ops
}
