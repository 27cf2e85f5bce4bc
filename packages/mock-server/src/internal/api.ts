import type { IncomingHttpHeaders } from "node:http"
import type { WireDialect } from "./dialect.ts"
import { errorBody } from "./envelope.ts"
import { type HandlerContext, handlers } from "./operations.ts"
import type { Engine } from "./resources/engine.ts"
import type { SpecOperation, SpecParameter } from "./spec.ts"

/** The header carrying UltraCart's simple key. */
export const SIMPLE_KEY_HEADER = "x-ultracart-simple-key"

/** The outcome of routing a path under /rest/v2. */
export type Route =
  | {
      readonly _tag: "Matched"
      readonly operation: SpecOperation
      readonly pathParams: Record<string, string>
    }
  | { readonly _tag: "NoSuchPath" }
  | { readonly _tag: "BadEncoding" }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<string> }

const matchSegments = (
  operation: SpecOperation,
  segments: ReadonlyArray<string>
): Record<string, string> | undefined => {
  if (operation.segments.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const want = operation.segments[i]!
    const got = segments[i]!
    if (typeof want === "string") {
      if (want !== got) return undefined
    } else {
      if (got === "") return undefined
      params[want.param] = got
    }
  }
  return params
}

/** Routes a raw (still percent-encoded) path relative to /rest/v2. Path parameters come back decoded. */
export const route = (operations: ReadonlyArray<SpecOperation>, method: string, rawPath: string): Route => {
  // Split before decoding, so an encoded "/" (%2F) stays inside its parameter.
  const rawSegments = rawPath.split("/").slice(1)
  let segments: Array<string>
  try {
    segments = rawSegments.map((s) => decodeURIComponent(s))
  } catch {
    return { _tag: "BadEncoding" }
  }
  const onPath = operations.flatMap((operation) => {
    const params = matchSegments(operation, segments)
    return params === undefined ? [] : [{ operation, params }]
  })
  if (onPath.length === 0) return { _tag: "NoSuchPath" }
  // Only the most specific template answers (operations are sorted literal-first): `/pbx/audio/user`
  // is its own resource, not the audio whose uuid is "user", so its Allow lists its methods alone.
  const template = onPath[0]!.operation.pathTemplate
  const here = onPath.filter((m) => m.operation.pathTemplate === template)
  const hit = here.find((m) => m.operation.method === method)
  if (hit === undefined)
    return { _tag: "MethodNotAllowed", allow: [...new Set(here.map((m) => m.operation.method))] }
  return { _tag: "Matched", operation: hit.operation, pathParams: hit.params }
}

/** A rejection with UltraCart's ErrorResponse. */
export interface Rejection {
  readonly status: number
  readonly message: string
}

/** Checks the credential: the simple key header or an OAuth bearer token. */
export const checkAuth = (
  headers: IncomingHttpHeaders,
  credentials: { readonly simpleKey: string; readonly oauthToken: string }
): Rejection | undefined => {
  const simple = headers[SIMPLE_KEY_HEADER]
  const authorization = headers.authorization
  if (simple === undefined && authorization === undefined)
    return {
      status: 401,
      message: "Missing credentials: send x-ultracart-simple-key or Authorization: Bearer."
    }
  if (typeof simple === "string" && simple === credentials.simpleKey) return undefined
  const bearer = typeof authorization === "string" ? /^Bearer\s+(.+)$/i.exec(authorization)?.[1] : undefined
  if (bearer !== undefined && bearer.trim() === credentials.oauthToken) return undefined
  return { status: 401, message: "Invalid credentials supplied." }
}

/**
 * The valid credential a request presents, tagged with its kind (see {@link tagCredential}), or
 * undefined. Same precedence as {@link checkAuth}; only for the rate limiter, which hashes it at once.
 */
export const presentedCredential = (
  headers: IncomingHttpHeaders,
  credentials: { readonly simpleKey: string; readonly oauthToken: string }
): string | undefined => {
  if (checkAuth(headers, credentials) !== undefined) return undefined
  return headers[SIMPLE_KEY_HEADER] === credentials.simpleKey
    ? tagCredential("simpleKey", credentials.simpleKey)
    : tagCredential("oauthToken", credentials.oauthToken)
}

