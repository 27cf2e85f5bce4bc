import { isObject, type Json, type JsonObject, jsonEqual, objectAt } from "./json.ts"
import { listOperations, type OperationRef } from "./operations.ts"
import { child, getAt, parsePointer } from "./pointer.ts"
import { findRefs } from "./refs.ts"

/** How a change affects users of the generated client. */
export type ChangeKind = "breaking" | "additive" | "docs"

/** The semver bump a set of changes implies. */
export type Bump = "major" | "minor" | "patch" | "none"

/** One classified difference between two documents. */
export interface Change {
  readonly kind: ChangeKind
  /** Stable rule id (see spec/README.md), e.g. `parameter-removed`. */
  readonly rule: string
  /** One human sentence. */
  readonly message: string
  /** JSON pointer of the changed node, in the document named by `side`. */
  readonly pointer: string
  /** `old` for removals (the node only exists there), `new` otherwise. */
  readonly side: "old" | "new"
  readonly operationId?: string
  /** Component schema name, when the change is inside `components/schemas`. */
  readonly schema?: string
  /** Property name, for field changes. */
  readonly field?: string
  /** Parameter name and location, for parameter changes. */
  readonly parameter?: { readonly name: string; readonly in: string }
  /** Response status, for response changes. */
  readonly status?: string
}

/** Result of {@link diffDocuments}. */
export interface DiffReport {
  readonly bump: Bump
  readonly counts: { readonly breaking: number; readonly additive: number; readonly docs: number }
  readonly changes: ReadonlyArray<Change>
}

type Direction = "request" | "response"
type Context = Omit<Change, "kind" | "rule" | "message" | "pointer" | "side">

interface Diff {
  readonly oldDoc: JsonObject
  readonly newDoc: JsonObject
  readonly changes: Array<Change>
}

const DOC_KEYS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "deprecated"
])

const emit = (
  d: Diff,
  kind: ChangeKind,
  rule: string,
  message: string,
  pointer: string,
  side: "old" | "new",
  ctx: Context
): void => {
  d.changes.push({ kind, rule, message, pointer, side, ...ctx })
}

const label = (ctx: Context): string => {
  const parts = [
    ctx.operationId,
    ctx.schema && `schema ${ctx.schema}`,
    ctx.parameter && `parameter ${ctx.parameter.in} "${ctx.parameter.name}"`,
    ctx.status && `response ${ctx.status}`,
    ctx.field && `field "${ctx.field}"`
  ]
  return parts.filter(Boolean).join(", ")
}

/**
 * Compares what no specific rule covers, member by member: documentation keys are docs-only,
 * `x-*` extensions additive, anything else breaking (rule `unclassified`), so an unknown change
 * can never pass as harmless.
 */
const compareGeneric = (
  d: Diff,
  a: Json | undefined,
  b: Json | undefined,
  pointer: string,
  ctx: Context
): void => {
  if (jsonEqual(a, b)) return
  const key = parsePointer(pointer).at(-1) ?? ""
  const where = label(ctx) || pointer || "/"
  if (DOC_KEYS.has(key)) {
    emit(d, "docs", "docs-changed", `${where}: ${key} changed`, pointer, b === undefined ? "old" : "new", ctx)
  } else if (key.startsWith("x-")) {
    const what = a === undefined ? "added" : b === undefined ? "removed" : "changed"
    emit(
      d,
      "additive",
      "extension-changed",
      `${where}: extension ${key} ${what}`,
      pointer,
      b === undefined ? "old" : "new",
      ctx
    )
  } else if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      compareGeneric(d, a[k], b[k], child(pointer, k), ctx)
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => void compareGeneric(d, x, b[i], child(pointer, i), ctx))
  } else {
    const what = a === undefined ? "added" : b === undefined ? "removed" : "changed"
    emit(
      d,
      "breaking",
      "unclassified",
      `${where}: ${key || "document"} ${what}`,
      pointer,
      b === undefined ? "old" : "new",
      ctx
    )
  }
}

