import { isObject, type Json, type JsonObject } from "@uc-conversation/spec"
import { type Page, successEnvelope } from "../envelope.ts"
import type { HandlerContext, HandlerResult } from "../operations.ts"
import { makePrng, type Prng } from "../prng.ts"
import { iso, MERCHANT_ID } from "../seed.ts"
import type { SpecOperation } from "../spec.ts"
import { type Action, actions, afterSeed } from "./actions.ts"
import { fakeObject, fakeValue } from "./fakeData.ts"
import { isResult, unknownResource } from "./results.ts"
import { type Item, isPlaceholder, project, propertiesOf, propertyOf, schemaName, typeOf } from "./schema.ts"
import { type Collection, deriveShapes, type OperationShape, type Shapes } from "./shapes.ts"

/**
 * The generic resource engine: every operation without a hand handler is answered here, from
 * state kept per mock instance. Collections, items and singletons come from shapes.ts; their
 * seed data from fakeData.ts (a PRNG per collection, so seeding order never matters); the few
 * operations with semantics beyond CRUD from actions.ts.
 */

/** What a response is built from: one item, a page of items, or payload members by key. */
export interface Subject {
  readonly item?: Item
  readonly list?: ReadonlyArray<Item>
  readonly page?: Page
  readonly values?: Readonly<Record<string, Json>>
  /** Show fields UltraCart returns only on create (e.g. a hardware phone's `sip_password`). */
  readonly reveal?: boolean
}

/** A located item: the list holding it (to update or remove it in place) and its index. */
export interface Found {
  readonly item: Item
  readonly list: Array<Item>
}

/** The engine's state and helpers, as actions see them. */
export interface EngineState {
  readonly shapes: Shapes
  readonly seed: number
  /** A live PRNG for ids and values handed out after start (reset with the state). */
  readonly prng: Prng
  /** The collection an operation works on (its list, insert, get, … operation). */
  readonly collectionOf: (operationId: string) => Collection
  /** The stored items of a collection under one parent (`""` for a top-level collection), seeded on first use. */
  readonly items: (collection: Collection, parentId?: string) => Array<Item>
  /** The parent id the request's path names, or an unknown-resource answer when that parent does not exist. */
  readonly parentOf: (
    collection: Collection,
    params: Readonly<Record<string, unknown>>
  ) => string | HandlerResult
  /** The item the request's path names (by `idParam`, the collection's own by default), or UltraCart's 400. */
  readonly find: (
    collection: Collection,
    params: Readonly<Record<string, unknown>>,
    idParam?: string
  ) => Found | HandlerResult
  /** Stored state under a name, created on first use (report inputs, singletons). */
  readonly memo: <A>(name: string, init: (prng: Prng) => A) => A
  /** A new id for an item of the collection (an increasing oid or a uuid, by the id's type). */
  readonly newId: (collection: Collection, parentId?: string) => string | number
  /** A success answer shaped by the operation's response schema. */
  readonly respond: (shape: OperationShape, subject: Subject) => HandlerResult
  /** The CRUD answer the operation would get without an action. */
  readonly generic: (shape: OperationShape, ctx: HandlerContext) => HandlerResult
  /** A fresh ISO timestamp from the store's monotonic clock. */
  readonly now: (ctx: HandlerContext) => string
  /** A generated value for a payload member (deterministic per operation and key). */
  readonly fake: (shape: OperationShape, key: string) => Json
  /** Copies the body's fields the collection's items declare into `target`, never the id. */
  readonly assign: (collection: Collection, target: Item, body: unknown) => void
  /** The page a list operation asks for (its declared limit/offset parameters, clamped). */
  readonly page: (
    shape: OperationShape,
    params: Readonly<Record<string, unknown>>,
    total: number
  ) => { limit: number; offset: number }
  /** The shape of another operation (to reuse its answer). */
  readonly shapeOf: (operationId: string) => OperationShape
}

export interface Engine {
  readonly shapes: Shapes
  /** Answers an operation; throws only on a bug (the caller turns that into a 500). */
  readonly answer: (operation: SpecOperation, ctx: HandlerContext) => HandlerResult
  /** Back to the seeded state. */
  readonly reset: () => void
  /** The state and helpers actions see (tests read seeded ids from a twin engine through it). */
  readonly state: EngineState
}

/** Seeded items per top-level collection and per parent item of a nested one. */
const SEEDED_TOP = 3
const SEEDED_NESTED = 2

const hash = (seed: number, text: string): number => {
  let h = (seed ^ 0x811c9dc5) >>> 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h
}

/** Fields whose description says UltraCart returns them only when creating (or regenerating) them. */
const hiddenFields = (item: Item): ReadonlyArray<string> =>
  Object.entries(propertiesOf(item)).flatMap(([key, schema]) =>
    isObject(schema) && typeof schema.description === "string" && /only on create/i.test(schema.description)
      ? [key]
      : []
  )

