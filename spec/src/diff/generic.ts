import { isObject, type Json, jsonEqual } from "../json.ts"
import { child, parsePointer } from "../pointer.ts"
import type { ChangeKind, Context, Diff } from "./types.ts"

const DOC_KEYS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "deprecated"
])

/** Records one change. */
export const emit = (
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

/** "getConversations, parameter query \"_limit\"": the names of a change, for messages. */
export const label = (ctx: Context): string => {
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
export const compareGeneric = (
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
