import { WarningCode, type WarningSink } from "../diagnostics.ts"
import type { IrApi } from "../ir/types.ts"
import { toCamelCase, toPascalCase } from "../text.ts"
import { shadowsGlobal } from "./globalNames.ts"

const reservedWords = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" ")
)

// Names the generated modules import or declare themselves; models and operations avoid them.
const generatorOwned = [
  "Schema",
  "Effect",
  "Context",
  "Layer",
  "execute",
  "Int32",
  "Int64",
  "Integer",
  "OpenEnum",
  "Nullish",
  "UltraCartClient",
  "UltraCartError",
  "CallOptions",
  "OperationDefinition",
  "ApiMetadata",
  "apiMetadata",
  "securitySchemes"
]

const isIdentifier = (name: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)

/** A property key as written in an object literal or interface. */
export const propertyKey = (name: string): string => (isIdentifier(name) ? name : JSON.stringify(name))

/** The identifiers chosen for one operation's module. */
export interface OperationNames {
  readonly fn: string
  readonly args: string
  readonly definition: string
  /** Name of the hoisted success schema, when the success body is not a plain component ref. */
  readonly success: string
  /** File name (without directory), e.g. `getConversation.gen.ts`. */
  readonly file: string
  /** For an operation with x-uc-pagination: its `<op>Pagination`, `<Op>Filter` and `<op>Stream`. */
  readonly paging:
    | { readonly pagination: string; readonly filter: string; readonly stream: string }
    | undefined
}

/** Every identifier the emitter declares, chosen once so all modules agree and none collide. */
export interface Names {
  readonly schema: ReadonlyMap<string, string>
  readonly operation: ReadonlyMap<string, OperationNames>
  readonly service: string
}

/**
 * Name of the generated operations table of a service (`ConversationApi` →
 * `conversationApiOperations`): the method names of its shape, which the Promise facade is built
 * from.
 */
export const operationsTableName = (service: string): string =>
  `${(service[0] ?? "").toLowerCase()}${service.slice(1)}Operations`

/**
 * Name of the generated paginators table of a service (`ConversationApi` →
 * `conversationApiPaginators`): operationId → `<op>Stream`, for every operation with
 * x-uc-pagination; the Promise facade's async iterables are built from it.
 */
export const paginatorsTableName = (service: string): string =>
  `${(service[0] ?? "").toLowerCase()}${service.slice(1)}Paginators`

/** The suffix a model named like a global gets (`Error` → `ErrorModel`). */
export const globalSuffix = "Model"

/**
 * Chooses unique, valid identifiers: component schemas first (PascalCase), then per operation
 * its function (camelCase operationId), Args and Definition. Renames are reported as warnings.
 * A component named like a global (`Error`, `Date`, `Response`…, see globalNames.ts) gets the
 * suffix {@link globalSuffix}: the model is exported from the package root, where `Error` would
 * shadow the global for every `import *` user and in the generated modules themselves.
 */
export const assignNames = (api: IrApi, sink: WarningSink): Names => {
  const taken = new Set<string>([
    ...generatorOwned,
    api.serviceName,
    `${api.serviceName}Shape`,
    operationsTableName(api.serviceName),
    paginatorsTableName(api.serviceName)
  ])
  const claim = (wanted: string, pointer: string, original: string): string => {
    let base = wanted === "" ? "Unnamed" : wanted
    if (/^[0-9]/.test(base)) base = `_${base}`
    if (reservedWords.has(base)) base = `${base}_`
    let candidate = base
    for (let i = 2; taken.has(candidate) || taken.has(`${candidate}Encoded`); i++) candidate = `${base}${i}`
    taken.add(candidate)
    if (candidate !== wanted)
      sink.warn(WarningCode.RenamedIdentifier, pointer, `"${original}" is emitted as ${candidate}`)
    return candidate
  }
  const schema = new Map<string, string>()
  for (const s of api.schemas) {
    const pascal = isIdentifier(s.name) && /^[A-Z]/.test(s.name) ? s.name : toPascalCase(s.name)
    const wanted = shadowsGlobal(pascal) ? `${pascal}${globalSuffix}` : pascal
    if (wanted !== pascal)
      sink.warn(
        WarningCode.ShadowedGlobal,
        s.pointer,
        `"${s.name}" is the name of a global; emitted as ${wanted}`
      )
    const id = claim(wanted, s.pointer, s.name)
    schema.set(s.name, id)
    taken.add(`${id}Encoded`)
  }
  const operation = new Map<string, OperationNames>()
  for (const op of api.operations) {
    const camel =
      isIdentifier(op.operationId) && /^[a-z]/.test(op.operationId)
        ? op.operationId
        : toCamelCase(op.operationId)
    const fn = claim(camel, op.pointer, op.operationId)
    const pascal = (fn[0] ?? "").toUpperCase() + fn.slice(1)
    operation.set(op.operationId, {
      fn,
      args: claim(`${pascal}Args`, op.pointer, `${pascal}Args`),
      definition: claim(`${fn}Definition`, op.pointer, `${fn}Definition`),
      success: claim(`${pascal}Success`, op.pointer, `${pascal}Success`),
      file: `${fn}.gen.ts`,
      paging:
        op.pagination === undefined
          ? undefined
          : {
              pagination: claim(`${fn}Pagination`, op.pointer, `${fn}Pagination`),
              filter: claim(`${pascal}Filter`, op.pointer, `${pascal}Filter`),
              stream: claim(`${fn}Stream`, op.pointer, `${fn}Stream`)
            }
    })
  }
  return { schema, operation, service: api.serviceName }
}
