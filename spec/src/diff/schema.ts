import { isObject, type Json, type JsonObject, jsonEqual, objectAt } from "../json.ts"
import { listOperations } from "../operations.ts"
import { child, getAt, parsePointer } from "../pointer.ts"
import { findRefs, refPointer } from "../refs.ts"
import { compareGeneric, emit, label } from "./generic.ts"
import type { ChangeKind, Context, Diff, Direction } from "./types.ts"

const typesOf = (s: JsonObject): Set<string> | undefined => {
  const t = s.type
  if (typeof t === "string") return new Set(t === "integer" ? ["integer"] : [t])
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === "string"))
  return undefined
}

/** Whether every value of type set `a` is also valid under `b` (integer ⊂ number; no type = anything). */
const typesWithin = (a: Set<string> | undefined, b: Set<string> | undefined): boolean => {
  if (b === undefined) return true
  if (a === undefined) return false
  return [...a].every((t) => b.has(t) || (t === "integer" && b.has("number")))
}

const FORMAT_WIDENINGS: ReadonlyArray<readonly [string, string]> = [
  ["int32", "int64"],
  ["float", "double"]
]

/** Whether format `b` accepts everything format `a` does (absent = no restriction). */
const formatWithin = (a: Json | undefined, b: Json | undefined): boolean =>
  b === undefined || a === b || FORMAT_WIDENINGS.some(([x, y]) => x === a && y === b)

const UPPER_BOUNDS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const
const LOWER_BOUNDS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"] as const

const refName = (s: JsonObject): string | undefined =>
  typeof s.$ref === "string" ? (s.$ref.split("/").at(-1) ?? s.$ref) : undefined

/**
 * Compares two schemas. `directions` says where the schema is used: a narrowing breaks
 * requests and responses alike; a widening breaks only what clients decode (responses).
 */
