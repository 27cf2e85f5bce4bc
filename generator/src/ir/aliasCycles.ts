import { WarningCode, type WarningSink } from "../diagnostics.ts"
import { cycles } from "./recursion.ts"
import type { IrNamedSchema, IrSchema } from "./types.ts"

/**
 * Components referenced without an object or an array in between: the schema *is* the other
 * one, or a union or nullable of it. TypeScript can defer a reference through a property or an
 * array element, but not through these (`type Baz = Qux; type Qux = Baz` is TS2456).
 */
const unguardedRefs = (schema: IrSchema, into: Array<string> = []): Array<string> => {
  if (schema.kind === "ref") into.push(schema.target)
  else if (schema.kind === "nullable") unguardedRefs(schema.inner, into)
  else if (schema.kind === "union") for (const m of schema.members) unguardedRefs(m, into)
  return into
}

const replaceRefs = (schema: IrSchema, cycle: ReadonlySet<string>): IrSchema => {
  if (schema.kind === "ref" && cycle.has(schema.target)) {
    const { target: _target, kind: _kind, ...docs } = schema
    return { kind: "unknown", ...docs }
  }
  if (schema.kind === "nullable") return { ...schema, inner: replaceRefs(schema.inner, cycle) }
  if (schema.kind === "union") return { ...schema, members: schema.members.map((m) => replaceRefs(m, cycle)) }
  return schema
}

/**
 * A cycle of components that reference each other with no object or array in between has no
 * structure to type: JSON Schema cannot tell what it accepts, and TypeScript refuses the aliases.
 * Each such reference becomes `unknown`, with a UCG_W002 warning at the component, so the output
 * still type-checks. Every other schema is returned as it is.
 */
export const breakAliasCycles = <S extends Pick<IrNamedSchema, "name" | "pointer" | "schema">>(
  schemas: ReadonlyArray<S>,
  sink: WarningSink
): Array<S> => {
  const found = cycles(new Map(schemas.map((s) => [s.name, unguardedRefs(s.schema)])))
  if (found.length === 0) return [...schemas]
  const cycleOf = new Map(found.flatMap((members) => members.map((m) => [m, members] as const)))
  return schemas.map((s) => {
    const members = cycleOf.get(s.name)
    if (members === undefined) return s
    sink.warn(
      WarningCode.UnsupportedRef,
      s.pointer,
      `${members.join(" → ")} → ${members[0]}: references with no object or array in between; typed as unknown`
    )
    return { ...s, schema: replaceRefs(s.schema, new Set(members)) }
  })
}
