import { isObject, type Json, type JsonObject } from "./json.ts"

/** Prefix of this project's own extensions; sync carries exactly these over from the current spec. */
export const UC_PREFIX = "x-uc-"

/** Whether a member name is one of this project's `x-uc-*` extensions. */
export const isUcExtension = (key: string): boolean => key.startsWith(UC_PREFIX)

/** Root: the operationIds sync selects from upstream (the deliberate allow-list). */
export const SYNC_OPERATIONS = "x-uc-sync-operations"
/** Operation: whether the runtime may retry it. */
export const RETRY_SAFE = "x-uc-retry-safe"
/** Root: response header carrying a readable error message. */
export const ERROR_HEADER = "x-uc-error-header"
/** Root: headers sent on every request. */
export const DEFAULT_HEADERS = "x-uc-default-headers"
/** Root: optional fields accept null. */
export const OPTIONAL_FIELDS_NULLABLE = "x-uc-optional-fields-nullable"
/** Operation: offset pagination parameters. */
export const PAGINATION = "x-uc-pagination"

/** UltraCart's error header, used when the current spec names none. */
export const DEFAULT_ERROR_HEADER = "UC-REST-ERROR"

/** Methods that are retry-safe unless an operation says otherwise (RFC 9110 idempotent methods). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  "get",
  "head",
  "options",
  "put",
  "delete",
  "trace"
])

/** The allow-list stored in a document, or undefined when it has none (or it is not a string list). */
export const syncOperations = (doc: JsonObject | undefined): ReadonlyArray<string> | undefined => {
  const list = doc?.[SYNC_OPERATIONS]
  return Array.isArray(list) && list.every((x) => typeof x === "string")
    ? (list as ReadonlyArray<string>)
    : undefined
}

/** The `x-uc-*` members of an object, in order. */
export const ucExtensionsOf = (node: Json | undefined): Array<[string, Json]> =>
  isObject(node) ? Object.entries(node).filter(([k]) => isUcExtension(k)) : []
