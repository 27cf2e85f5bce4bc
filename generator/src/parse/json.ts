/** Plain JSON values and local JSON-pointer resolution. */

/** A JSON value as read from the spec file. */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | JsonObject
/** A JSON object as read from the spec file. */
export interface JsonObject {
  readonly [key: string]: JsonValue
}

/** True for a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Follows a local JSON pointer (`#/a/b`) through the document; undefined when it does not resolve. */
export const resolvePointer = (document: JsonValue, ref: string): JsonValue | undefined => {
  if (!ref.startsWith("#")) return undefined
  const tokens = ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"))
  let current: JsonValue | undefined = document
  for (const token of tokens) {
    if (Array.isArray(current)) current = (current as ReadonlyArray<JsonValue>)[Number(token)]
    else if (isObject(current)) current = Object.hasOwn(current, token) ? current[token] : undefined
    else return undefined
    if (current === undefined) return undefined
  }
  return current
}
