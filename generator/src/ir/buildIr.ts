import {
  child,
  defaultHeadersOf,
  deref,
  errorHeaderOf,
  isJsonMediaType,
  isObject,
  type JsonObject,
  type Json as JsonValue,
  listOperations,
  type OperationRef,
  operationParameters,
  optionalFieldsNullableOf,
  PAGINATION,
  paginationOf,
  preferredMediaType,
  retrySafeOf
} from "@uc-conversation/spec"
import { hashPointer, pointerOf, WarningCode, type WarningSink } from "../diagnostics.ts"
import { toCamelCase } from "../text.ts"
import { breakAliasCycles } from "./aliasCycles.ts"
import { convertSchema, type SchemaContext } from "./convertSchema.ts"
import { findRecursive } from "./recursion.ts"
import type {
  IrApi,
  IrNamedSchema,
  IrOperation,
  IrPagination,
  IrParameter,
  IrRequestBody,
  IrResponse,
  IrSchema,
  IrSecurityScheme
} from "./types.ts"

/** Options that shape the IR beyond what the document says. */
export interface BuildIrOptions {
  /** Name of the bundling service; default: "ConversationApi". */
  readonly serviceName?: string
}

// The methods the runtime contract can send (`HttpMethod`); OpenAPI's `trace` is not one.
const sendable = new Set(["get", "put", "post", "delete", "options", "head", "patch"])

const str = (value: JsonValue | undefined): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined

const objectAt = (value: JsonValue | undefined): JsonObject => (isObject(value) ? value : {})

// Parameters, bodies and responses are read through their `$ref`s (schemas stay named).
const resolved = (
  document: JsonObject,
  value: JsonValue | undefined,
  pointer: string
): [JsonObject, string] => {
  const { node, pointer: at } = deref(document, value, pointer.slice(1))
  return [objectAt(node), hashPointer(at)]
}

// The preferred media type of a `content` map and its Media Type Object.
const pickContent = (content: JsonObject): [string, JsonObject] | undefined => {
  const chosen = preferredMediaType(content)
  return chosen === undefined ? undefined : [chosen, objectAt(content[chosen])]
}

/** Builds the IR of a (converted, OAS 3.x) document. */
export const buildIr = (
  document: JsonObject,
  sourceVersion: string,
  sink: WarningSink,
  options: BuildIrOptions = {}
): IrApi => {
  const ctx: SchemaContext = {
    document,
    sink,
    optionalFieldsNullable: optionalFieldsNullableOf(document) === true
  }
  const components = objectAt(document.components)
  const schemaNodes = objectAt(components.schemas)
  const converted: Array<Omit<IrNamedSchema, "recursive">> = Object.keys(schemaNodes).map((name) => {
    const pointer = pointerOf("components", "schemas", name)
    return { name, pointer, schema: convertSchema({ ...ctx, component: name }, schemaNodes[name], pointer) }
  })
  const schemas = breakAliasCycles(converted, sink)
  const recursive = findRecursive(schemas)
  const securitySchemes = buildSecuritySchemes(objectAt(components.securitySchemes))
  const operations = buildOperations(ctx, securitySchemes)
  const info = objectAt(document.info)
  return {
    title: str(info.title) ?? "API",
    version: str(info.version) ?? "0.0.0",
    description: str(info.description),
    sourceVersion,
    defaultBaseUrl: baseUrlOf(document),
    defaultHeaders: defaultHeadersOf(document),
    errorMessageHeader: errorHeaderOf(document),
    serviceName: options.serviceName ?? serviceNameOf(operations),
    schemas: schemas.map((s) => ({ ...s, recursive: recursive.has(s.name) })),
    operations,
    securitySchemes
  }
}

const serviceNameOf = (operations: ReadonlyArray<IrOperation>): string => {
  const tags = new Set(operations.flatMap((o) => o.tags.slice(0, 1)))
  const [only] = [...tags]
  if (tags.size === 1 && only !== undefined && /^[A-Za-z][A-Za-z0-9 _-]*$/.test(only)) {
    const pascal = only
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w !== "")
      .map((w) => w[0]?.toUpperCase() + w.slice(1))
      .join("")
    return pascal.endsWith("Api") ? pascal : `${pascal}Api`
  }
  return "ConversationApi"
}

const baseUrlOf = (document: JsonObject): string => {
  const servers = document.servers
  const first = Array.isArray(servers) ? (servers as ReadonlyArray<JsonValue>)[0] : undefined
  if (!isObject(first) || typeof first.url !== "string") return "/"
  const variables = objectAt(first.variables)
  return first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const def = objectAt(variables[name]).default
    return typeof def === "string" ? def : whole
  })
}

