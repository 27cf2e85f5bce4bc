import {
  child,
  componentOf,
  isObject,
  type JsonObject,
  type Json as JsonValue,
  optionalFieldsNullableOf,
  refTarget
} from "@uc-conversation/spec"
import { WarningCode, type WarningSink } from "../diagnostics.ts"
import type { IrDiscriminator, IrDocs, IrProperty, IrSchema } from "./types.ts"

/** The component name a `$ref` names, when it points at a whole component schema. */
export const componentName = (ref: string): string | undefined => {
  const component = componentOf(ref)
  return component?.[0] === "schemas" ? component[1] : undefined
}

/** Shared state of one schema conversion run. */
export interface SchemaContext {
  readonly document: JsonObject
  readonly sink: WarningSink
  /** x-uc-optional-fields-nullable at the document root. */
  readonly optionalFieldsNullable: boolean
  /** The component being converted: target of `$recursiveRef: "#"` / `$dynamicRef`. */
  readonly component?: string
}

const knownTypes = new Set(["string", "number", "integer", "boolean", "null", "array", "object"])

const docsOf = (node: JsonObject): IrDocs => {
  const docs: { description?: string; deprecated?: boolean } = {}
  const description = node.description ?? node.title
  if (typeof description === "string" && description.trim() !== "") docs.description = description.trim()
  if (node.deprecated === true) docs.deprecated = true
  return docs
}

const withDocs = (schema: IrSchema, docs: IrDocs): IrSchema =>
  docs.description === undefined && docs.deprecated === undefined ? schema : { ...schema, ...docs }

const nullable = (inner: IrSchema, docs: IrDocs = {}): IrSchema =>
  inner.kind === "nullable" || inner.kind === "null" || inner.kind === "unknown"
    ? inner
    : withDocs({ kind: "nullable", inner }, docs)

const unionOf = (members: ReadonlyArray<IrSchema>, discriminator: IrDiscriminator | undefined): IrSchema => {
  const nonNull = members.filter((m) => m.kind !== "null")
  const hasNull = nonNull.length !== members.length
  if (nonNull.some((m) => m.kind === "unknown")) return { kind: "unknown" }
  const core: IrSchema =
    nonNull.length === 1 && nonNull[0] !== undefined
      ? nonNull[0]
      : nonNull.length === 0
        ? { kind: "null" }
        : { kind: "union", members: nonNull, discriminator }
  return hasNull ? nullable(core) : core
}

/**
 * Converts one JSON Schema node into IR. Never throws: anything it cannot express becomes
 * `unknown` with a coded warning naming the node's pointer.
 */
export const convertSchema = (ctx: SchemaContext, node: JsonValue | undefined, pointer: string): IrSchema =>
  convert(ctx, node, pointer, new Set())

const convert = (
  ctx: SchemaContext,
  node: JsonValue | undefined,
  pointer: string,
  inlining: ReadonlySet<string>
): IrSchema => {
  if (node === true || node === undefined) return { kind: "unknown" }
  if (node === false) {
    ctx.sink.warn(WarningCode.UnsupportedType, pointer, "schema `false` (never) is typed as unknown")
    return { kind: "unknown" }
  }
  if (!isObject(node)) {
    ctx.sink.warn(WarningCode.UnsupportedType, pointer, "schema is not an object")
    return { kind: "unknown" }
  }
  const docs = docsOf(node)
  const ref = node.$ref
  if (typeof ref === "string") {
    const target = componentName(ref)
    if (target !== undefined) return withDocs({ kind: "ref", target }, docs)
    if (inlining.has(ref) || !ref.startsWith("#")) {
      ctx.sink.warn(WarningCode.UnsupportedRef, pointer, `cannot follow ${ref}; typed as unknown`)
      return { kind: "unknown" }
    }
    const resolved = refTarget(ctx.document, ref)
    return withDocs(convert(ctx, resolved, ref, new Set([...inlining, ref])), docs)
  }
  const recursiveRef = node.$recursiveRef ?? node.$dynamicRef
  if (typeof recursiveRef === "string") {
    if (ctx.component !== undefined && recursiveRef.startsWith("#")) {
      return withDocs({ kind: "ref", target: ctx.component }, docs)
    }
    ctx.sink.warn(WarningCode.UnsupportedRef, pointer, `cannot follow ${recursiveRef}; typed as unknown`)
    return { kind: "unknown" }
  }
  const schema = convertStructural(ctx, node, pointer, inlining)
  // OAS 3.0 `nullable: true`
  return withDocs(node.nullable === true ? nullable(schema) : schema, docs)
}

