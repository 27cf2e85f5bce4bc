import { referencedComponents } from "../ir/recursion.ts"
import type { IrApi, IrNamedSchema } from "../ir/types.ts"
import { componentsToAnnotate } from "./annotations.ts"
import type { Names } from "./naming.ts"
import { type Helper, jsDoc, type RenderContext, schemaCode, typeCode } from "./schemaCode.ts"

/** The statements of models.gen.ts, and the helpers they need from the contract. */
export interface ModelsModule {
  readonly statements: ReadonlyArray<string>
  readonly helpers: ReadonlySet<Helper>
  /** Components that have `X` / `XEncoded` interfaces instead of a `typeof` alias. */
  readonly withInterface: ReadonlySet<string>
}

/**
 * Orders components so each is declared after the components it references (depth-first,
 * in document order). References that still point forward, which only happens inside a
 * cycle, are rendered lazily.
 */
export const declarationOrder = (schemas: ReadonlyArray<IrNamedSchema>): Array<IrNamedSchema> => {
  const byName = new Map(schemas.map((s) => [s.name, s]))
  const state = new Map<string, "visiting" | "done">()
  const order: Array<IrNamedSchema> = []
  for (const root of schemas) {
    if (state.has(root.name)) continue
    const work: Array<[IrNamedSchema, Array<string>]> = [[root, [...referencedComponents(root.schema)]]]
    state.set(root.name, "visiting")
    while (work.length > 0) {
      const frame = work[work.length - 1] as [IrNamedSchema, Array<string>]
      const next = frame[1].shift()
      if (next === undefined) {
        work.pop()
        state.set(frame[0].name, "done")
        order.push(frame[0])
        continue
      }
      const target = byName.get(next)
      if (target === undefined || state.has(next)) continue
      state.set(next, "visiting")
      work.push([target, [...referencedComponents(target.schema)]])
    }
  }
  return order
}

/** Renders every component schema. */
export const renderModels = (api: IrApi, names: Names): ModelsModule => {
  const order = declarationOrder(api.schemas)
  const position = new Map(order.map((s, i) => [s.name, i]))
  const known = (name: string): boolean => names.schema.has(name)
  // A reference is lazy when its target is declared at or after the referencing component,
  // which only happens inside a reference cycle. Every component of a cycle gets declared
  // `X` / `XEncoded` types: lazy references need them, and writing the cycle's types in terms
  // of each other's declarations (never `typeof Y.Type`) is what keeps TypeScript from
  // inferring a type from itself.
  const annotated = componentsToAnnotate(api, order)
  const withInterface = new Set(
    api.schemas.filter((s) => s.recursive || annotated.has(s.name)).map((s) => s.name)
  )
  const schemaByName = new Map(api.schemas.map((s) => [s.name, s.schema]))
  const helpers = new Set<Helper>()
  const statements: Array<string> = []
  for (const s of order) {
    const at = position.get(s.name) ?? 0
    const ctx: RenderContext = {
      identifier: (name) => names.schema.get(name) ?? "Schema.Unknown",
      isLazy: (name) => known(name) && (position.get(name) ?? 0) >= at,
      schemaOf: (name) => schemaByName.get(name),
      hasInterface: (name) => withInterface.has(name),
      helpers,
      components: new Set()
    }
    const id = ctx.identifier(s.name)
    const doc = jsDoc(s.schema.description, s.schema.deprecated)
    if (withInterface.has(s.name)) {
      const typeCtx: RenderContext = { ...ctx, components: new Set() }
      for (const side of ["Type", "Encoded"] as const) {
        const name = side === "Type" ? id : `${id}Encoded`
        const type = typeCode(s.schema, side, typeCtx)
        const prefix = side === "Type" ? doc : `/** Encoded form of {@link ${id}}. */\n`
        statements.push(
          s.schema.kind === "object" && s.schema.additional === undefined
            ? `${prefix}export interface ${name} ${type}`
            : `${prefix}export type ${name} = ${type}`
        )
      }
    }
    const code = schemaCode(s.schema, ctx)
    const annotation = annotated.has(s.name) ? `: Schema.Codec<${id}, ${id}Encoded>` : ""
    statements.push(`${doc}export const ${id}${annotation} = ${code}`)
    if (!withInterface.has(s.name)) {
      statements.push(`${doc}export type ${id} = typeof ${id}.Type`)
    }
  }
  return { statements, helpers, withInterface }
}