const buildSecuritySchemes = (nodes: JsonObject): Array<IrSecurityScheme> =>
  Object.keys(nodes).map((name) => {
    const node = objectAt(nodes[name])
    const scopes = new Set<string>()
    const flows = objectAt(node.flows)
    for (const flow of Object.keys(flows)) {
      for (const scope of Object.keys(objectAt(objectAt(flows[flow]).scopes))) scopes.add(scope)
    }
    return {
      name,
      type: str(node.type) ?? "unknown",
      in: str(node.in),
      parameterName: str(node.name),
      scheme: str(node.scheme),
      scopes: [...scopes],
      description: str(node.description)
    }
  })

/** An operation's name: its operationId, else derived (with the warning to give when it is used). */
interface OperationName {
  readonly name: string
  readonly warning: string | undefined
}

// Operations without an operationId are named from method and path; a name another operation
// already has gets a number, so no operation is lost and no identifier is declared twice.
const nameOperations = (ops: ReadonlyArray<OperationRef>): Map<OperationRef, OperationName> => {
  const taken = new Set(ops.flatMap((o) => (o.operationId === undefined ? [] : [o.operationId])))
  const names = new Map<OperationRef, OperationName>()
  for (const op of ops) {
    if (op.operationId !== undefined) {
      names.set(op, { name: op.operationId, warning: undefined })
      continue
    }
    const derived = toCamelCase(`${op.method} ${op.path.replace(/\{([^}]+)\}/g, "by $1")}`)
    let name = derived
    for (let i = 2; taken.has(name); i++) name = `${derived}${i}`
    taken.add(name)
    const warning =
      name === derived
        ? `no operationId; named "${name}"`
        : `no operationId; named "${name}" ("${derived}" is another operation's)`
    names.set(op, { name, warning })
  }
  return names
}

const buildOperations = (
  ctx: SchemaContext,
  securitySchemes: ReadonlyArray<IrSecurityScheme>
): Array<IrOperation> => {
  const { document, sink } = ctx
  const operations: Array<IrOperation> = []
  const schemeTypes = new Map(securitySchemes.map((s) => [s.name, s.type]))
  const listed = listOperations(document).filter((op) => {
    if (sendable.has(op.method)) return true
    sink.warn(
      WarningCode.UnsupportedOperation,
      hashPointer(op.pointer),
      `${op.method.toUpperCase()} ${op.path} is not generated: the runtime sends ${[...sendable].join(", ").toUpperCase()} only`
    )
    return false
  })
  const names = nameOperations(listed)
  for (const op of listed) {
    const node = op.operation
    const pointer = hashPointer(op.pointer)
    const upper = op.method.toUpperCase() as IrOperation["method"]
    const named = names.get(op) ?? { name: op.id, warning: undefined }
    const operationId = named.name
    if (named.warning !== undefined) sink.warn(WarningCode.MissingOperationId, pointer, named.warning)
    const parameters = buildParameters(ctx, op)
    const requestBody = buildRequestBody(ctx, node.requestBody, `${pointer}/requestBody`)
    if (requestBody !== undefined && parameters.some((p) => p.name === "body")) {
      sink.warn(
        WarningCode.DuplicateParameter,
        pointer,
        'parameter "body" collides with the request body; dropped'
      )
    }
    const { success, errors } = buildResponses(ctx, objectAt(node.responses), `${pointer}/responses`)
    const security = (Array.isArray(node.security) ? node.security : document.security) as
      | ReadonlyArray<JsonValue>
      | undefined
    const schemeNames = new Set<string>()
    const scopes = new Set<string>()
    for (const requirement of security ?? []) {
      const req = objectAt(requirement)
      for (const scheme of Object.keys(req)) {
        schemeNames.add(scheme)
        const list = req[scheme]
        if (schemeTypes.get(scheme) === "oauth2" && Array.isArray(list)) {
          for (const scope of list as ReadonlyArray<JsonValue>)
            if (typeof scope === "string") scopes.add(scope)
        }
      }
    }
    const pagination = buildPagination(ctx, op, parameters, pointer)
    operations.push({
      operationId,
      pointer,
      method: upper,
      path: op.path,
      tags: Array.isArray(node.tags)
        ? (node.tags as ReadonlyArray<JsonValue>).filter((t): t is string => typeof t === "string")
        : [],
      summary: str(node.summary),
      description: str(node.description),
      deprecated: node.deprecated === true,
      parameters: parameters.filter((p) => !(requestBody !== undefined && p.name === "body")),
      requestBody,
      success,
      errors,
      retrySafe: retrySafeOf(node, op.method),
      scopes: [...scopes],
      security: [...schemeNames],
      pagination
    })
  }
  return operations
}