const convertStructural = (
  ctx: SchemaContext,
  node: JsonObject,
  pointer: string,
  inlining: ReadonlySet<string>
): IrSchema => {
  if (node.not !== undefined) {
    ctx.sink.warn(WarningCode.UnsupportedType, `${pointer}/not`, "`not` is not expressible; typed as unknown")
    return { kind: "unknown" }
  }
  if (Array.isArray(node.allOf)) return convertAllOf(ctx, node, pointer, inlining)
  const choice = Array.isArray(node.oneOf) ? "oneOf" : Array.isArray(node.anyOf) ? "anyOf" : undefined
  if (choice !== undefined) {
    const list = node[choice] as ReadonlyArray<JsonValue>
    const members = list.map((m, i) => convert(ctx, m, `${pointer}/${choice}/${i}`, inlining))
    return unionOf(members, discriminatorOf(node))
  }
  if (Object.hasOwn(node, "const")) return literalOf(ctx, node.const, `${pointer}/const`)
  if (Array.isArray(node.enum)) return enumOf(ctx, node, pointer)
  const type = node.type
  if (Array.isArray(type)) {
    const types = (type as ReadonlyArray<JsonValue>).filter((t): t is string => typeof t === "string")
    const members = types.map((t) => convertTyped(ctx, node, t, pointer, inlining))
    return unionOf(members, undefined)
  }
  if (typeof type === "string") return convertTyped(ctx, node, type, pointer, inlining)
  if (type !== undefined) {
    ctx.sink.warn(WarningCode.UnsupportedType, `${pointer}/type`, "`type` is neither a string nor an array")
    return { kind: "unknown" }
  }
  if (node.properties !== undefined || node.additionalProperties !== undefined) {
    return convertTyped(ctx, node, "object", pointer, inlining)
  }
  if (node.items !== undefined) return convertTyped(ctx, node, "array", pointer, inlining)
  return { kind: "unknown" }
}

const convertTyped = (
  ctx: SchemaContext,
  node: JsonObject,
  type: string,
  pointer: string,
  inlining: ReadonlySet<string>
): IrSchema => {
  if (!knownTypes.has(type)) {
    ctx.sink.warn(WarningCode.UnsupportedType, `${pointer}/type`, `unknown type "${type}"; typed as unknown`)
    return { kind: "unknown" }
  }
  const format = typeof node.format === "string" ? node.format : undefined
  switch (type) {
    case "string":
      return format === undefined ? { kind: "string" } : { kind: "string", format }
    case "number":
      return format === undefined ? { kind: "number" } : { kind: "number", format }
    case "integer":
      return format === "int32" || format === "int64" ? { kind: "integer", format } : { kind: "integer" }
    case "boolean":
      return { kind: "boolean" }
    case "null":
      return { kind: "null" }
    case "array": {
      if (node.prefixItems !== undefined) {
        ctx.sink.warn(
          WarningCode.UnsupportedType,
          `${pointer}/prefixItems`,
          "tuples are typed as unknown arrays"
        )
        return { kind: "array", items: { kind: "unknown" } }
      }
      return { kind: "array", items: convert(ctx, node.items, `${pointer}/items`, inlining) }
    }
    default:
      return convertObject(ctx, node, pointer, inlining)
  }
}

const convertObject = (
  ctx: SchemaContext,
  node: JsonObject,
  pointer: string,
  inlining: ReadonlySet<string>
): IrSchema => {
  const required = new Set(
    Array.isArray(node.required)
      ? (node.required as ReadonlyArray<JsonValue>).filter((r) => typeof r === "string")
      : []
  )
  const nullableOptional = optionalFieldsNullableOf(node) ?? ctx.optionalFieldsNullable
  const properties: Array<IrProperty> = []
  const props = node.properties
  if (isObject(props)) {
    for (const name of Object.keys(props)) {
      const isRequired = required.has(name)
      properties.push({
        name,
        required: isRequired,
        nullish: !isRequired && nullableOptional,
        schema: convert(ctx, props[name], child(pointer, "properties", name), inlining)
      })
    }
  }
  const extra = node.additionalProperties
  let additional: IrSchema | undefined
  if (extra === true || (extra === undefined && properties.length === 0)) additional = { kind: "unknown" }
  else if (isObject(extra)) additional = convert(ctx, extra, `${pointer}/additionalProperties`, inlining)
  if (node.patternProperties !== undefined && additional === undefined) additional = { kind: "unknown" }
  return { kind: "object", properties, additional }
}

const literalOf = (ctx: SchemaContext, value: JsonValue | undefined, pointer: string): IrSchema => {
  if (value === null) return { kind: "null" }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return { kind: "literal", value }
  }
  ctx.sink.warn(WarningCode.UnsupportedType, pointer, "non-scalar const is typed as unknown")
  return { kind: "unknown" }
}

const enumOf = (ctx: SchemaContext, node: JsonObject, pointer: string): IrSchema => {
  const values = node.enum as ReadonlyArray<JsonValue>
  const hasNull = values.includes(null)
  const rest = values.filter((v) => v !== null)
  let core: IrSchema
  if (rest.every((v): v is string => typeof v === "string")) {
    // A one-value enum is a constant (usually a discriminator): keep it closed so unions narrow.
    const unique = [...new Set(rest)]
    core =
      unique.length === 1 && unique[0] !== undefined
        ? { kind: "literal", value: unique[0] }
        : unique.length === 0
          ? { kind: "null" }
          : { kind: "enum", values: unique }
  } else if (rest.every((v) => typeof v === "number")) {
    // Numeric enums stay lenient (the base type); the known values go into the docs.
    const integer = node.type === "integer" || rest.every((v) => Number.isInteger(v))
    core = { kind: integer ? "integer" : "number", description: `One of: ${rest.join(", ")}.` }
  } else if (rest.every((v) => typeof v === "boolean")) {
    core = { kind: "boolean" }
  } else {
    ctx.sink.warn(WarningCode.UnsupportedType, `${pointer}/enum`, "mixed-type enum is typed as unknown")
    return { kind: "unknown" }
  }
  const declaresNull =
    hasNull || (Array.isArray(node.type) && (node.type as ReadonlyArray<JsonValue>).includes("null"))
  return declaresNull ? nullable(core) : core
}

