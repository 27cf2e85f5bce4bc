import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import {
  child,
  DEFAULT_SPEC,
  deref,
  isJsonMediaType,
  isObject,
  type JsonObject,
  listOperations,
  loadDocumentSync,
  objectAt,
  operationParameters,
  paginationOf
} from "@uc-conversation/spec"
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv"
import { Ajv2020 } from "ajv/dist/2020.js"
import { dialectOf, type WireDialect } from "./dialect.ts"

/** One declared parameter of an operation, with its schema resolved. */
export interface SpecParameter {
  readonly name: string
  readonly in: "path" | "query" | "header" | "cookie"
  readonly required: boolean
  /** The parameter's schema with any top-level `$ref` followed (used to coerce the raw string). */
  readonly schema: Readonly<Record<string, unknown>>
  /** Where the schema is; undefined for a parameter declared only by the path template (any string). */
  readonly schemaPointer: string | undefined
  /** The parameter's description, if any (the resource engine reads a stated maximum from it). */
  readonly description?: string
}

/** One operation of the spec, ready for routing and validation. */
export interface SpecOperation {
  readonly operationId: string
  readonly method: string
  readonly pathTemplate: string
  /** Literal segments as strings; parameters as `{ param: name }`. */
  readonly segments: ReadonlyArray<string | { readonly param: string }>
  readonly parameters: ReadonlyArray<SpecParameter>
  readonly requestBody:
    | { readonly required: boolean; readonly contentTypes: ReadonlyArray<string> }
    | undefined
  /** Validates the parsed JSON body; undefined when the operation takes no body. */
  readonly validateBody: ((body: unknown) => string | undefined) | undefined
  /** Validates one coerced parameter value. */
  readonly validateParameter: (parameter: SpecParameter, value: unknown) => string | undefined
  /** The operation's `x-uc-pagination`, as the spec library reads it; undefined when not paged. */
  readonly paging: SpecPaging | undefined
  /** Pointer of the operation object in {@link LoadedSpec.document}. */
  readonly pointer: string
  /** The operation object as the document states it (for the resource engine, see resources/). */
  readonly operation: JsonObject
}

/** Offset paging of a list operation, from the spec (`x-uc-pagination` and the limit's `default`). */
export interface SpecPaging {
  /** Query parameters carrying the page size and the offset (`_limit`, `_offset`). */
  readonly limit: string
  readonly offset: string
  /** The largest page size the server accepts. */
  readonly maxPageSize: number
  /** The page size when none is asked for: the limit parameter's `default` if in range, else the maximum. */
  readonly defaultPageSize: number
}

const pagingOf = (
  operation: JsonObject,
  parameters: ReadonlyArray<SpecParameter>
): SpecPaging | undefined => {
  const pagination = paginationOf(operation)
  if (pagination === undefined) return undefined
  const stated = parameters.find((p) => p.in === "query" && p.name === pagination.limit)?.schema.default
  const defaultPageSize =
    typeof stated === "number" && Number.isInteger(stated) && stated >= 1 && stated <= pagination.max
      ? stated
      : pagination.max
  return {
    limit: pagination.limit,
    offset: pagination.offset,
    maxPageSize: pagination.max,
    defaultPageSize
  }
}

/** The loaded spec: its operations, most specific path first. */
export interface LoadedSpec {
  readonly path: string
  readonly operations: ReadonlyArray<SpecOperation>
  /** The error header and the headers every request carries, as the document states them. */
  readonly dialect: WireDialect
  /** Validates a value against a component schema by name (used by tests and fault mutation). */
  readonly validateComponent: (name: string, value: unknown) => string | undefined
  /** Validates a value against the schema at a pointer of the document (response schemas, in tests). */
  readonly validateAt: (pointer: string, value: unknown) => string | undefined
  /** The document itself, as read (the resource engine derives its collections from it). */
  readonly document: JsonObject
}

const SPEC_FILE = "conversation.openapi.yaml"

/**
 * Where the spec is looked for. An explicit path, or else `UC_MOCK_SPEC`, is the only candidate
 * (a typo must not silently fall back to another document). Otherwise, first hit wins: the copy
 * the build puts in `dist/` (the published package), then the document the spec package ships
 * (running from src, or from a dist inside the repo).
 */
export const specCandidates = (explicit: string | undefined): Array<string> => {
  if (explicit !== undefined) return [explicit]
  const env = typeof process !== "undefined" ? process.env.UC_MOCK_SPEC : undefined
  if (env !== undefined && env !== "") return [env]
  return [fileURLToPath(new URL(`../${SPEC_FILE}`, import.meta.url)), DEFAULT_SPEC]
}

/** Formats UltraCart uses; none is standard JSON Schema except date-time, which is read leniently. */
const addFormats = (ajv: Ajv | Ajv2020): void => {
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1
  })
  // A double cannot tell 2^63-1 from 2^63; the exact bound is checked on the raw string (api.ts).
  ajv.addFormat("int64", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63
  })
  ajv.addFormat("dateTime", true)
  ajv.addFormat("date-time", true)
  ajv.addFormat("double", true)
  ajv.addFormat("float", true)
}