const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)

const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => Json }).rawJSON

/**
 * An integer a client stored that is too large for a double to print as digits (|n| ≥ 1e21, which
 * JSON.stringify writes as `1e+21`) goes back out as the integer digits its schema promises.
 */
const exactIntegers = (value: Json): Json => {
  if (typeof value === "number")
    return Number.isInteger(value) && Math.abs(value) >= 1e21 && rawJSON !== undefined
      ? rawJSON(BigInt(value).toString())
      : value
  if (Array.isArray(value)) return value.map(exactIntegers)
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exactIntegers(v)]))
  return value
}

/** The paging parameters a list operation declares: `x-uc-pagination`, else `_limit`/`limit` and `_offset`/`offset`. */
const pagingOf = (
  operation: SpecOperation,
  params: Readonly<Record<string, unknown>>,
  total: number
): { limit: number; offset: number } => {
  if (operation.paging !== undefined) {
    const p = operation.paging
    const limit = Math.min(p.maxPageSize, Math.max(1, num(params[p.limit]) ?? p.defaultPageSize))
    return { limit, offset: Math.max(0, num(params[p.offset]) ?? 0) }
  }
  const query = operation.parameters.filter((p) => p.in === "query")
  const limitParam = query.find((p) => p.name === "_limit" || p.name === "limit")
  const offsetParam = query.find((p) => p.name === "_offset" || p.name === "offset")
  const stated = /max(?:imum)?\D{0,3}(\d+)/i.exec(limitParam?.description ?? "")?.[1]
  const max = stated === undefined ? Math.max(1, total) : Number(stated)
  const fallback = num(limitParam?.schema.default)
  const limit =
    limitParam === undefined
      ? Math.max(1, total)
      : Math.min(max, Math.max(1, num(params[limitParam.name]) ?? fallback ?? max))
  return { limit, offset: offsetParam === undefined ? 0 : Math.max(0, num(params[offsetParam.name]) ?? 0) }
}

/** Parameters that filter a list by equality on the item field of the same name. */
const filterByFields = (
  operation: SpecOperation,
  collection: Collection,
  params: Readonly<Record<string, unknown>>,
  items: ReadonlyArray<Item>
): Array<Item> => {
  const fields = propertiesOf(collection.item.schema)
  const filters = operation.parameters.filter(
    (p) => p.in === "query" && p.name in fields && params[p.name] !== undefined
  )
  return items.filter((item) => filters.every((p) => String(item[p.name]) === String(params[p.name])))
}

