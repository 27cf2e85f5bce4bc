import { pointerOf, WarningCode, type WarningSink } from "../diagnostics.ts"
import { isObject, type JsonObject, type JsonValue, resolvePointer } from "../parse/json.ts"
import { toCamelCase } from "../text.ts"
import { convertSchema, type SchemaContext } from "./convertSchema.ts"
import { findRecursive } from "./recursion.ts"
import type {
  IrApi,
  IrNamedSchema,
  IrOperation,
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

const methods = ["get", "put", "post", "delete", "options", "head", "patch"] as const
const retrySafeByDefault = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"])

const str = (value: JsonValue | undefined): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined

const objectAt = (value: JsonValue | undefined): JsonObject => (isObject(value) ? value : {})

// Follows `$ref`s of parameters, bodies and responses (these are inlined, unlike schemas).
const deref = (document: JsonObject, value: JsonValue | undefined, pointer: string): [JsonObject, string] => {
  let current = value
  let at = pointer
  for (let hops = 0; hops < 16 && isObject(current) && typeof current.$ref === "string"; hops++) {
    at = current.$ref
    current = resolvePointer(document, current.$ref)
  }
  return [objectAt(current), at]
}

const isJson = (contentType: string): boolean => /^application\/(.+\+)?json\b/i.test(contentType)

// Prefers JSON; otherwise the first declared media type.
const pickContent = (content: JsonObject): [string, JsonObject] | undefined => {
  const types = Object.keys(content)
  const chosen = types.find((t) => isJson(t)) ?? types.find((t) => t.includes("json")) ?? types[0]
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
    optionalFieldsNullable: document["x-uc-optional-fields-nullable"] === true
  }
  const components = objectAt(document.components)
  const schemaNodes = objectAt(components.schemas)
  const schemas: Array<Omit<IrNamedSchema, "recursive">> = Object.keys(schemaNodes).map((name) => {
    const pointer = pointerOf("components", "schemas", name)
    return { name, pointer, schema: convertSchema({ ...ctx, component: name }, schemaNodes[name], pointer) }
  })
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
    defaultHeaders: stringRecord(document["x-uc-default-headers"]),
    errorMessageHeader: str(document["x-uc-error-header"]),
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

const stringRecord = (value: JsonValue | undefined): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {}
  if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const v = value[key]
      if (typeof v === "string" || typeof v === "number") out[key] = String(v)
    }
  }
  return out
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

const buildOperations = (
  ctx: SchemaContext,
  securitySchemes: ReadonlyArray<IrSecurityScheme>
): Array<IrOperation> => {
  const { document, sink } = ctx
  const paths = objectAt(document.paths)
  const operations: Array<IrOperation> = []
  const schemeTypes = new Map(securitySchemes.map((s) => [s.name, s.type]))
  for (const path of Object.keys(paths)) {
    const [pathItem, pathPointer] = deref(document, paths[path], pointerOf("paths", path))
    for (const method of methods) {
      const node = pathItem[method]
      if (!isObject(node)) continue
      const pointer = pathPointer.startsWith("#/paths/")
        ? `${pathPointer}/${method}`
        : pointerOf("paths", path, method)
      const upper = method.toUpperCase() as IrOperation["method"]
      let operationId = str(node.operationId)
      if (operationId === undefined) {
        operationId = toCamelCase(`${method} ${path.replace(/\{([^}]+)\}/g, "by $1")}`)
        sink.warn(WarningCode.MissingOperationId, pointer, `no operationId; named "${operationId}"`)
      }
      const parameters = buildParameters(ctx, path, pathItem, node, pointer, pathPointer)
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
      const retry = node["x-uc-retry-safe"]
      const pagination = node["x-uc-pagination"]
      operations.push({
        operationId,
        pointer,
        method: upper,
        path,
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
        retrySafe: typeof retry === "boolean" ? retry : retrySafeByDefault.has(upper),
        scopes: [...scopes],
        security: [...schemeNames],
        pagination: isObject(pagination) ? scalarRecord(pagination) : undefined
      })
    }
  }
  return operations
}

