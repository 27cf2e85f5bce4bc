import {
  isUcExtension,
  RETRY_SAFE,
  SAFE_METHODS,
  SYNC_OPERATIONS,
  SYNC_SELECT,
  ucExtensionsOf
} from "./extensions.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { listOperations } from "./operations.ts"
import { child, parsePointer } from "./pointer.ts"

type Mutable = Record<string, Json>

/** Inserts `key` right after the last of `anchors` present in `obj` (or at the end). */
const insertAfter = (
  obj: JsonObject,
  anchors: ReadonlyArray<string>,
  key: string,
  value: Json
): JsonObject => {
  if (Object.hasOwn(obj, key)) return { ...obj, [key]: value }
  const keys = Object.keys(obj)
  const at = Math.max(-1, ...anchors.map((a) => keys.lastIndexOf(a)))
  const out: Mutable = {}
  if (at < 0) out[key] = value
  keys.forEach((k, i) => {
    out[k] = obj[k] ?? null
    if (i === at) out[key] = value
  })
  return out
}

/**
 * Lays the current spec's `x-uc-*` extensions over the new document. Operation-level ones
 * follow their operationId (so a moved path keeps them); others go to the same pointer. An
 * extension whose place no longer exists is reported in the notes and dropped. Then the
 * defaults: the selection rule sync used (`recorded`, so a first sync records it) and a
 * conservative `x-uc-retry-safe` on any operation still without one (a newly adopted one):
 * `true` for GET/HEAD/OPTIONS, `false` otherwise, each reported as needing review.
 */
export const overlayExtensions = (
  doc: JsonObject,
  current: JsonObject | undefined,
  recorded: readonly [key: string, value: Json],
  notes: Array<string>
): JsonObject => {
  let out = doc
  const newOps = new Map(listOperations(doc).map((o) => [o.id, o.pointer]))
  const curOps = current ? listOperations(current) : []
  const sites: Array<{ pointer: string; entries: Array<[string, Json]> }> = []
  const walk = (node: Json, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => void walk(n, child(pointer, i)))
    else if (isObject(node)) {
      const entries = ucExtensionsOf(node)
      if (entries.length > 0) sites.push({ pointer, entries })
      for (const [k, v] of Object.entries(node)) if (!isUcExtension(k)) walk(v, child(pointer, k))
    }
  }
  if (current) walk(current, "")

  for (const { pointer, entries } of sites) {
    const op = curOps.find((o) => pointer === o.pointer || pointer.startsWith(`${o.pointer}/`))
    const target = op ? (newOps.get(op.id) ?? undefined) : ""
    if (target === undefined) {
      notes.push(
        `dropped ${entries.map(([k]) => k).join(", ")} at ${pointer}: operation ${op?.id} is no longer selected`
      )
      continue
    }
    const translated = op ? target + pointer.slice(op.pointer.length) : pointer
    for (const [key, value] of entries) {
      const next = setAt(out, translated, key, value)
      if (next) out = next
      else notes.push(`dropped ${key} at ${pointer}: that place no longer exists`)
    }
  }

  if (!Object.hasOwn(out, SYNC_OPERATIONS) && !Object.hasOwn(out, SYNC_SELECT)) {
    out = setAt(out, "", recorded[0], recorded[1]) ?? out
  }

  // every operation states its retry safety; a newly selected one gets a conservative default
  for (const op of listOperations(out)) {
    if (typeof op.operation[RETRY_SAFE] === "boolean") continue
    const safe = SAFE_METHODS.has(op.method)
    out = setAt(out, op.pointer, RETRY_SAFE, safe) ?? out
    notes.push(
      `${op.id}: ${RETRY_SAFE} defaulted to ${safe} from its method (${op.method.toUpperCase()}); needs review`
    )
  }
  return out
}

/** Sets `key` on the object at `pointer`, copying along the path; undefined when the object is missing. */
const setAt = (root: JsonObject, pointer: string, key: string, value: Json): JsonObject | undefined => {
  const tokens = parsePointer(pointer)
  const rebuild = (node: Json | undefined, depth: number): Json | undefined => {
    if (depth === tokens.length) {
      if (!isObject(node)) return undefined
      const anchors =
        depth === 0
          ? [
              "openapi",
              "info",
              "jsonSchemaDialect",
              "servers",
              "security",
              "tags",
              "externalDocs",
              ...ucKeys(node)
            ]
          : "operationId" in node
            ? ["operationId", ...ucKeys(node)]
            : Object.keys(node)
      return insertAfter(node, anchors, key, value)
    }
    const token = tokens[depth] ?? ""
    if (Array.isArray(node)) {
      const i = Number(token)
      const inner = rebuild(node[i], depth + 1)
      return inner === undefined ? undefined : node.map((n, j) => (j === i ? inner : n))
    }
    if (!isObject(node) || !Object.hasOwn(node, token)) return undefined
    const inner = rebuild(node[token], depth + 1)
    return inner === undefined ? undefined : { ...node, [token]: inner }
  }
  const result = rebuild(root, 0)
  return isObject(result) ? result : undefined
}

const ucKeys = (node: JsonObject): Array<string> => Object.keys(node).filter(isUcExtension)