export const makeEngine = (shapes: Shapes, seed: number): Engine => {
  const doc = shapes.document
  let store = new Map<string, Array<Item>>()
  let memos = new Map<string, unknown>()
  let prng = makePrng(hash(seed, "live"))
  const nextOid = new Map<string, number>()

  const collectionOf = (operationId: string): Collection => {
    const collection = shapes.operations.get(operationId)?.collection
    if (collection === undefined) throw new Error(`mock-server: ${operationId} works on no collection`)
    return collection
  }

  const items = (collection: Collection, parentId = ""): Array<Item> => {
    const key = `${collection.key}\u0000${parentId}`
    let list = store.get(key)
    if (list === undefined) {
      const local = makePrng(hash(seed, key))
      const count = collection.parent === undefined ? SEEDED_TOP : SEEDED_NESTED
      list = Array.from({ length: count }, (_, i) => {
        const item = fakeObject(doc, local, collection.item)
        if (collection.idField !== undefined)
          item[collection.idField] =
            collection.idType === "integer" ? i + 1 : (item[collection.idField] ?? local.uuid())
        if (collection.parent !== undefined && collection.parent.param in item)
          item[collection.parent.param] = coerceLike(item[collection.parent.param], parentId)
        return item
      })
      store.set(key, list)
      afterSeed(collection, list, state, local)
    }
    return list
  }

  const coerceLike = (sample: Json | undefined, value: string): Json =>
    typeof sample === "number" && /^-?\d+$/.test(value) ? Number(value) : value

  const parentOf = (
    collection: Collection,
    params: Readonly<Record<string, unknown>>
  ): string | HandlerResult => {
    const parent = collection.parent
    if (parent === undefined) return ""
    const id = params[parent.param]
    const found = find(parent.collection, params, parent.param)
    return isResult(found) ? found : String(id)
  }

  const find = (
    collection: Collection,
    params: Readonly<Record<string, unknown>>,
    idParam = collection.idParam
  ): Found | HandlerResult => {
    const parentId = parentOf(collection, params)
    if (typeof parentId !== "string") return parentId
    const id = idParam === undefined ? undefined : params[idParam]
    const list = items(collection, parentId)
    const item =
      collection.idField === undefined
        ? undefined
        : list.find((i) => String(i[collection.idField!]) === String(id))
    return item === undefined ? unknownResource(schemaName(collection.item), id) : { item, list }
  }

  const memo = <A>(name: string, init: (p: Prng) => A): A => {
    if (!memos.has(name)) memos.set(name, init(makePrng(hash(seed, `memo:${name}`))))
    return memos.get(name) as A
  }

  const newId = (collection: Collection, parentId = ""): string | number => {
    if (collection.idType !== "integer") {
      const field = collection.idField ?? ""
      return /_sid$/.test(field)
        ? (fakeValue(doc, prng, propertyOf(doc, collection.item, field).schema, "", field) as string)
        : prng.uuid()
    }
    const key = `${collection.key}\u0000${parentId}`
    const highest = Math.max(
      nextOid.get(key) ?? 0,
      ...items(collection, parentId).map((i) => num(i[collection.idField ?? ""]) ?? 0)
    )
    nextOid.set(key, highest + 1)
    return highest + 1
  }

  const fake = (shape: OperationShape, key: string): Json => {
    const member = shape.response.payload.find((m) => m.key === key)
    if (member === undefined) return null
    const local = makePrng(hash(seed, `${shape.operation.operationId}:${key}`))
    return fakeValue(doc, local, member.schema.schema, member.schema.pointer, key)
  }

  const shown = (collection: Collection | undefined, item: Item, reveal: boolean | undefined): Item => {
    if (reveal === true || collection === undefined) return item
    const hidden = hiddenFields(collection.item.schema)
    if (hidden.length === 0) return item
    const out = { ...item }
    for (const key of hidden) delete out[key]
    return out
  }

  const respond = (shape: OperationShape, subject: Subject): HandlerResult => {
    const { response } = shape
    if (response.schema === undefined) return { status: response.status }
    if (isPlaceholder(response.schema.schema)) return { status: 200, body: {} }
    const payload: Item = {}
    let listKey: string | undefined
    for (const member of response.payload) {
      const single = response.payload.length === 1
      if (subject.list !== undefined && member.items !== undefined && listKey === undefined) {
        listKey = member.key
        payload[member.key] = subject.list.map((i) =>
          project(shown(shape.collection, i, subject.reveal), member.items!.schema)
        )
      } else if (subject.values !== undefined && subject.values[member.key] !== undefined) {
        payload[member.key] = subject.values[member.key]!
      } else if (subject.item !== undefined && single && typeOf(member.schema.schema) === "object") {
        payload[member.key] = project(
          shown(shape.collection, subject.item, subject.reveal),
          member.schema.schema
        )
      } else if (subject.item !== undefined && subject.item[member.key] !== undefined) {
        payload[member.key] = subject.item[member.key]!
      } else {
        payload[member.key] = fake(shape, member.key)
      }
    }
    for (const [key, value] of Object.entries(payload)) payload[key] = exactIntegers(value)
    if (!response.enveloped) return { status: 200, body: payload }
    const count = subject.list?.length ?? 1
    const page = subject.page ?? { count, limit: count, offset: 0, total: count }
    const name = listKey ?? response.payload[0]?.key
    const body =
      name === undefined
        ? { success: true, metadata: {} }
        : { ...successEnvelope(name, payload[name], page), ...payload }
    return { status: 200, body }
  }

  const now = (ctx: HandlerContext): string => iso(ctx.store.nextEpoch())

  /** Sets the item's `created_*` (on insert) and `updated_*` timestamp fields the schema types as date-times. */
  const stamp = (collection: Collection, item: Item, ctx: HandlerContext, created: boolean): void => {
    const at = now(ctx)
    for (const [key, schema] of Object.entries(propertiesOf(collection.item.schema))) {
      const kind = /^(created|updated)(_at|_dts|_at_dts)$/.exec(key)?.[1]
      const dated =
        isObject(schema) && typeOf(schema) === "string" && /^date-?time$/i.test(String(schema.format ?? ""))
      if (dated && (kind === "updated" || (kind === "created" && created))) item[key] = at
    }
  }

  /** Copies the body's fields the item declares, never its id. */
  const assign = (collection: Collection, target: Item, body: unknown): void => {
    if (!isObject(body as Json)) return
    const fields = propertiesOf(collection.item.schema)
    for (const [key, value] of Object.entries(body as Item))
      if (key in fields && key !== collection.idField && value !== undefined) target[key] = value
  }

  const generic = (shape: OperationShape, ctx: HandlerContext): HandlerResult => {
    const { params } = ctx
    const collection = shape.collection
    switch (shape.kind) {
      case "list": {
        if (collection === undefined) break
        const parentId = parentOf(collection, params)
        if (typeof parentId !== "string") return parentId
        const all = filterByFields(shape.operation, collection, params, items(collection, parentId))
        const { limit, offset } = pagingOf(shape.operation, params, all.length)
        const list = all.slice(offset, offset + limit)
        return respond(shape, { list, page: { count: list.length, limit, offset, total: all.length } })
      }
      case "insert": {
        if (collection === undefined) break
        const parentId = parentOf(collection, params)
        if (typeof parentId !== "string") return parentId
        const item: Item = {}
        assign(collection, item, ctx.body)
        if (collection.idField !== undefined) item[collection.idField] = newId(collection, parentId)
        if ("merchant_id" in propertiesOf(collection.item.schema) && item.merchant_id === undefined)
          item.merchant_id = MERCHANT_ID
        stamp(collection, item, ctx, true)
        items(collection, parentId).push(item)
        return respond(shape, { item, reveal: true })
      }
      case "get":
      case "itemAction": {
        if (collection === undefined) break
        const found = find(collection, params, shape.itemParam ?? collection.idParam)
        return isResult(found) ? found : respond(shape, { item: found.item })
      }
      case "update": {
        if (collection === undefined) break
        const found = find(collection, params)
        if (isResult(found)) return found
        assign(collection, found.item, ctx.body)
        stamp(collection, found.item, ctx, false)
        return respond(shape, { item: found.item })
      }
      case "delete": {
        if (collection === undefined) break
        const found = find(collection, params)
        if (isResult(found)) return found
        found.list.splice(found.list.indexOf(found.item), 1)
        return respond(shape, { item: found.item })
      }
      case "singletonGet":
      case "singletonPut": {
        const values = singleton(shape)
        if (shape.kind === "singletonPut") putSingleton(shape, values, ctx.body)
        return respond(shape, { values })
      }
      case "view":
        break
    }
    const values = memo(`view:${shape.operation.operationId}`, () =>
      Object.fromEntries(shape.response.payload.map((m) => [m.key, fake(shape, m.key)]))
    )
    return respond(shape, { values })
  }

  /** A singleton's state: its GET's payload members, generated once. */
  const singleton = (shape: OperationShape): Record<string, Json> => {
    const getter = [...shapes.operations.values()].find(
      (s) => s.kind === "singletonGet" && s.singleton === shape.singleton
    )
    const source = getter ?? shape
    return memo(`singleton:${shape.singleton}`, () =>
      Object.fromEntries(source.response.payload.map((m) => [m.key, fake(source, m.key)]))
    )
  }

  /** PUT on a singleton: the body replaces the member it describes, or sets the members it names. */
  const putSingleton = (shape: OperationShape, values: Record<string, Json>, body: unknown): void => {
    if (!isObject(body as Json)) return
    const request = body as Item
    const member = shape.response.payload.find(
      (m) => shape.body !== undefined && m.schema.pointer === shape.body.pointer
    )
    if (member !== undefined) {
      const current = values[member.key]
      values[member.key] = { ...(isObject(current) ? current : {}), ...request }
      return
    }
    for (const [key, value] of Object.entries(request))
      if (key in values && value !== undefined) values[key] = value
  }

  const state: EngineState = {
    shapes,
    seed,
    get prng() {
      return prng
    },
    collectionOf,
    items,
    parentOf,
    find: (collection, params, idParam) => find(collection, params, idParam ?? collection.idParam),
    memo,
    newId,
    respond,
    generic,
    now,
    fake,
    assign,
    page: (shape, params, total) => pagingOf(shape.operation, params, total),
    shapeOf: (operationId) => {
      const shape = shapes.operations.get(operationId)
      if (shape === undefined) throw new Error(`mock-server: the spec has no ${operationId}`)
      return shape
    }
  }

  return {
    shapes,
    state,
    answer: (operation, ctx) => {
      const shape = shapes.operations.get(operation.operationId)
      if (shape === undefined) throw new Error(`no shape for ${operation.operationId}`)
      const action: Action | undefined = actions[operation.operationId]
      return action === undefined ? generic(shape, ctx) : action(shape, ctx, state)
    },
    reset: () => {
      store = new Map()
      memos = new Map()
      nextOid.clear()
      prng = makePrng(hash(seed, "live"))
    }
  }
}

const shapesCache = new WeakMap<object, Shapes>()

/** The engine for a loaded spec (its shapes are derived once per document). */
export const engineFor = (
  spec: { document: JsonObject; operations: ReadonlyArray<SpecOperation> },
  seed: number
): Engine => {
  let shapes = shapesCache.get(spec.document)
  if (shapes === undefined) {
    shapes = deriveShapes(spec.document, spec.operations)
    shapesCache.set(spec.document, shapes)
  }
  return makeEngine(shapes, seed)
}