const discriminatorOf = (node: JsonObject): IrDiscriminator | undefined => {
  const d = node.discriminator
  if (!isObject(d) || typeof d.propertyName !== "string") return undefined
  const mapping: Array<{ value: string; target: string }> = []
  if (isObject(d.mapping)) {
    for (const value of Object.keys(d.mapping)) {
      const ref = d.mapping[value]
      if (typeof ref !== "string") continue
      mapping.push({ value, target: componentName(ref) ?? ref })
    }
  }
  return { propertyName: d.propertyName, mapping }
}

// allOf: merge object members (own properties, referenced components, nested allOf) into one object.
const convertAllOf = (
  ctx: SchemaContext,
  node: JsonObject,
  pointer: string,
  inlining: ReadonlySet<string>
): IrSchema => {
  const all = node.allOf as ReadonlyArray<JsonValue>
  // Members such as `{nullable: true}` or `{description: ...}` only annotate the others.
  const members = all.filter((m) => !isAnnotationOnly(m))
  const nullableMember = all.some((m) => isObject(m) && isAnnotationOnly(m) && m.nullable === true)
  const hasOwnShape = node.properties !== undefined || node.additionalProperties !== undefined
  const only = members[0]
  if (members.length === 1 && !hasOwnShape && only !== undefined) {
    // `allOf: [$ref]` is the 3.0 idiom for "a $ref with a description".
    const single = convert(ctx, only, `${pointer}/allOf/${all.indexOf(only)}`, inlining)
    return nullableMember ? nullable(single) : single
  }
  const parts: Array<IrSchema> = []
  for (const member of members) {
    parts.push(flattenMember(ctx, member, `${pointer}/allOf/${all.indexOf(member)}`, inlining, new Set()))
  }
  if (hasOwnShape) {
    const { allOf: _ignored, ...own } = node
    parts.push(convertObject(ctx, own, pointer, inlining))
  }
  const objects = parts.filter((p) => p.kind === "object")
  if (objects.length === 0) {
    const first = parts.find((p) => p.kind !== "unknown")
    if (parts.length > 0 && first !== undefined && parts.every((p) => p.kind === first.kind)) return first
    ctx.sink.warn(
      WarningCode.UnsupportedAllOf,
      `${pointer}/allOf`,
      "allOf without object members is typed as unknown"
    )
    return { kind: "unknown" }
  }
  if (objects.length !== parts.length) {
    ctx.sink.warn(WarningCode.UnsupportedAllOf, `${pointer}/allOf`, "non-object allOf members are ignored")
  }
  const byName = new Map<string, IrProperty>()
  let additional: IrSchema | undefined
  for (const object of objects) {
    if (object.kind !== "object") continue
    for (const property of object.properties) {
      const previous = byName.get(property.name)
      // Later members refine earlier ones; a property required anywhere is required.
      const required = property.required || previous?.required === true
      byName.set(property.name, { ...property, required, nullish: property.nullish && !required })
    }
    if (object.additional !== undefined && object.properties.length > 0) additional = object.additional
  }
  const merged: IrSchema = { kind: "object", properties: [...byName.values()], additional }
  return nullableMember ? nullable(merged) : merged
}

const annotationKeys = new Set([
  "description",
  "title",
  "nullable",
  "deprecated",
  "example",
  "examples",
  "default",
  "readOnly",
  "writeOnly",
  "externalDocs"
])

const isAnnotationOnly = (member: JsonValue): boolean =>
  isObject(member) && Object.keys(member).every((k) => annotationKeys.has(k) || k.startsWith("x-"))

const flattenMember = (
  ctx: SchemaContext,
  member: JsonValue,
  pointer: string,
  inlining: ReadonlySet<string>,
  visiting: ReadonlySet<string>
): IrSchema => {
  if (isObject(member) && typeof member.$ref === "string") {
    const ref = member.$ref
    if (visiting.has(ref)) {
      ctx.sink.warn(WarningCode.UnsupportedAllOf, pointer, `allOf cycle through ${ref} is ignored`)
      return { kind: "unknown" }
    }
    const target = refTarget(ctx.document, ref)
    if (target === undefined) return { kind: "unknown" }
    return flattenMember(ctx, target, ref, inlining, new Set([...visiting, ref]))
  }
  const converted = convert(ctx, member, pointer, inlining)
  return converted.kind === "nullable" ? converted.inner : converted
}
