import type { IrDiscriminator, IrProperty, IrSchema } from "../ir/types.ts"
import { propertyKey } from "./naming.ts"

/** The contract helpers a module ends up using, so its import lists exactly those. */
export type Helper = "Int32" | "Int64" | "Integer" | "OpenEnum" | "Nullish"

/** How one module renders schemas: names of components and which references must be lazy. */
export interface RenderContext {
  /** Component name → identifier. */
  readonly identifier: (component: string) => string
  /** True when a reference to this component must go through `Schema.suspend`. */
  readonly isLazy: (component: string) => boolean
  /** Components with declared `X` / `XEncoded` interfaces (the targets of lazy references). */
  readonly hasInterface: (component: string) => boolean
  /** The IR of a component, to see through references where the rendering depends on it. */
  readonly schemaOf: (component: string) => IrSchema | undefined
  /** Collects the helpers and components the rendered code uses. */
  readonly helpers: Set<Helper>
  readonly components: Set<string>
}

// Calls carry a pure annotation each: a bundler may only drop an unused schema when every call
// inside its initializer is known to be free of side effects.
const P = "/*#__PURE__*/ "

const indent = (text: string, pad: string): string => text.replace(/\n/g, `\n${pad}`)

/** A JSDoc block (or nothing) for a description, safe against a closing `*\/` in the text. */
export const jsDoc = (description: string | undefined, deprecated = false): string => {
  const lines = (description ?? "").replace(/\*\//g, "*\\/").split(/\r?\n/)
  const body = lines.filter((l, i) => l.trim() !== "" || (i > 0 && i < lines.length - 1))
  if (deprecated) body.push("@deprecated")
  if (body.length === 0) return ""
  if (body.length === 1) return `/** ${body[0]?.trim()} */\n`
  return `/**\n${body.map((l) => ` * ${l.trimEnd()}`.trimEnd()).join("\n")}\n */\n`
}

/** Effect Schema code for one IR node. */
export const schemaCode = (schema: IrSchema, ctx: RenderContext): string => {
  switch (schema.kind) {
    case "ref": {
      ctx.components.add(schema.target)
      const id = ctx.identifier(schema.target)
      return ctx.isLazy(schema.target)
        ? `${P}Schema.suspend((): Schema.Codec<${id}, ${id}Encoded> => ${id})`
        : id
    }
    case "string":
      return "Schema.String"
    case "number":
      return "Schema.Number"
    case "integer": {
      const helper: Helper =
        schema.format === "int32" ? "Int32" : schema.format === "int64" ? "Int64" : "Integer"
      ctx.helpers.add(helper)
      return helper
    }
    case "boolean":
      return "Schema.Boolean"
    case "null":
      return "Schema.Null"
    case "unknown":
      return "Schema.Unknown"
    case "literal":
      return `${P}Schema.Literal(${JSON.stringify(schema.value)})`
    case "enum":
      ctx.helpers.add("OpenEnum")
      return `${P}OpenEnum([${schema.values.map((v) => JSON.stringify(v)).join(", ")}])`
    case "array":
      return `${P}Schema.Array(${schemaCode(schema.items, ctx)})`
    case "nullable":
      return `${P}Schema.NullOr(${schemaCode(schema.inner, ctx)})`
    case "union":
      return `${P}Schema.Union([\n  ${schema.members.map((m) => indent(memberCode(m, schema.discriminator, ctx), "  ")).join(",\n  ")}\n])`
    case "object":
      return objectCode(schema.properties, schema.additional, ctx)
  }
}

/** A union member that must be re-tagged: its component, tag property and tag values. */
interface Retag {
  readonly target: string
  readonly property: string
  readonly values: ReadonlyArray<string>
}

/**
 * A `discriminator` whose member does not declare its tag as a literal (common in specs
 * converted from Swagger 2.0: `type: string` plus a mapping) would leave Effect's union to try
 * members in order. Such a member is rendered as its fields with the tag narrowed to the values
 * the mapping gives it (implicitly: the component name). Only plain structs declared earlier
 * qualify, since the rendering spreads `X.fields`.
 */
const retagOf = (
  member: IrSchema,
  discriminator: IrDiscriminator | undefined,
  ctx: RenderContext
): Retag | undefined => {
  if (discriminator === undefined || member.kind !== "ref" || ctx.isLazy(member.target)) return undefined
  const target = ctx.schemaOf(member.target)
  if (target?.kind !== "object" || target.additional !== undefined) return undefined
  const tag = target.properties.find((p) => p.name === discriminator.propertyName)
  if (tag === undefined || tag.schema.kind === "literal") return undefined
  const mapped = discriminator.mapping.filter((m) => m.target === member.target).map((m) => m.value)
  return { target: member.target, property: tag.name, values: mapped.length > 0 ? mapped : [member.target] }
}

const tagLiteral = (values: ReadonlyArray<string>): string =>
  values.length === 1
    ? `${P}Schema.Literal(${JSON.stringify(values[0])})`
    : `${P}Schema.Literals([${values.map((v) => JSON.stringify(v)).join(", ")}])`

const memberCode = (
  member: IrSchema,
  discriminator: IrDiscriminator | undefined,
  ctx: RenderContext
): string => {
  const retag = retagOf(member, discriminator, ctx)
  if (retag === undefined) return schemaCode(member, ctx)
  ctx.components.add(retag.target)
  const id = ctx.identifier(retag.target)
  return `${P}Schema.Struct({ ...${id}.fields, ${propertyKey(retag.property)}: ${tagLiteral(retag.values)} })`
}

/** `Schema.Struct({...})` for a list of properties (also used for operation args). */
export const structCode = (properties: ReadonlyArray<IrProperty>, ctx: RenderContext): string => {
  if (properties.length === 0) return `${P}Schema.Struct({})`
  const fields = properties.map((p) => {
    let code = schemaCode(p.schema, ctx)
    if (p.nullish) {
      ctx.helpers.add("Nullish")
      code = `${P}Nullish(${code})`
    }
    if (!p.required) code = `${P}Schema.optionalKey(${code})`
    return `${jsDoc(p.schema.description, p.schema.deprecated)}${propertyKey(p.name)}: ${code}`
  })
  return `${P}Schema.Struct({\n  ${fields.map((f) => indent(f, "  ")).join(",\n  ")}\n})`
}

const objectCode = (
  properties: ReadonlyArray<IrProperty>,
  additional: IrSchema | undefined,
  ctx: RenderContext
): string => {
  if (additional === undefined) return structCode(properties, ctx)
  const record = `${P}Schema.Record(Schema.String, ${schemaCode(additional, ctx)})`
  if (properties.length === 0) return record
  return `${P}Schema.StructWithRest(${structCode(properties, ctx)}, [${record}])`
}

/**
 * The TypeScript type of a schema, for the interfaces that lazy references need. `side`
 * picks the decoded (`Type`) or the encoded (`Encoded`) form.
 */
export const typeCode = (schema: IrSchema, side: "Type" | "Encoded", ctx: RenderContext): string => {
  switch (schema.kind) {
    case "ref": {
      const id = ctx.identifier(schema.target)
      if (ctx.hasInterface(schema.target)) return side === "Type" ? id : `${id}Encoded`
      return `typeof ${id}.${side}`
    }
    case "string":
      return "string"
    case "number":
    case "integer":
      return "number"
    case "boolean":
      return "boolean"
    case "null":
      return "null"
    case "unknown":
      return "unknown"
    case "literal":
      return JSON.stringify(schema.value)
    case "enum":
      return side === "Type"
        ? `${schema.values.map((v) => JSON.stringify(v)).join(" | ")} | (string & {})`
        : "string"
    case "array":
      return `ReadonlyArray<${typeCode(schema.items, side, ctx)}>`
    case "nullable":
      return `${wrapUnion(typeCode(schema.inner, side, ctx))} | null`
    case "union":
      return schema.members
        .map((m) => {
          const retag = retagOf(m, schema.discriminator, ctx)
          if (retag === undefined) return wrapUnion(typeCode(m, side, ctx))
          const tag = retag.values.map((v) => JSON.stringify(v)).join(" | ")
          return `(Omit<${typeCode(m, side, ctx)}, ${JSON.stringify(retag.property)}> & { readonly ${propertyKey(retag.property)}: ${tag} })`
        })
        .join(" | ")
    case "object": {
      const fields = schema.properties.map((p) => {
        const inner = typeCode(p.schema, side, ctx)
        const type = p.nullish ? `${wrapUnion(inner)} | null` : inner
        return `readonly ${propertyKey(p.name)}${p.required ? "" : "?"}: ${type}`
      })
      const rest =
        schema.additional === undefined
          ? undefined
          : `{ readonly [x: string]: ${typeCode(schema.additional, side, ctx)} }`
      if (fields.length === 0) return rest ?? "{}"
      const struct = `{\n  ${fields.join("\n  ")}\n}`
      return rest === undefined ? struct : `${struct} & ${rest}`
    }
  }
}

const wrapUnion = (code: string): string =>
  /^[^(<{]*\|/.test(code) || code.includes("=>") ? `(${code})` : code