/** A credential with its kind, so a simple key and a token that happen to be equal stay apart. */
export const tagCredential = (kind: "simpleKey" | "oauthToken", value: string): string => `${kind}:${value}`

/**
 * Checks the headers the spec says every request carries (`x-uc-default-headers`; for UltraCart
 * `X-UltraCart-Api-Version: 2017-03-01`, which UltraCart's SDKs always send).
 */
export const checkRequiredHeaders = (
  dialect: WireDialect,
  headers: IncomingHttpHeaders
): Rejection | undefined => {
  for (const [name, value] of Object.entries(dialect.requiredHeaders)) {
    const sent = headers[name.toLowerCase()]
    if (sent === undefined) return { status: 400, message: `Missing ${name} header; send ${value}.` }
    if (sent !== value)
      return { status: 400, message: `Unsupported ${name} ${JSON.stringify(sent)}; send ${value}.` }
  }
  return undefined
}

const schemaType = (schema: Readonly<Record<string, unknown>>): string | undefined => {
  const t = schema.type
  if (typeof t === "string") return t
  // OpenAPI 3.1 nullable: ["integer", "null"].
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null")
  return undefined
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Turns a raw parameter string into the JSON value its schema describes; leaves it a string when it cannot. */
const coerce = (parameter: SpecParameter, raw: string): unknown => {
  switch (schemaType(parameter.schema)) {
    case "integer":
      if (!/^-?\d+$/.test(raw)) return raw
      // Out-of-range int64 stays a string, so validation rejects it instead of rounding it.
      if (parameter.schema.format === "int64" && (BigInt(raw) < INT64_MIN || BigInt(raw) > INT64_MAX))
        return raw
      return Number(raw)
    case "number":
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw
    default:
      return raw
  }
}

/** Validates and coerces every declared parameter. */
export const readParameters = (
  operation: SpecOperation,
  pathParams: Readonly<Record<string, string>>,
  query: URLSearchParams,
  headers: IncomingHttpHeaders
): Rejection | { readonly params: Record<string, unknown> } => {
  const out: Record<string, unknown> = {}
  for (const parameter of operation.parameters) {
    let raw: string | undefined
    if (parameter.in === "path") raw = pathParams[parameter.name]
    else if (parameter.in === "query") raw = query.get(parameter.name) ?? undefined
    else if (parameter.in === "header") {
      const h = headers[parameter.name.toLowerCase()]
      raw = Array.isArray(h) ? h.join(", ") : h
    } else continue
    if (raw === undefined) {
      if (parameter.required)
        return { status: 400, message: `Missing required ${parameter.in} parameter \`${parameter.name}\`.` }
      continue
    }
    const value = coerce(parameter, raw)
    const problem = operation.validateParameter(parameter, value)
    if (problem !== undefined) return { status: 400, message: `Invalid request: ${problem}.` }
    out[parameter.name] = value
  }
  return { params: out }
}

/** Parses and validates the request body against the operation's schema. */
export const readRequestBody = (
  operation: SpecOperation,
  bytes: Uint8Array,
  contentType: string | undefined
): Rejection | { readonly body: unknown } => {
  if (operation.requestBody === undefined) return { body: undefined }
  const text = new TextDecoder().decode(bytes)
  if (text.trim() === "") {
    return operation.requestBody.required
      ? { status: 400, message: "A JSON request body is required." }
      : { body: undefined }
  }
  if (contentType !== undefined && !/json/i.test(contentType))
    return {
      status: 400,
      message: `Unsupported Content-Type ${JSON.stringify(contentType)}; send application/json.`
    }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { status: 400, message: "The request body is not valid JSON." }
  }
  const problem = operation.validateBody?.(body)
  return problem === undefined ? { body } : { status: 400, message: `Invalid request: ${problem}.` }
}

/**
 * Runs the operation's hand handler (operations.ts), or else the resource engine, which answers
 * every other operation of the spec from its state; an unexpected throw becomes a 500 ErrorResponse.
 */
export const runOperation = (
  operation: SpecOperation,
  context: HandlerContext,
  engine: Engine
): { readonly status: number; readonly body?: unknown } => {
  const handler = handlers[operation.operationId]
  try {
    return handler === undefined ? engine.answer(operation, context) : handler(context)
  } catch (cause) {
    return { status: 500, body: errorBody(500, `Mock failure: ${String(cause)}`) }
  }
}
