import type { Json } from "@uc-conversation/spec"
import { makePrng } from "../src/internal/prng.ts"
import type { Engine } from "../src/internal/resources/engine.ts"
import { fakeValue } from "../src/internal/resources/fakeData.ts"
import { type Collection, idFieldFor } from "../src/internal/resources/shapes.ts"
import type { SpecOperation } from "../src/internal/spec.ts"

/**
 * Valid requests for any operation, for tests: path ids of seeded items (read from a twin engine
 * with the mock's seed, whose seeding is deterministic), required query parameters, and a body
 * generated from the body schema.
 */

export interface SampleRequest {
  readonly method: string
  /** Relative to the base URL, query included. */
  readonly path: string
  readonly body: Json | undefined
}

/** A seeded id of a collection (under the first item of its parent): the first, or the last one. */
export const seededId = (twin: Engine, collection: Collection, which: "first" | "last" = "first"): string => {
  const parentId = collection.parent === undefined ? "" : seededId(twin, collection.parent.collection)
  const items = twin.state.items(collection, parentId)
  const item = which === "first" ? items[0] : items[items.length - 1]
  return String(item?.[collection.idField ?? ""] ?? "")
}

/**
 * Seeded values for the path parameters that name stored resources. A DELETE gets the last seeded
 * item and everything else the first, so deleting never removes what the other operations use.
 */
export const seededPathValues = (twin: Engine, operation: SpecOperation): Record<string, string | number> => {
  const out: Record<string, string | number> = {}
  for (const segment of operation.segments) {
    if (typeof segment === "string") continue
    const collection = collectionFor(twin, operation, segment.param)
    if (collection === undefined) continue
    const own =
      collection.idParam === segment.param ||
      twin.shapes.operations.get(operation.operationId)?.itemParam === segment.param
    const value = seededId(twin, collection, own && operation.method === "DELETE" ? "last" : "first")
    out[segment.param] = collection.idType === "integer" && /^\d+$/.test(value) ? Number(value) : value
  }
  return out
}

const collectionFor = (twin: Engine, operation: SpecOperation, param: string): Collection | undefined => {
  const shape = twin.shapes.operations.get(operation.operationId)
  if (shape?.itemParam === param && shape.collection !== undefined) return shape.collection
  const chain: Array<Collection> = []
  for (let c = shape?.collection; c !== undefined; c = c.parent?.collection) chain.push(c)
  const inChain =
    chain.find((c) => c.idParam === param) ?? chain.find((c) => c.parent?.param === param)?.parent?.collection
  if (inChain !== undefined) return inChain
  const all = [...twin.shapes.collections.values()]
  return (
    all.find((c) => c.idParam === param) ??
    all.find(
      (c) =>
        c.idParam !== undefined && c.idField !== undefined && idFieldFor(param, c.item.schema) === c.idField
    )
  )
}

/** A request the operation should answer with success; `special` supplies values the engine does not own. */
export const sampleRequest = (
  twin: Engine,
  operation: SpecOperation,
  special: (param: string) => string | undefined = () => undefined
): SampleRequest => {
  const doc = twin.shapes.document
  let path = operation.pathTemplate
  const seeded = seededPathValues(twin, operation)
  for (const segment of operation.segments) {
    if (typeof segment === "string") continue
    const name = segment.param
    const value =
      special(name) ??
      (seeded[name] === undefined
        ? name === "extension"
          ? "mp3"
          : name === "agent_user_id"
            ? "1001"
            : "x"
        : String(seeded[name]))
    path = path.replace(`{${name}}`, encodeURIComponent(value))
  }
  const query = new URLSearchParams()
  for (const p of operation.parameters) {
    if (p.in !== "query" || !p.required) continue
    query.set(p.name, /date/.test(p.name) ? "2026-01-12" : p.name === "country" ? "US" : "1")
  }
  const shape = twin.shapes.operations.get(operation.operationId)
  const body =
    shape?.body === undefined ? undefined : fakeValue(doc, makePrng(1), shape.body.schema, shape.body.pointer)
  const q = query.toString()
  return { method: operation.method, path: q === "" ? path : `${path}?${q}`, body }
}
