/**
 * Turns an operation definition plus encoded args into the pieces of an HTTP request: URL path,
 * query parameters, headers and body. Pure functions; no I/O.
 *
 * @module
 */
import { headerValueProblem } from "./headerValues.ts"
import type { OperationDefinition } from "./operation.ts"

/** The wire parts of one request, before auth and default headers. */
export interface RequestParts {
  /** The filled-in path, relative to the base URL, already percent-encoded. */
  readonly path: string
  /** Query parameters in order; a key may repeat (exploded arrays). */
  readonly query: ReadonlyArray<readonly [string, string]>
  /** Header parameters. */
  readonly headers: Readonly<Record<string, string>>
  /** The JSON body, or undefined when none is sent. */
  readonly body: { readonly contentType: string; readonly json: string } | undefined
}

/** Why a request could not be built (reported as InvalidRequest). */
export type BuildProblem = { readonly problem: string }

/**
 * Percent-encodes one path segment. encodeURIComponent leaves `.` alone, and a segment that is
 * only dots would be collapsed by URL normalisation (even as %2E), so such values — and the empty
 * string, which would address another resource — are refused instead of silently changed.
 */
export const encodePathSegment = (value: string): string | BuildProblem => {
  if (value === "" || value === "." || value === "..") {
    return { problem: `path parameter value ${JSON.stringify(value)} cannot address a resource` }
  }
  return encodeURIComponent(value)
}

const scalarToString = (value: unknown): string =>
  typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)

/** JSON text of a body, or undefined when it has none (bigint, cycles, a bare function). */
const stringify = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value)
  } catch {
    return undefined
  }
}

const isProblem = (value: unknown): value is BuildProblem =>
  typeof value === "object" && value !== null && "problem" in value

/** Builds the request parts from already-encoded args. */
export const buildRequestParts = (
  definition: OperationDefinition<unknown, unknown>,
  encoded: Readonly<Record<string, unknown>>
): RequestParts | BuildProblem => {
  let path = definition.pathTemplate
  const query: Array<readonly [string, string]> = []
  const headers: Record<string, string> = {}
  for (const parameter of definition.parameters) {
    const value = encoded[parameter.name]
    if (value === undefined || value === null) {
      if (parameter.required)
        return { problem: `missing required ${parameter.in} parameter ${parameter.name}` }
      continue
    }
    switch (parameter.in) {
      case "path": {
        const segment = encodePathSegment(scalarToString(value))
        if (isProblem(segment)) return { problem: `${parameter.name}: ${segment.problem}` }
        path = path.split(`{${parameter.name}}`).join(segment)
        break
      }
      case "query": {
        if (Array.isArray(value)) {
          const items = value.filter((item) => item !== undefined && item !== null).map(scalarToString)
          if (parameter.explode) for (const item of items) query.push([parameter.name, item])
          else if (items.length > 0) query.push([parameter.name, items.join(",")])
        } else {
          query.push([parameter.name, scalarToString(value)])
        }
        break
      }
      case "header": {
        const text = Array.isArray(value) ? value.map(scalarToString).join(",") : scalarToString(value)
        // A CR or LF would reach the transport and come back as a (retried) transport error.
        const problem = headerValueProblem(text)
        if (problem !== undefined) return { problem: `header parameter ${parameter.name} ${problem}` }
        headers[parameter.name.toLowerCase()] = text
        break
      }
    }
  }
  const unfilled = /\{([^}]+)\}/.exec(path)
  if (unfilled !== null) return { problem: `path parameter ${unfilled[1]} is not declared or has no value` }
  let body: RequestParts["body"]
  if (definition.requestBody !== undefined) {
    const value = encoded.body
    if (value === undefined) {
      if (definition.requestBody.required) return { problem: "missing required request body" }
    } else {
      const json = stringify(value)
      if (json === undefined) return { problem: "request body cannot be serialised as JSON" }
      body = { contentType: definition.requestBody.contentType, json }
    }
  }
  return { path, query, headers, body }
}

/** Narrows a build result to its problem, if any. */
export const buildProblem = (result: RequestParts | BuildProblem): string | undefined =>
  isProblem(result) ? result.problem : undefined
