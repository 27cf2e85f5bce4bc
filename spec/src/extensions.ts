/**
 * This project's `x-uc-*` extensions: their names, and one typed reader each. The readers are
 * lenient (an absent or malformed value reads as "not stated"); `checkDocument` in validate.ts
 * holds a document of ours to their exact shape.
 */
import { isObject, type Json, type JsonObject } from "./json.ts"
import type { HttpMethodName } from "./operations.ts"

/** Prefix of this project's own extensions; sync carries exactly these over from the current spec. */
export const UC_PREFIX = "x-uc-"

/** Whether a member name is one of this project's `x-uc-*` extensions. */
export const isUcExtension = (key: string): boolean => key.startsWith(UC_PREFIX)

/** Root: the operationIds sync selects from upstream (the former allow-list; still read). */
export const SYNC_OPERATIONS = "x-uc-sync-operations"
/** Root: sync's selection rule, `{tag, exclude}`: every upstream operation with the tag, minus the excluded ones. */
export const SYNC_SELECT = "x-uc-sync-select"
/** Operation: whether the runtime may retry it. */
export const RETRY_SAFE = "x-uc-retry-safe"
/** Root: response header carrying a readable error message. */
export const ERROR_HEADER = "x-uc-error-header"
/** Root: headers sent on every request. */
export const DEFAULT_HEADERS = "x-uc-default-headers"
/** Root (or one object schema): optional fields accept null. */
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

/** Methods whose newly adopted operations sync marks retry-safe; anything else starts `false` (review it). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["get", "head", "options"])

/** `x-uc-sync-select`: select upstream operations by tag, minus an explicit deny-list. */
export interface SyncSelect {
  /** The tag an operation must carry (compared case-insensitively), e.g. `conversation`. */
  readonly tag: string
  /** operationIds left out on purpose. */
  readonly exclude: ReadonlyArray<string>
}

/** The selection rule sync uses when a document states none (a first sync). */
export const DEFAULT_SYNC_SELECT: SyncSelect = { tag: "conversation", exclude: [] }

/** The `x-uc-sync-select` stored in a document, or undefined when absent or malformed. */
export const syncSelectOf = (doc: JsonObject | undefined): SyncSelect | undefined => {
  const value = doc?.[SYNC_SELECT]
  if (!isObject(value) || typeof value.tag !== "string" || value.tag.trim() === "") return undefined
  const exclude = value.exclude ?? []
  if (!Array.isArray(exclude) || !exclude.every((x) => typeof x === "string")) return undefined
  return { tag: value.tag, exclude: exclude as ReadonlyArray<string> }
}

/** Whether an operation carries `tag` (case-insensitive, as UltraCart's tags are compared). */
export const hasTag = (operation: JsonObject, tag: string): boolean =>
  Array.isArray(operation.tags) &&
  operation.tags.some((t) => typeof t === "string" && t.toLowerCase() === tag.toLowerCase())

/** The `x-uc-*` members of an object, in order. */
export const ucExtensionsOf = (node: Json | undefined): Array<[string, Json]> =>
  isObject(node) ? Object.entries(node).filter(([k]) => isUcExtension(k)) : []

/** `x-uc-retry-safe` of an operation, else its method's default ({@link IDEMPOTENT_METHODS}). */
export const retrySafeOf = (operation: JsonObject, method: HttpMethodName): boolean => {
  const stated = operation[RETRY_SAFE]
  return typeof stated === "boolean" ? stated : IDEMPOTENT_METHODS.has(method)
}

/** `x-uc-pagination`: offset paging through query parameters. */
export interface Pagination {
  /** The query parameter carrying the page size, e.g. `_limit`. */
  readonly limit: string
  /** The query parameter carrying the offset, e.g. `_offset`. */
  readonly offset: string
  /** The payload member holding the page's items, e.g. `conversations`. */
  readonly items: string
  /** The largest page size the server accepts. */
  readonly max: number
}

/** Why a `x-uc-pagination` value is not a {@link Pagination}: the member at fault and what is wrong. */
export interface PaginationProblem {
  /** `""` for the value itself, else one of its members. */
  readonly member: "" | keyof Pagination
  readonly message: string
}

/** Reads an `x-uc-pagination` value, or says which member is wrong. */
export const readPagination = (value: Json | undefined): Pagination | PaginationProblem => {
  if (!isObject(value)) return { member: "", message: "must be an object {limit, offset, items, max}" }
  for (const member of ["limit", "offset", "items"] as const) {
    if (typeof value[member] !== "string") return { member, message: "must be a string" }
  }
  const max = value.max
  if (typeof max !== "number" || !Number.isInteger(max) || max <= 0) {
    return { member: "max", message: "must be a positive integer" }
  }
  return { limit: String(value.limit), offset: String(value.offset), items: String(value.items), max }
}

/** Whether {@link readPagination} found a problem. */
export const isPaginationProblem = (u: Pagination | PaginationProblem): u is PaginationProblem =>
  "message" in u

/** An operation's `x-uc-pagination`, or undefined when it has none or it is malformed. */
export const paginationOf = (operation: JsonObject): Pagination | undefined => {
  if (operation[PAGINATION] === undefined) return undefined
  const read = readPagination(operation[PAGINATION])
  return isPaginationProblem(read) ? undefined : read
}

/** The root `x-uc-default-headers` (string and number values, as strings); `{}` when absent. */
export const defaultHeadersOf = (doc: JsonObject): Readonly<Record<string, string>> => {
  const value = doc[DEFAULT_HEADERS]
  const out: Record<string, string> = {}
  if (isObject(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (typeof v === "string" || typeof v === "number") out[name] = String(v)
    }
  }
  return out
}

/** The root `x-uc-error-header`, or undefined when it is absent or blank. */
export const errorHeaderOf = (doc: JsonObject): string | undefined => {
  const value = doc[ERROR_HEADER]
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined
}

/** `x-uc-optional-fields-nullable` on a document root or an object schema; undefined when not stated. */
export const optionalFieldsNullableOf = (node: JsonObject): boolean | undefined => {
  const value = node[OPTIONAL_FIELDS_NULLABLE]
  return typeof value === "boolean" ? value : undefined
}
