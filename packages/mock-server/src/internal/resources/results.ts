import { errorBody } from "../envelope.ts"
import { type HandlerResult, UNKNOWN_RESOURCE_STATUS } from "../operations.ts"

/** Whether a lookup ended in an answer (an error) instead of a value. */
export const isResult = (u: unknown): u is HandlerResult =>
  typeof u === "object" && u !== null && "status" in u && typeof u.status === "number"

/** UltraCart's 400 for a resource that does not exist (see UNKNOWN_RESOURCE_STATUS). */
export const unknownResource = (what: string, id: unknown): HandlerResult => ({
  status: UNKNOWN_RESOURCE_STATUS,
  body: errorBody(UNKNOWN_RESOURCE_STATUS, `${what} ${JSON.stringify(String(id))} was not found.`, String(id))
})

/** UltraCart's 400 for a request it refuses. */
export const badRequest = (message: string, objectId?: string): HandlerResult => ({
  status: 400,
  body: errorBody(400, message, objectId)
})
