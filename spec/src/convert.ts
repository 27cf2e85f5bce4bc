import { createRequire } from "node:module"
import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"

interface Swagger2OpenApi {
  readonly convertObj: (
    swagger: JsonObject,
    options: { readonly patch: boolean; readonly warnOnly: boolean; readonly resolve: boolean }
  ) => Promise<{ readonly openapi: JsonObject }>
}

// swagger2openapi is CommonJS and ships no types; its one entry point is described above. Loaded
// on the first Swagger 2.0 document only: reading OpenAPI 3 never needs it.
let swagger2openapi: Swagger2OpenApi | undefined
const converter = (): Swagger2OpenApi => {
  swagger2openapi ??= createRequire(import.meta.url)("swagger2openapi") as Swagger2OpenApi
  return swagger2openapi
}

/** Converts a Swagger 2.0 document to OpenAPI 3.0 (swagger2openapi); OAS 3.x passes through. */
export const toOpenApi3 = async (doc: JsonObject, file: string): Promise<JsonObject> => {
  if (doc.swagger !== "2.0") return doc
  try {
    const { openapi } = await converter().convertObj(structuredClone(doc), {
      patch: true,
      warnOnly: true,
      resolve: false
    })
    return openapi
  } catch (e) {
    throw new SpecError(
      file,
      "",
      `Swagger 2.0 conversion failed: ${e instanceof Error ? e.message : String(e)}`
    )
  }
}

const SUBSCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions"] as const
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"] as const
const SUBSCHEMA_SINGLE = ["items", "additionalProperties", "not", "contains", "if", "then", "else"] as const

/**
 * Rewrites one OAS 3.0 Schema Object (and its subschemas) as a JSON Schema 2020-12 one:
 * `nullable: true` becomes a `"null"` type, `example` becomes `examples`, and boolean
 * `exclusiveMinimum/Maximum` become numbers. Everything else is kept as is.
 */
export const schemaTo31 = (schema: Json): Json => {
  if (!isObject(schema)) return schema
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue
    if (key === "example") out.examples = [value]
    else if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
      const bound = key === "exclusiveMinimum" ? "minimum" : "maximum"
      if (value && typeof schema[bound] === "number") out[key] = schema[bound]
    } else if ((SUBSCHEMA_MAPS as ReadonlyArray<string>).includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaTo31(v)]))
    } else if ((SUBSCHEMA_LISTS as ReadonlyArray<string>).includes(key) && Array.isArray(value)) {
      out[key] = value.map(schemaTo31)
    } else if ((SUBSCHEMA_SINGLE as ReadonlyArray<string>).includes(key)) out[key] = schemaTo31(value)
    else out[key] = value
  }
  // a bound that became exclusive is no longer an inclusive bound
  if (schema.exclusiveMinimum === true) delete out.minimum
  if (schema.exclusiveMaximum === true) delete out.maximum
  if (schema.nullable === true) {
    if (typeof schema.type === "string") out.type = [schema.type, "null"]
    else if (Array.isArray(schema.type) && !schema.type.includes("null")) out.type = [...schema.type, "null"]
    else if (schema.type === undefined && schema.$ref === undefined) out.type = ["null"]
  }
  return out
}

/**
 * Rewrites every schema position of an OAS 3.0 document (component schemas and each `schema`
 * member of parameters, headers and media types) with {@link schemaTo31}, and sets
 * `openapi: 3.1.0`. A 3.1 document is returned unchanged.
 */
export const documentTo31 = (doc: JsonObject): JsonObject => {
  if (typeof doc.openapi === "string" && doc.openapi.startsWith("3.1")) return doc
  const walk = (node: Json, inSchemas: boolean): Json => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false))
    if (!isObject(node)) return node
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => {
        if (inSchemas || k === "schema") {
          return [k, inSchemas && isObject(v) ? schemaTo31(v) : k === "schema" ? schemaTo31(v) : v]
        }
        return [k, walk(v, k === "schemas" && node === components)]
      })
    )
  }
  const components = doc.components
  const converted = walk(doc, false) as JsonObject
  return { ...converted, openapi: "3.1.0" }
}
