/** A parsed JSON/YAML value. OpenAPI documents are trees of these. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | JsonObject

/** A JSON object; documents, operations and schemas are all of this shape. */
export interface JsonObject {
  readonly [key: string]: Json
}

/** Whether a value is a plain JSON object (not an array, not null). */
export const isObject = (u: unknown): u is JsonObject =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** The object under `key`, or undefined when it is absent or not an object. */
export const objectAt = (o: JsonObject | undefined, key: string): JsonObject | undefined => {
  const v = o?.[key]
  return isObject(v) ? v : undefined
}

/** The string under `key`, or undefined. */
export const stringAt = (o: JsonObject | undefined, key: string): string | undefined => {
  const v = o?.[key]
  return typeof v === "string" ? v : undefined
}

/** Structural equality of two JSON values (key order ignored). */
export const jsonEqual = (a: Json | undefined, b: Json | undefined): boolean => {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
  }
  return false
}

/** A deep, mutable copy; the transformations in sync work on copies, never on their input. */
export const clone = <A extends Json>(a: A): A => structuredClone(a)
