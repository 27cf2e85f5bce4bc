import { isObject, type Json, type JsonObject, jsonEqual, objectAt } from "../json.ts"
import type { OperationRef } from "../operations.ts"
import { operationParameters } from "../parameters.ts"
import { child } from "../pointer.ts"
import { deref } from "../refs.ts"
import { compareGeneric, emit, label } from "./generic.ts"
import { compareSchema } from "./schema.ts"
import type { Context, Diff, Direction } from "./types.ts"

/** A Parameter, Request Body or Response Object with its `$ref` chain followed. */
const resolved = (doc: JsonObject, node: Json | undefined): Json | undefined => deref(doc, node, "").node

interface Parameter {
  readonly value: JsonObject
  readonly pointer: string
}

/** The parameters that apply to an operation (the library's one merge), keyed by `in:name`. */
const parametersOf = (doc: JsonObject, op: OperationRef): Map<string, Parameter> =>
  new Map(
    operationParameters(doc, op).parameters.map((p) => [
      `${p.in}:${p.name}`,
      { value: { ...p.node, name: p.name, in: p.in }, pointer: p.site }
    ])
  )

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

/** Compares one operation matched by operationId: location, parameters, body, responses, security. */
export const compareOperation = (d: Diff, a: OperationRef, b: OperationRef): void => {
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
  const ba = resolved(d.oldDoc, a.operation.requestBody)
  const bb = resolved(d.newDoc, b.operation.requestBody)
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
    const x = resolved(d.oldDoc, ra[status])
    const y = resolved(d.newDoc, rb[status])
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