export const compareSchema = (
  d: Diff,
  a: Json | undefined,
  b: Json | undefined,
  pointer: string,
  ctx: Context,
  directions: ReadonlySet<Direction>
): void => {
  if (jsonEqual(a, b) || !isObject(a) || !isObject(b)) {
    if (!jsonEqual(a, b)) compareGeneric(d, a, b, pointer, ctx)
    return
  }
  const where = label(ctx) || pointer
  const widening: ChangeKind = directions.has("response") ? "breaking" : "additive"
  const handled = new Set<string>()
  const take = (...keys: ReadonlyArray<string>) => {
    for (const k of keys) handled.add(k)
  }

  // references: same target is compared where the target is defined
  take("$ref")
  if (refName(a) !== refName(b)) {
    emit(
      d,
      "breaking",
      "ref-changed",
      `${where}: type changed from ${refName(a) ?? "inline"} to ${refName(b) ?? "inline"}`,
      child(pointer, "$ref"),
      "new",
      ctx
    )
  }

  take("type")
  const ta = typesOf(a)
  const tb = typesOf(b)
  if (!jsonEqual(a.type, b.type)) {
    const narrowed = !typesWithin(ta, tb)
    const widened = !typesWithin(tb, ta)
    const desc = `type ${JSON.stringify(a.type ?? "any")} → ${JSON.stringify(b.type ?? "any")}`
    if (narrowed && widened)
      emit(d, "breaking", "type-changed", `${where}: ${desc}`, child(pointer, "type"), "new", ctx)
    else if (narrowed)
      emit(d, "breaking", "type-narrowed", `${where}: ${desc}`, child(pointer, "type"), "new", ctx)
    else emit(d, widening, "type-widened", `${where}: ${desc}`, child(pointer, "type"), "new", ctx)
  }

  take("format")
  if (a.format !== b.format) {
    const desc = `format ${String(a.format ?? "none")} → ${String(b.format ?? "none")}`
    const at = child(pointer, "format")
    if (!formatWithin(a.format, b.format))
      emit(d, "breaking", "type-narrowed", `${where}: ${desc}`, at, "new", ctx)
    else emit(d, widening, "type-widened", `${where}: ${desc}`, at, "new", ctx)
  }

  take("enum")
  const ea = Array.isArray(a.enum) ? a.enum : undefined
  const eb = Array.isArray(b.enum) ? b.enum : undefined
  if (ea && eb) {
    for (const v of ea.filter((x) => !eb.some((y) => jsonEqual(x, y)))) {
      emit(
        d,
        "breaking",
        "enum-value-removed",
        `${where}: enum value ${JSON.stringify(v)} removed`,
        child(pointer, "enum"),
        "old",
        ctx
      )
    }
    for (const v of eb.filter((x) => !ea.some((y) => jsonEqual(x, y)))) {
      emit(
        d,
        "additive",
        "enum-value-added",
        `${where}: enum value ${JSON.stringify(v)} added`,
        child(pointer, "enum"),
        "new",
        ctx
      )
    }
  } else if (eb)
    emit(
      d,
      "breaking",
      "type-narrowed",
      `${where}: now restricted to an enum`,
      child(pointer, "enum"),
      "new",
      ctx
    )
  else if (ea)
    emit(
      d,
      "additive",
      "enum-removed",
      `${where}: no longer restricted to an enum`,
      child(pointer, "enum"),
      "old",
      ctx
    )

  for (const [bounds, tighter] of [
    [UPPER_BOUNDS, (x: number, y: number) => y < x],
    [LOWER_BOUNDS, (x: number, y: number) => y > x]
  ] as const) {
    for (const k of bounds) {
      take(k)
      const x = a[k]
      const y = b[k]
      if (jsonEqual(x, y)) continue
      const at = child(pointer, k)
      const desc = `${where}: ${k} ${JSON.stringify(x ?? "none")} → ${JSON.stringify(y ?? "none")}`
      if (typeof y === "number" && (typeof x !== "number" || tighter(x, y))) {
        emit(d, "breaking", "type-narrowed", desc, at, "new", ctx)
      } else emit(d, widening, "type-widened", desc, at, "new", ctx)
    }
  }
  take("pattern")
  if (a.pattern !== b.pattern) {
    const kind: ChangeKind = b.pattern === undefined ? widening : "breaking"
    emit(
      d,
      kind,
      b.pattern === undefined ? "type-widened" : "type-narrowed",
      `${where}: pattern changed`,
      child(pointer, "pattern"),
      "new",
      ctx
    )
  }

  // object members
  take("properties", "required")
  const pa = objectAt(a, "properties") ?? {}
  const pb = objectAt(b, "properties") ?? {}
  const ra = new Set(Array.isArray(a.required) ? a.required : [])
  const rb = new Set(Array.isArray(b.required) ? b.required : [])
  for (const name of Object.keys(pa)) {
    const fctx = { ...ctx, field: ctx.field ? `${ctx.field}.${name}` : name }
    const at = child(pointer, "properties", name)
    if (!Object.hasOwn(pb, name)) {
      emit(d, "breaking", "field-removed", `${label(fctx)}: removed`, at, "old", fctx)
      continue
    }
    if (!ra.has(name) && rb.has(name)) {
      emit(
        d,
        "breaking",
        "field-became-required",
        `${label(fctx)}: now required`,
        child(pointer, "required"),
        "new",
        fctx
      )
    } else if (ra.has(name) && !rb.has(name)) {
      emit(
        d,
        widening,
        "field-became-optional",
        `${label(fctx)}: no longer required`,
        child(pointer, "required"),
        "new",
        fctx
      )
    }
    compareSchema(d, pa[name], pb[name], at, fctx, directions)
  }
  for (const name of Object.keys(pb).filter((n) => !Object.hasOwn(pa, n))) {
    const fctx = { ...ctx, field: ctx.field ? `${ctx.field}.${name}` : name }
    const at = child(pointer, "properties", name)
    if (rb.has(name) && directions.has("request")) {
      emit(d, "breaking", "field-added-required", `${label(fctx)}: added, required`, at, "new", fctx)
    } else
      emit(
        d,
        "additive",
        "field-added-optional",
        `${label(fctx)}: added${rb.has(name) ? " (required in responses)" : ""}`,
        at,
        "new",
        fctx
      )
  }

  take("items")
  if (a.items !== undefined || b.items !== undefined) {
    compareSchema(
      d,
      a.items,
      b.items,
      child(pointer, "items"),
      { ...ctx, ...(ctx.field ? { field: `${ctx.field}[]` } : {}) },
      directions
    )
  }

  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!handled.has(k)) compareGeneric(d, a[k], b[k], child(pointer, k), ctx)
  }
}

/** For each component schema, whether requests, responses or both reach it (following refs). */
export const schemaDirections = (doc: JsonObject): Map<string, Set<Direction>> => {
  const out = new Map<string, Set<Direction>>()
  const visit = (node: Json | undefined, direction: Direction): void => {
    for (const { ref } of findRefs(node ?? null)) {
      const target = refPointer(ref)
      if (target === undefined) continue
      const tokens = parsePointer(target)
      if (tokens[0] !== "components" || tokens.length < 3) continue
      const name = tokens[2] ?? ""
      const key = `${tokens[1]}/${name}`
      const seen = out.get(key) ?? new Set<Direction>()
      if (seen.has(direction)) continue
      seen.add(direction)
      out.set(key, seen)
      visit(getAt(doc, target), direction)
    }
  }
  for (const op of listOperations(doc)) {
    visit(op.operation.parameters, "request")
    visit(op.operation.requestBody, "request")
    visit(op.operation.responses, "response")
  }
  for (const [path, item] of Object.entries(objectAt(doc, "paths") ?? {})) {
    if (isObject(item)) visit(item.parameters, "request")
    void path
  }
  return out
}
