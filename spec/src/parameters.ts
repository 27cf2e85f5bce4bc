import { isObject, type Json, type JsonObject, objectAt } from "./json.ts"
import { preferredMediaType } from "./media.ts"
import type { OperationRef } from "./operations.ts"
import { child } from "./pointer.ts"
import { deref } from "./refs.ts"

/** Where a parameter travels. */
export type ParameterLocation = "path" | "query" | "header" | "cookie"

const LOCATIONS: ReadonlySet<string> = new Set(["path", "query", "header", "cookie"])

/** One parameter that applies to an operation, `$ref` followed. */
export interface OperationParameter {
  readonly name: string
  readonly in: ParameterLocation
  /** Always true for a path parameter (OpenAPI requires it; a template cannot be filled without it). */
  readonly required: boolean
  /** The Parameter Object; `{}` for an implicit path parameter. */
  readonly node: JsonObject
  /** Pointer of {@link node} (of the operation for an implicit path parameter). */
  readonly pointer: string
  /** Pointer of the entry that lists it (`…/parameters/2`, maybe a `$ref`); the operation's when implicit. */
  readonly site: string
  /** Where it is declared: the path item, the operation, or only the path template (`implicit`). */
  readonly level: "path" | "operation" | "implicit"
  /** The value's schema: `schema`, else the preferred media type's under `content`; undefined if neither. */
  readonly schema: Json | undefined
  /** Pointer of {@link schema}, when there is one. */
  readonly schemaPointer: string | undefined
}

/** Something {@link operationParameters} had to decide that the document left open. */
export interface ParameterIssue {
  readonly kind: "implicit-path-parameter" | "duplicate-name" | "malformed-parameter" | "unresolved-parameter"
  readonly pointer: string
  /** The parameter's name, when it has one. */
  readonly name: string | undefined
  readonly message: string
}

/** The parameters of one operation, and what had to be decided to get them. */
export interface OperationParameters {
  readonly parameters: ReadonlyArray<OperationParameter>
  readonly issues: ReadonlyArray<ParameterIssue>
}

const schemaOf = (
  node: JsonObject,
  pointer: string
): Pick<OperationParameter, "schema" | "schemaPointer"> => {
  if (node.schema !== undefined) return { schema: node.schema, schemaPointer: child(pointer, "schema") }
  const content = objectAt(node, "content")
  const type = preferredMediaType(content)
  if (type === undefined) return { schema: undefined, schemaPointer: undefined }
  return {
    schema: objectAt(content, type)?.schema,
    schemaPointer: child(pointer, "content", type, "schema")
  }
}

/** The `{name}` placeholders of a path template, in order. */
export const templateParameters = (path: string): Array<string> =>
  [...path.matchAll(/\{([^}]+)\}/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]))

/**
 * The parameters that apply to an operation. This is the one place the rules live, so the
 * generator's IR, the mock's routing and the diff see the same list:
 * 1. path-item parameters, then the operation's; an operation parameter replaces a path-item one
 *    with the same `in` and `name` (keeping its place);
 * 2. a template placeholder nothing declares becomes a required path parameter (`implicit`);
 * 3. a name stands for one parameter (it is the key of a client's arguments): when two
 *    locations declare one name, the path parameter is kept (the URL needs it), then the first
 *    query or header one; a cookie parameter (which clients do not send) never shadows another.
 * Every decision of 2 and 3, and every entry that is not a parameter, is an issue.
 */
export const operationParameters = (doc: JsonObject, op: OperationRef): OperationParameters => {
  const issues: Array<ParameterIssue> = []
  const byKey = new Map<string, OperationParameter>()
  const gather = (list: Json | undefined, base: string, level: "path" | "operation"): void => {
    if (!Array.isArray(list)) return
    list.forEach((entry: Json, i: number) => {
      const site = child(base, "parameters", i)
      const { node, pointer } = deref(doc, entry, site)
      if (!isObject(node)) {
        issues.push({
          kind: "unresolved-parameter",
          pointer: site,
          name: undefined,
          message: "does not resolve to a parameter"
        })
        return
      }
      const name = node.name
      const location = node.in
      if (typeof name !== "string" || typeof location !== "string" || !LOCATIONS.has(location)) {
        issues.push({
          kind: "malformed-parameter",
          pointer,
          name: typeof name === "string" ? name : undefined,
          message: `not a parameter (name ${JSON.stringify(name)}, in ${JSON.stringify(location)})`
        })
        return
      }
      byKey.set(`${location}:${name}`, {
        name,
        in: location as ParameterLocation,
        required: location === "path" || node.required === true,
        node,
        pointer,
        site,
        level,
        ...schemaOf(node, pointer)
      })
    })
  }
  gather(op.pathItem.parameters, op.pathItemPointer, "path")
  gather(op.operation.parameters, op.pointer, "operation")

  const declared = [...byKey.values()]
  for (const name of templateParameters(op.path)) {
    if (declared.some((p) => p.in === "path" && p.name === name)) continue
    issues.push({
      kind: "implicit-path-parameter",
      pointer: op.pointer,
      name,
      message: `path parameter "${name}" is not declared; taken as a required string`
    })
    declared.push({
      name,
      in: "path",
      required: true,
      node: {},
      pointer: op.pointer,
      site: op.pointer,
      level: "implicit",
      schema: undefined,
      schemaPointer: undefined
    })
  }

  const rank = (p: OperationParameter): number => (p.in === "path" ? 0 : p.in === "cookie" ? 2 : 1)
  const parameters: Array<OperationParameter> = []
  for (const p of declared) {
    const winner = declared
      .filter((q) => q.name === p.name)
      .reduce((best, q) => (rank(q) < rank(best) ? q : best))
    if (winner === p) parameters.push(p)
    else {
      issues.push({
        kind: "duplicate-name",
        pointer: p.pointer,
        name: p.name,
        message: `${p.in} parameter "${p.name}" has the name of the ${winner.in} parameter kept; dropped`
      })
    }
  }
  return { parameters, issues }
}
