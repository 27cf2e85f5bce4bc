import type { IrApi, IrNamedSchema, IrSchema } from "../ir/types.ts"

/**
 * Estimated length above which a component gets an explicit type annotation. TypeScript writes
 * the inferred type of `export const X = Schema.Struct({...})` into declarations by spelling out
 * every component it reaches, not `typeof Y`; on a large graph (Argo Workflows' Workflow reaches
 * hundreds of Kubernetes types) that passes the compiler's limit and `declaration: true` fails
 * with TS7056. The estimate counts characters of that spelled-out type, roughly; the limit is
 * far below the compiler's (1,000,000) and far above any component of a small API, whose output
 * therefore does not change.
 */
export const ANNOTATE_ABOVE = 50_000

/** Components referenced as members of a discriminated union: the emitter spreads their `.fields`. */
const fieldsUsed = (api: IrApi): Set<string> => {
  const out = new Set<string>()
  const visit = (schema: IrSchema | undefined): void => {
    if (schema === undefined) return
    if (schema.kind === "array") visit(schema.items)
    else if (schema.kind === "nullable") visit(schema.inner)
    else if (schema.kind === "object") {
      for (const p of schema.properties) visit(p.schema)
      visit(schema.additional)
    } else if (schema.kind === "union") {
      for (const m of schema.members) {
        if (schema.discriminator !== undefined && m.kind === "ref") out.add(m.target)
        visit(m)
      }
    }
  }
  for (const s of api.schemas) visit(s.schema)
  for (const op of api.operations) {
    for (const p of op.parameters) visit(p.schema)
    visit(op.requestBody?.schema)
    visit(op.success?.schema)
    for (const e of op.errors) visit(e.schema)
  }
  return out
}

/**
 * The components to declare as `export const X: Schema.Codec<X, XEncoded>` (with declared `X` and
 * `XEncoded` types): those whose inferred type, counting the components it inlines, is estimated
 * above {@link ANNOTATE_ABOVE}. An annotated component counts as short wherever it is used.
 * `order` is the declaration order; a reference to a component not declared yet is lazy (short).
 */
export const componentsToAnnotate = (api: IrApi, order: ReadonlyArray<IrNamedSchema>): Set<string> => {
  const keepFields = fieldsUsed(api)
  const position = new Map(order.map((s, i) => [s.name, i]))
  const length = new Map<string, number>()
  const annotated = new Set<string>()
  const estimate = (schema: IrSchema, at: number): number => {
    switch (schema.kind) {
      case "ref": {
        const target = position.get(schema.target)
        if (target === undefined || target >= at || annotated.has(schema.target)) return 40
        return length.get(schema.target) ?? 40
      }
      case "literal":
        return 30 + String(schema.value).length
      case "enum":
        return 30 + schema.values.reduce((n, v) => n + v.length + 4, 0)
      case "array":
        return 30 + estimate(schema.items, at)
      case "nullable":
        return 30 + estimate(schema.inner, at)
      case "union":
        return 30 + schema.members.reduce((n, m) => n + estimate(m, at), 0)
      case "object":
        return (
          40 +
          schema.properties.reduce((n, p) => n + p.name.length + 50 + estimate(p.schema, at), 0) +
          (schema.additional === undefined ? 0 : estimate(schema.additional, at))
        )
      default:
        return 25
    }
  }
  order.forEach((s, i) => {
    const size = estimate(s.schema, i)
    length.set(s.name, size)
    if (size > ANNOTATE_ABOVE && !keepFields.has(s.name)) annotated.add(s.name)
  })
  return annotated
}
