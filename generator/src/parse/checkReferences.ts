import { ErrorCode, GeneratorError, pointerOf } from "../diagnostics.ts"
import { type JsonObject, type JsonValue, resolvePointer } from "./json.ts"

/**
 * Fails on the first local `$ref` that does not resolve, naming the pointer of the `$ref`
 * itself (the validator only names the target). External references are left to the validator.
 */
export const checkReferences = (document: JsonObject): void => {
  const visit = (value: JsonValue, path: ReadonlyArray<string | number>): void => {
    if (Array.isArray(value)) {
      ;(value as ReadonlyArray<JsonValue>).forEach((item, index) => {
        visit(item, [...path, index])
      })
      return
    }
    if (typeof value !== "object" || value === null) return
    const object = value as JsonObject
    const ref = object.$ref
    if (typeof ref === "string" && ref.startsWith("#") && resolvePointer(document, ref) === undefined) {
      throw new GeneratorError(ErrorCode.UnresolvedRef, pointerOf(...path, "$ref"), `cannot resolve ${ref}`)
    }
    for (const key of Object.keys(object)) {
      const child = object[key]
      if (child !== undefined && key !== "example" && key !== "examples") visit(child, [...path, key])
    }
  }
  visit(document, [])
}
