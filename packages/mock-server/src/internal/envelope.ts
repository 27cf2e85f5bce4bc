import type { WireDialect } from "./dialect.ts"
import { headerSafe, json, type Reply } from "./http.ts"

/** UltraCart's response envelopes: `{success, metadata: {result_set}, <payload>}` and `ErrorResponse`. */

/** Pagination facts for a list payload. */
export interface Page {
  readonly count: number
  readonly limit: number
  readonly offset: number
  readonly total: number
}

/** A success body with the payload under its UltraCart key and a result set describing it. */
export const successEnvelope = (
  payloadKey: string,
  payload: unknown,
  page: Page = { count: 1, limit: 1, offset: 0, total: 1 }
): Record<string, unknown> => {
  const more = page.offset + page.count < page.total
  return {
    success: true,
    metadata: {
      payload_name: payloadKey,
      result_set: {
        count: page.count,
        limit: page.limit,
        more,
        ...(more ? { next_offset: page.offset + page.count } : {}),
        offset: page.offset,
        total_records: page.total
      }
    },
    [payloadKey]: payload
  }
}

/** The `ErrorResponse` body UltraCart sends with every non-2xx status. */
export const errorBody = (status: number, message: string, objectId?: string): Record<string, unknown> => ({
  success: false,
  error: {
    developer_message: message,
    error_code: String(status),
    more_info: "https://www.ultracart.com/api/",
    ...(objectId === undefined ? {} : { object_id: objectId }),
    user_message: message
  },
  metadata: {}
})

/** The spec's error header carrying `message`, as UltraCart sends it with every error; none if the spec names none. */
export const errorHeaders = (dialect: WireDialect, message: string): Record<string, string> =>
  dialect.errorHeader === undefined ? {} : { [dialect.errorHeader]: headerSafe(message) }

/** An ErrorResponse reply with the readable message in the spec's error header. */
export const errorReply = (
  dialect: WireDialect,
  rejection: { readonly status: number; readonly message: string },
  headers: Readonly<Record<string, string>> = {}
): Reply =>
  json(rejection.status, errorBody(rejection.status, rejection.message), {
    ...errorHeaders(dialect, rejection.message),
    ...headers
  })