const scalarRecord = (node: JsonObject): Record<string, string | number> => {
  const out: Record<string, string | number> = {}
  for (const key of Object.keys(node)) {
    const v = node[key]
    if (typeof v === "string" || typeof v === "number") out[key] = v
  }
  return out
}

const buildParameters = (
  ctx: SchemaContext,
  path: string,
  pathItem: JsonObject,
  operation: JsonObject,
  pointer: string,
  pathPointer: string
): Array<IrParameter> => {
  const { document, sink } = ctx
  const collected = new Map<string, [JsonObject, string]>()
  const gather = (list: JsonValue | undefined, at: string): void => {
    if (!Array.isArray(list)) return
    ;(list as ReadonlyArray<JsonValue>).forEach((entry, i) => {
      const [param, paramPointer] = deref(document, entry, `${at}/parameters/${i}`)
      if (typeof param.name !== "string" || typeof param.in !== "string") return
      // Operation-level parameters override path-level ones with the same name and location.
      collected.set(`${param.in} ${param.name}`, [param, paramPointer])
    })
  }
  gather(pathItem.parameters, pathPointer)
  gather(operation.parameters, pointer)
  const out: Array<IrParameter> = []
  const keys = new Set<string>()
  for (const [param, at] of collected.values()) {
    const name = param.name as string
    const location = param.in as string
    if (location !== "path" && location !== "query" && location !== "header") {
      sink.warn(WarningCode.UnsupportedParameter, at, `${location} parameter "${name}" is not sent`)
      continue
    }
    if (keys.has(name)) {
      sink.warn(WarningCode.DuplicateParameter, at, `a parameter named "${name}" already exists; dropped`)
      continue
    }
    keys.add(name)
    let schemaNode = param.schema
    if (schemaNode === undefined && isObject(param.content))
      schemaNode = pickContent(param.content)?.[1].schema
    if (schemaNode === undefined) {
      sink.warn(WarningCode.UnsupportedParameter, at, `parameter "${name}" has no schema; typed as string`)
    }
    const schema: IrSchema =
      schemaNode === undefined ? { kind: "string" } : convertSchema(ctx, schemaNode, `${at}/schema`)
    const style = str(param.style)
    if (style !== undefined && style !== "form" && style !== "simple") {
      // The runtime serialises query parameters in form style and path/header ones in simple style.
      sink.warn(
        WarningCode.UnsupportedParameter,
        at,
        `parameter "${name}" has style ${style}; it is sent in ${location === "query" ? "form" : "simple"} style`
      )
    }
    out.push({
      name,
      in: location,
      required: location === "path" ? true : param.required === true,
      explode:
        typeof param.explode === "boolean"
          ? param.explode
          : location === "query" && (style ?? "form") === "form",
      schema,
      description: str(param.description)
    })
  }
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1]
    if (name === undefined || out.some((p) => p.in === "path" && p.name === name)) continue
    sink.warn(
      WarningCode.ImplicitPathParameter,
      pointer,
      `path parameter "${name}" is not declared; added as string`
    )
    out.push({
      name,
      in: "path",
      required: true,
      explode: false,
      schema: { kind: "string" },
      description: undefined
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
  const [body, at] = deref(ctx.document, node, pointer)
  const picked = pickContent(objectAt(body.content))
  if (picked === undefined) return undefined
  const [contentType, media] = picked
  if (!isJson(contentType)) {
    ctx.sink.warn(
      WarningCode.UnsupportedMediaType,
      `${at}/content`,
      `request body ${contentType} is passed as-is`
    )
  }
  return {
    contentType,
    required: body.required === true,
    schema: convertSchema(ctx, media.schema, `${at}/content/${pointerOf(contentType).slice(2)}/schema`),
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
    const [response, at] = deref(ctx.document, responses[status], `${pointer}/${pointerOf(status).slice(2)}`)
    const picked = pickContent(objectAt(response.content))
    const description = str(response.description)
    const is2xx = /^2(\d\d|XX)$/i.test(status)
    if (picked === undefined) continue
    const [contentType, media] = picked
    const schemaPointer = `${at}/content/${pointerOf(contentType).slice(2)}/schema`
    let schema: IrSchema
    if (isJson(contentType)) {
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