// ---------------------------------------------------------------------------------------------
// schemas

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
const compareSchema = (
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
const schemaDirections = (doc: JsonObject): Map<string, Set<Direction>> => {
  const out = new Map<string, Set<Direction>>()
  const visit = (node: Json | undefined, direction: Direction): void => {
    for (const { ref } of findRefs(node ?? null)) {
      const tokens = parsePointer(ref.replace(/^#/, ""))
      if (tokens[0] !== "components" || tokens.length < 3) continue
      const name = tokens[2] ?? ""
      const key = `${tokens[1]}/${name}`
      const seen = out.get(key) ?? new Set<Direction>()
      if (seen.has(direction)) continue
      seen.add(direction)
      out.set(key, seen)
      visit(getAt(doc, ref.replace(/^#/, "")), direction)
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

// ---------------------------------------------------------------------------------------------
// operations

const deref = (doc: JsonObject, node: Json | undefined): Json | undefined =>
  isObject(node) && typeof node.$ref === "string" && !node.$ref.includes("/schemas/")
    ? getAt(doc, node.$ref.replace(/^#/, ""))
    : node

interface Parameter {
  readonly key: string
  readonly index: number
  readonly value: JsonObject
  readonly pointer: string
}

/** The parameters that apply to an operation: path-level ones overridden by operation-level ones. */
const parametersOf = (doc: JsonObject, op: OperationRef): Map<string, Parameter> => {
  const out = new Map<string, Parameter>()
  const add = (list: Json | undefined, base: string) => {
    ;(Array.isArray(list) ? list : []).forEach((p: Json, index: number) => {
      const value = deref(doc, p)
      if (isObject(value) && typeof value.name === "string") {
        const key = `${String(value.in)}:${value.name}`
        out.set(key, { key, index, value, pointer: child(base, "parameters", index) })
      }
    })
  }
  add(objectAt(objectAt(doc, "paths"), op.path)?.parameters, child("/paths", op.path))
  add(op.operation.parameters, op.pointer)
  return out
}

const compareContent = (
  d: Diff,
  a: Json | undefined,
  b: Json | undefined,
  pointer: string,
  ctx: Context,
  direction: Direction
): void => {
  const ca = isObject(a) ? a : {}
  const cb = isObject(b) ? b : {}
  for (const type of Object.keys(ca)) {
    const at = child(pointer, type)
    if (!Object.hasOwn(cb, type)) {
      emit(d, "breaking", "media-type-removed", `${label(ctx)}: media type ${type} removed`, at, "old", ctx)
      continue
    }
    const ma = ca[type]
    const mb = cb[type]
    if (isObject(ma) && isObject(mb)) {
      compareSchema(d, ma.schema, mb.schema, child(at, "schema"), ctx, new Set([direction]))
      for (const k of new Set([...Object.keys(ma), ...Object.keys(mb)])) {
        if (k !== "schema") compareGeneric(d, ma[k], mb[k], child(at, k), ctx)
      }
    }
  }
  for (const type of Object.keys(cb).filter((t) => !Object.hasOwn(ca, t))) {
    emit(
      d,
      "additive",
      "media-type-added",
      `${label(ctx)}: media type ${type} added`,
      child(pointer, type),
      "new",
      ctx
    )
  }
}

const compareOperation = (d: Diff, a: OperationRef, b: OperationRef): void => {
  const ctx: Context = { operationId: b.id }
  if (a.path !== b.path || a.method !== b.method) {
    emit(
      d,
      "breaking",
      "operation-moved",
      `${b.id}: moved from ${a.method.toUpperCase()} ${a.path} to ${b.method.toUpperCase()} ${b.path}`,
      b.pointer,
      "new",
      ctx
    )
  }
  const handled = new Set(["parameters", "requestBody", "responses", "security", "operationId"])

  // parameters
  const pa = parametersOf(d.oldDoc, a)
  const pb = parametersOf(d.newDoc, b)
  for (const [key, p] of pa) {
    const pctx: Context = { ...ctx, parameter: { name: String(p.value.name), in: String(p.value.in) } }
    const q = pb.get(key)
    if (!q) {
      emit(d, "breaking", "parameter-removed", `${label(pctx)}: removed`, p.pointer, "old", pctx)
      continue
    }
    if (p.value.required !== true && q.value.required === true) {
      emit(
        d,
        "breaking",
        "parameter-became-required",
        `${label(pctx)}: now required`,
        child(q.pointer, "required"),
        "new",
        pctx
      )
    } else if (p.value.required === true && q.value.required !== true) {
      emit(
        d,
        "additive",
        "parameter-became-optional",
        `${label(pctx)}: no longer required`,
        child(q.pointer, "required"),
        "new",
        pctx
      )
    }
    compareSchema(d, p.value.schema, q.value.schema, child(q.pointer, "schema"), pctx, new Set(["request"]))
    for (const k of new Set([...Object.keys(p.value), ...Object.keys(q.value)])) {
      if (!["schema", "required", "name", "in"].includes(k))
        compareGeneric(d, p.value[k], q.value[k], child(q.pointer, k), pctx)
    }
  }
  for (const [key, q] of pb) {
    if (pa.has(key)) continue
    const pctx: Context = { ...ctx, parameter: { name: String(q.value.name), in: String(q.value.in) } }
    if (q.value.required === true)
      emit(
        d,
        "breaking",
        "parameter-added-required",
        `${label(pctx)}: added, required`,
        q.pointer,
        "new",
        pctx
      )
    else
      emit(
        d,
        "additive",
        "parameter-added-optional",
        `${label(pctx)}: added, optional`,
        q.pointer,
        "new",
        pctx
      )
  }

  // request body
  const ba = deref(d.oldDoc, a.operation.requestBody)
  const bb = deref(d.newDoc, b.operation.requestBody)
  const bodyAt = child(b.pointer, "requestBody")
  if (isObject(ba) && !isObject(bb)) {
    emit(
      d,
      "breaking",
      "request-body-removed",
      `${b.id}: request body removed`,
      child(a.pointer, "requestBody"),
      "old",
      ctx
    )
  } else if (!isObject(ba) && isObject(bb)) {
    if (bb.required === true)
      emit(
        d,
        "breaking",
        "request-body-added-required",
        `${b.id}: required request body added`,
        bodyAt,
        "new",
        ctx
      )
    else
      emit(
        d,
        "additive",
        "request-body-added-optional",
        `${b.id}: optional request body added`,
        bodyAt,
        "new",
        ctx
      )
  } else if (isObject(ba) && isObject(bb)) {
    if (ba.required !== true && bb.required === true) {
      emit(
        d,
        "breaking",
        "request-body-became-required",
        `${b.id}: request body now required`,
        child(bodyAt, "required"),
        "new",
        ctx
      )
    } else if (ba.required === true && bb.required !== true) {
      emit(
        d,
        "additive",
        "request-body-became-optional",
        `${b.id}: request body no longer required`,
        child(bodyAt, "required"),
        "new",
        ctx
      )
    }
    compareContent(d, ba.content, bb.content, child(bodyAt, "content"), ctx, "request")
    for (const k of new Set([...Object.keys(ba), ...Object.keys(bb)])) {
      if (k !== "content" && k !== "required") compareGeneric(d, ba[k], bb[k], child(bodyAt, k), ctx)
    }
  }

  // responses
  const ra = objectAt(a.operation, "responses") ?? {}
  const rb = objectAt(b.operation, "responses") ?? {}
  for (const status of Object.keys(ra)) {
    const sctx: Context = { ...ctx, status }
    const at = child(b.pointer, "responses", status)
    if (!Object.hasOwn(rb, status)) {
      emit(
        d,
        "breaking",
        "response-removed",
        `${label(sctx)}: removed`,
        child(a.pointer, "responses", status),
        "old",
        sctx
      )
      continue
    }
    const x = deref(d.oldDoc, ra[status])
    const y = deref(d.newDoc, rb[status])
    if (!isObject(x) || !isObject(y)) continue
    compareContent(d, x.content, y.content, child(at, "content"), sctx, "response")
    const ha = objectAt(x, "headers") ?? {}
    const hb = objectAt(y, "headers") ?? {}
    for (const h of Object.keys(ha).filter((n) => !Object.hasOwn(hb, n))) {
      emit(
        d,
        "breaking",
        "response-header-removed",
        `${label(sctx)}: header ${h} removed`,
        child(a.pointer, "responses", status, "headers", h),
        "old",
        sctx
      )
    }
    for (const h of Object.keys(hb)) {
      if (!Object.hasOwn(ha, h))
        emit(
          d,
          "additive",
          "response-header-added",
          `${label(sctx)}: header ${h} added`,
          child(at, "headers", h),
          "new",
          sctx
        )
      else compareGeneric(d, ha[h], hb[h], child(at, "headers", h), sctx)
    }
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (k !== "content" && k !== "headers") compareGeneric(d, x[k], y[k], child(at, k), sctx)
    }
  }
  for (const status of Object.keys(rb).filter((s) => !Object.hasOwn(ra, s))) {
    const sctx: Context = { ...ctx, status }
    emit(
      d,
      "additive",
      "response-added",
      `${label(sctx)}: added`,
      child(b.pointer, "responses", status),
      "new",
      sctx
    )
  }

  // security: any change can lock a caller out
  if (!jsonEqual(a.operation.security, b.operation.security)) {
    emit(
      d,
      "breaking",
      "security-changed",
      `${b.id}: security requirements changed`,
      child(b.pointer, "security"),
      "new",
      ctx
    )
  }

  for (const k of new Set([...Object.keys(a.operation), ...Object.keys(b.operation)])) {
    if (handled.has(k)) continue
    if (k === "tags") {
      if (!jsonEqual(a.operation.tags, b.operation.tags))
        emit(d, "docs", "docs-changed", `${b.id}: tags changed`, child(b.pointer, k), "new", ctx)
    } else compareGeneric(d, a.operation[k], b.operation[k], child(b.pointer, k), ctx)
  }
}

/** OAuth2 scopes: a removed scope breaks callers holding only it, an added one does not. */
const compareSecurityScheme = (
  d: Diff,
  a: Json | undefined,
  b: Json | undefined,
  pointer: string,
  name: string
): void => {
  if (!isObject(a) || !isObject(b)) {
    compareGeneric(d, a, b, pointer, {})
    return
  }
  const fa = objectAt(a, "flows") ?? {}
  const fb = objectAt(b, "flows") ?? {}
  for (const flow of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
    const at = child(pointer, "flows", flow)
    const xa = objectAt(fa, flow)
    const xb = objectAt(fb, flow)
    if (!xa || !xb) {
      compareGeneric(d, xa, xb, at, {})
      continue
    }
    const sa = objectAt(xa, "scopes") ?? {}
    const sb = objectAt(xb, "scopes") ?? {}
    const removed = Object.keys(sa).filter((s) => !Object.hasOwn(sb, s))
    const added = Object.keys(sb).filter((s) => !Object.hasOwn(sa, s))
    if (removed.length > 0) {
      emit(
        d,
        "breaking",
        "security-scope-removed",
        `security scheme ${name}: scope(s) removed: ${removed.join(", ")}`,
        child(at, "scopes"),
        "old",
        {}
      )
    }
    if (added.length > 0) {
      emit(
        d,
        "additive",
        "security-scope-added",
        `security scheme ${name}: scope(s) added: ${added.join(", ")}`,
        child(at, "scopes"),
        "new",
        {}
      )
    }
    for (const s of Object.keys(sa).filter((x) => Object.hasOwn(sb, x))) {
      compareGeneric(d, sa[s], sb[s], child(at, "scopes", s), {})
    }
    for (const k of new Set([...Object.keys(xa), ...Object.keys(xb)])) {
      if (k !== "scopes") compareGeneric(d, xa[k], xb[k], child(at, k), {})
    }
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k !== "flows") compareGeneric(d, a[k], b[k], child(pointer, k), {})
  }
}

// ---------------------------------------------------------------------------------------------

const BUMPS: Record<ChangeKind, Bump> = { breaking: "major", additive: "minor", docs: "patch" }

/** The bump a list of changes implies: the largest of its kinds, `none` when empty. */
export const impliedBump = (changes: ReadonlyArray<Change>): Bump =>
  (["major", "minor", "patch"] as const).find((b) => changes.some((c) => BUMPS[c.kind] === b)) ?? "none"

/**
 * Classifies every difference between two OpenAPI 3.1 documents as breaking, additive or
 * docs-only (rules in spec/README.md). Operations are matched by operationId, parameters by
 * (in, name), schemas by component name and fields by property name.
 */
export const diffDocuments = (oldDoc: JsonObject, newDoc: JsonObject): DiffReport => {
  const d: Diff = { oldDoc, newDoc, changes: [] }

  const opsA = listOperations(oldDoc)
  const opsB = listOperations(newDoc)
  for (const a of opsA) {
    const b = opsB.find((o) => o.id === a.id)
    if (b) compareOperation(d, a, b)
    else
      emit(
        d,
        "breaking",
        "operation-removed",
        `${a.id}: operation removed (${a.method.toUpperCase()} ${a.path})`,
        a.pointer,
        "old",
        { operationId: a.id }
      )
  }
  for (const b of opsB.filter((o) => !opsA.some((a) => a.id === o.id))) {
    emit(
      d,
      "additive",
      "operation-added",
      `${b.id}: operation added (${b.method.toUpperCase()} ${b.path})`,
      b.pointer,
      "new",
      { operationId: b.id }
    )
  }

  const sa = objectAt(objectAt(oldDoc, "components"), "schemas") ?? {}
  const sb = objectAt(objectAt(newDoc, "components"), "schemas") ?? {}
  const da = schemaDirections(oldDoc)
  const db = schemaDirections(newDoc)
  for (const name of Object.keys(sa)) {
    const at = child("/components/schemas", name)
    if (!Object.hasOwn(sb, name)) {
      emit(d, "breaking", "schema-removed", `schema ${name}: removed`, at, "old", { schema: name })
      continue
    }
    const directions = new Set([...(da.get(`schemas/${name}`) ?? []), ...(db.get(`schemas/${name}`) ?? [])])
    compareSchema(d, sa[name], sb[name], at, { schema: name }, directions)
  }
  for (const name of Object.keys(sb).filter((n) => !Object.hasOwn(sa, n))) {
    emit(d, "additive", "schema-added", `schema ${name}: added`, child("/components/schemas", name), "new", {
      schema: name
    })
  }

  // everything else: security schemes, servers, info, root extensions, other components
  const schemesA = objectAt(objectAt(oldDoc, "components"), "securitySchemes") ?? {}
  const schemesB = objectAt(objectAt(newDoc, "components"), "securitySchemes") ?? {}
  for (const name of new Set([...Object.keys(schemesA), ...Object.keys(schemesB)])) {
    const at = child("/components/securitySchemes", name)
    if (!Object.hasOwn(schemesA, name))
      emit(d, "additive", "security-scheme-added", `security scheme ${name}: added`, at, "new", {})
    else if (!Object.hasOwn(schemesB, name))
      emit(d, "breaking", "security-scheme-removed", `security scheme ${name}: removed`, at, "old", {})
    else compareSecurityScheme(d, schemesA[name], schemesB[name], at, name)
  }
  for (const k of new Set([...Object.keys(oldDoc), ...Object.keys(newDoc)])) {
    if (k === "paths") continue
    if (k === "info") {
      if (!jsonEqual(oldDoc.info, newDoc.info))
        emit(d, "docs", "docs-changed", "info changed", "/info", "new", {})
    } else if (k === "components") {
      const ca = objectAt(oldDoc, "components") ?? {}
      const cb = objectAt(newDoc, "components") ?? {}
      for (const kind of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
        if (kind !== "schemas" && kind !== "securitySchemes")
          compareGeneric(d, ca[kind], cb[kind], child("/components", kind), {})
      }
    } else if (k === "security") {
      if (!jsonEqual(oldDoc.security, newDoc.security)) {
        emit(
          d,
          "breaking",
          "security-changed",
          "document security requirements changed",
          "/security",
          "new",
          {}
        )
      }
    } else compareGeneric(d, oldDoc[k], newDoc[k], child("", k), {})
  }

  const changes = d.changes
  return {
    bump: impliedBump(changes),
    counts: {
      breaking: changes.filter((c) => c.kind === "breaking").length,
      additive: changes.filter((c) => c.kind === "additive").length,
      docs: changes.filter((c) => c.kind === "docs").length
    },
    changes
  }
}

/** The human summary the CLI prints: a headline, then the changes grouped by kind. */
export const formatReport = (report: DiffReport, oldFile: string, newFile: string): string => {
  const { counts } = report
  const lines = [
    `${oldFile} → ${newFile}: ${report.bump === "none" ? "no changes" : `${report.bump} bump`} ` +
      `(${counts.breaking} breaking, ${counts.additive} additive, ${counts.docs} docs-only)`
  ]
  for (const [kind, title] of [
    ["breaking", "Breaking"],
    ["additive", "Additive"],
    ["docs", "Docs-only"]
  ] as const) {
    const group = report.changes.filter((c) => c.kind === kind)
    if (group.length === 0) continue
    lines.push(`${title}:`)
    for (const c of group) lines.push(`  - ${c.message}  [${c.rule} ${c.side}#${c.pointer || "/"}]`)
  }
  return `${lines.join("\n")}\n`
}
