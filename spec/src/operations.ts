import { SpecError } from "./errors.ts"
import { isObject, type JsonObject, objectAt } from "./json.ts"
import { child } from "./pointer.ts"
import { deref } from "./refs.ts"

/** The HTTP methods a path item may hold, in the order OpenAPI lists them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const

/** One of {@link HTTP_METHODS}. */
export type HttpMethodName = (typeof HTTP_METHODS)[number]

/** One operation of a document with its location. */
export interface OperationRef {
  /** The path template as written under `/paths`, e.g. `/conversation/conversations/{conversation_uuid}`. */
  readonly path: string
  readonly method: HttpMethodName
  /** Pointer of the operation object, e.g. `/paths/~1conversation~1agent~1auth/put`. */
  readonly pointer: string
  /** The declared operationId (trimmed), or undefined when there is none. */
  readonly operationId: string | undefined
  /** The operationId, or `METHOD path` when the operation has none. */
  readonly id: string
  readonly operation: JsonObject
  /** The path item holding the operation (its `$ref`, if any, followed). */
  readonly pathItem: JsonObject
  /** Pointer of {@link pathItem}. */
  readonly pathItemPointer: string
}

const declaredId = (operation: JsonObject): string | undefined => {
  const id = operation.operationId
  return typeof id === "string" && id.trim() !== "" ? id.trim() : undefined
}

/** Every operation under `/paths`, in document order. A path item `$ref` is followed. */
export const listOperations = (doc: JsonObject): Array<OperationRef> => {
  const out: Array<OperationRef> = []
  for (const [path, raw] of Object.entries(objectAt(doc, "paths") ?? {})) {
    const item = deref(doc, raw, child("/paths", path))
    const pathItem = item.node
    if (!isObject(pathItem)) continue
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method]
      if (!isObject(operation)) continue
      const operationId = declaredId(operation)
      out.push({
        path,
        method,
        pointer: child(item.pointer, method),
        operationId,
        id: operationId ?? `${method.toUpperCase()} ${path}`,
        operation,
        pathItem,
        pathItemPointer: item.pointer
      })
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