const describeErrors = (where: string, errors: ReadonlyArray<ErrorObject> | null | undefined): string =>
  (errors ?? [])
    .slice(0, 3)
    .map((e) => `${where}${e.instancePath} ${e.message ?? "is invalid"}`)
    .join("; ")

const templateSegments = (template: string): Array<string | { param: string }> =>
  template
    .split("/")
    .slice(1)
    .map((s) => {
      const m = /^\{(.+)\}$/.exec(s)
      return m?.[1] === undefined ? s : { param: m[1] }
    })

/** Literal segments outrank parameters, position by position, so `/queues/statuses` wins over `/{uuid}`. */
const specificity = (segments: ReadonlyArray<string | { param: string }>): string =>
  segments.map((s) => (typeof s === "string" ? "0" : "1")).join("")

// The methods a request line can carry that OpenAPI declares; `trace` is never routed.
const ROUTED = new Set(["get", "put", "post", "delete", "patch", "head", "options"])

const cache = new Map<string, LoadedSpec>()

/** Loads, compiles and caches the OpenAPI document. Throws with every path tried when none exists. */
export const loadSpec = (explicit?: string): LoadedSpec => {
  const candidates = specCandidates(explicit)
  const path = candidates.find((p) => existsSync(p))
  if (path === undefined) {
    throw new Error(`mock-server: no OpenAPI document found; looked at:\n  ${candidates.join("\n  ")}`)
  }
  const cached = cache.get(path)
  if (cached !== undefined) return cached
  const { doc } = loadDocumentSync(path)
  const loaded = compileSpec(path, doc)
  cache.set(path, loaded)
  return loaded
}

/**
 * Compiles an OpenAPI 3.x document (already read by the spec library) for routing and request
 * validation. Operations and their parameters come from the spec library, the same functions the
 * generator builds its IR from, so the two agree on every parameter.
 */
export const compileSpec = (path: string, document: JsonObject): LoadedSpec => {
  if (!isObject(document.paths)) throw new Error(`mock-server: ${path} is not an OpenAPI document`)
  const is31 = typeof document.openapi === "string" && document.openapi.startsWith("3.1")
  const options = { strict: false, allErrors: true, validateSchema: false, logger: false } as const
  const ajv = is31 ? new Ajv2020(options) : new Ajv(options)
  addFormats(ajv)
  const DOC_ID = "urn:uc-conversation:spec"
  ajv.addSchema({ ...document, $id: DOC_ID }, DOC_ID)

  // Subschemas keep their `$ref`s; compiling them by reference into the added document resolves them.
  const validators = new Map<string, ValidateFunction>()
  const validatorAt = (pointer: string): ValidateFunction => {
    let v = validators.get(pointer)
    if (v === undefined) {
      v = ajv.compile({ $ref: `${DOC_ID}#${encodeURI(pointer)}` })
      validators.set(pointer, v)
    }
    return v
  }
  const check = (pointer: string, where: string, value: unknown): string | undefined => {
    const v = validatorAt(pointer)
    return v(value) ? undefined : describeErrors(where, v.errors)
  }

  const operations: Array<SpecOperation> = []
  for (const op of listOperations(document)) {
    if (!ROUTED.has(op.method)) continue
    const parameters = operationParameters(document, op).parameters.map((p): SpecParameter => {
      const schema =
        p.schemaPointer === undefined ? undefined : deref(document, p.schema, p.schemaPointer).node
      return {
        name: p.name,
        in: p.in,
        required: p.required,
        schema: isObject(schema) ? schema : {},
        schemaPointer: p.schemaPointer,
        ...(typeof p.node.description === "string" ? { description: p.node.description } : {})
      }
    })
    const body =
      op.operation.requestBody === undefined
        ? undefined
        : deref(document, op.operation.requestBody, child(op.pointer, "requestBody"))
    const content = objectAt(isObject(body?.node) ? body.node : undefined, "content") ?? {}
    const jsonType = Object.keys(content).find((t) => isJsonMediaType(t) || /json/i.test(t))
    const bodyPointer =
      body === undefined || jsonType === undefined
        ? undefined
        : child(body.pointer, "content", jsonType, "schema")
    operations.push({
      operationId: op.id,
      method: op.method.toUpperCase(),
      pathTemplate: op.path,
      segments: templateSegments(op.path),
      parameters,
      requestBody:
        body === undefined
          ? undefined
          : {
              required: isObject(body.node) && body.node.required === true,
              contentTypes: Object.keys(content)
            },
      validateBody: bodyPointer === undefined ? undefined : (value) => check(bodyPointer, "body", value),
      validateParameter: (parameter, value) =>
        parameter.schemaPointer === undefined
          ? undefined
          : check(parameter.schemaPointer, `${parameter.in} parameter \`${parameter.name}\``, value),
      paging: pagingOf(op.operation, parameters),
      pointer: op.pointer,
      operation: op.operation
    })
  }
  operations.sort((a, b) => specificity(a.segments).localeCompare(specificity(b.segments)))

  return {
    path,
    operations,
    dialect: dialectOf(document),
    validateComponent: (name, value) => check(child("/components/schemas", name), name, value),
    validateAt: (pointer, value) => check(pointer, "", value),
    document
  }
}