// x-uc-pagination, checked against the operation's query parameters, with the page size used
// when none is asked for: the limit parameter's `default` when it is a usable one, else `max`.
const buildPagination = (
  ctx: SchemaContext,
  op: OperationRef,
  parameters: ReadonlyArray<IrParameter>,
  pointer: string
): IrPagination | undefined => {
  const node = op.operation
  if (node[PAGINATION] === undefined) return undefined
  const at = child(pointer, PAGINATION)
  const pagination = paginationOf(node)
  if (pagination === undefined) {
    ctx.sink.warn(WarningCode.SpecLint, at, "malformed x-uc-pagination is ignored")
    return undefined
  }
  for (const name of [pagination.limit, pagination.offset]) {
    if (!parameters.some((p) => p.in === "query" && p.name === name)) {
      ctx.sink.warn(
        WarningCode.SpecLint,
        at,
        `x-uc-pagination names query parameter "${name}", which the operation does not declare; ignored`
      )
      return undefined
    }
  }
  const raw = operationParameters(ctx.document, op).parameters.find(
    (p) => p.in === "query" && p.name === pagination.limit
  )
  const schema =
    raw === undefined || raw.schemaPointer === undefined
      ? undefined
      : deref(ctx.document, raw.schema, raw.schemaPointer).node
  const stated = isObject(schema) ? schema.default : undefined
  const defaultPageSize =
    typeof stated === "number" && Number.isInteger(stated) && stated >= 1 && stated <= pagination.max
      ? stated
      : pagination.max
  return { ...pagination, defaultPageSize }
}

const buildParameters = (ctx: SchemaContext, op: OperationRef): Array<IrParameter> => {
  const { sink } = ctx
  const { parameters, issues } = operationParameters(ctx.document, op)
  for (const issue of issues) {
    const at = hashPointer(issue.pointer)
    if (issue.kind === "implicit-path-parameter") {
      sink.warn(
        WarningCode.ImplicitPathParameter,
        at,
        `path parameter "${issue.name}" is not declared; added as string`
      )
    } else if (issue.kind === "duplicate-name") {
      sink.warn(
        WarningCode.DuplicateParameter,
        at,
        `a parameter named "${issue.name}" already exists; dropped`
      )
    } else sink.warn(WarningCode.UnsupportedParameter, at, `${issue.message}; not sent`)
  }
  const out: Array<IrParameter> = []
  for (const param of parameters) {
    const { name, node } = param
    const at = hashPointer(param.pointer)
    if (param.in === "cookie") {
      sink.warn(WarningCode.UnsupportedParameter, at, `cookie parameter "${name}" is not sent`)
      continue
    }
    if (param.schema === undefined && param.level !== "implicit") {
      sink.warn(WarningCode.UnsupportedParameter, at, `parameter "${name}" has no schema; typed as string`)
    }
    const schema: IrSchema =
      param.schema === undefined || param.schemaPointer === undefined
        ? { kind: "string" }
        : convertSchema(ctx, param.schema, hashPointer(param.schemaPointer))
    const style = str(node.style)
    if (style !== undefined && style !== "form" && style !== "simple") {
      // The runtime serialises query parameters in form style and path/header ones in simple style.
      sink.warn(
        WarningCode.UnsupportedParameter,
        at,
        `parameter "${name}" has style ${style}; it is sent in ${param.in === "query" ? "form" : "simple"} style`
      )
    }
    out.push({
      name,
      in: param.in,
      required: param.required,
      explode:
        typeof node.explode === "boolean"
          ? node.explode
          : param.in === "query" && (style ?? "form") === "form",
      schema,
      description: str(node.description)
    })
  }
  return out
}

const buildRequestBody = (
  ctx: SchemaContext,
  node: JsonValue | undefined,
  pointer: string
): IrRequestBody | undefined => {
  if (node === undefined) return undefined
  const [body, at] = resolved(ctx.document, node, pointer)
  const picked = pickContent(objectAt(body.content))
  if (picked === undefined) return undefined
  const [contentType, media] = picked
  if (!isJsonMediaType(contentType)) {
    ctx.sink.warn(
      WarningCode.UnsupportedMediaType,
      `${at}/content`,
      `request body ${contentType} is passed as-is`
    )
  }
  return {
    contentType,
    required: body.required === true,
    schema: convertSchema(ctx, media.schema, child(at, "content", contentType, "schema")),
    description: str(body.description)
  }
}

const buildResponses = (
  ctx: SchemaContext,
  responses: JsonObject,
  pointer: string
): { success: IrResponse | undefined; errors: Array<IrResponse> } => {
  let success: IrResponse | undefined
  const errors: Array<IrResponse> = []
  for (const status of Object.keys(responses)) {
    const [response, at] = resolved(ctx.document, responses[status], child(pointer, status))
    const picked = pickContent(objectAt(response.content))
    const description = str(response.description)
    const is2xx = /^2(\d\d|XX)$/i.test(status)
    if (picked === undefined) continue
    const [contentType, media] = picked
    const schemaPointer = child(at, "content", contentType, "schema")
    let schema: IrSchema
    if (isJsonMediaType(contentType)) {
      schema = convertSchema(ctx, media.schema, schemaPointer)
    } else {
      ctx.sink.warn(
        WarningCode.UnsupportedMediaType,
        `${at}/content`,
        `response ${contentType} is decoded as unknown`
      )
      schema = { kind: "unknown" }
    }
    const entry: IrResponse = { status, description, contentType, schema }
    if (is2xx) success ??= entry
    else errors.push(entry)
  }
  return { success, errors }
}
