import { isObject, type JsonObject } from "@uc-conversation/spec"
import type { SpecOperation } from "../spec.ts"
import { itemsOf, normalizeName, propertiesOf, propertyOf, type Resolved, resolve, typeOf } from "./schema.ts"

/**
 * Resources derived from the spec alone: which paths are collections, which are items of them,
 * which are singletons, and what each operation does to them (list, insert, get, update, delete).
 * No operation is named here; the few with semantics beyond CRUD live in actions.ts.
 */

/** The members of UltraCart's envelope; every other property of a response is payload. */
export const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["success", "error", "warning", "metadata"])

/** One payload member of a response (`conversation_pbx_audio`, `audios`, `total`, …). */
export interface PayloadMember {
  readonly key: string
  readonly schema: Resolved
  /** The element schema when the member is an array. */
  readonly items: Resolved | undefined
}

/** What an operation answers with on success. */
export interface ResponseShape {
  /** 200 with a JSON body, or the bodiless 2xx the spec declares (204). */
  readonly status: number
  /** The body's schema; undefined for a bodiless success. */
  readonly schema: Resolved | undefined
  /** Whether the body is UltraCart's envelope (it declares `success`). */
  readonly enveloped: boolean
  readonly payload: ReadonlyArray<PayloadMember>
}

/** A collection of items addressed by an id in the path. */
export interface Collection {
  /** The collection's path template, e.g. `/conversation/pbx/audio` or `/conversation/agent/profiles/{user_id}/mcps`. */
  readonly key: string
  /** The path parameter naming one item, when item paths exist. */
  readonly idParam: string | undefined
  /** The item field holding the id (`conversation_pbx_audio_uuid`), undefined for an id-less list. */
  readonly idField: string | undefined
  /** `integer` ids are increasing oids; anything else gets uuids. */
  readonly idType: string
  /** The schema items are stored in (the richest one the operations answer with). */
  readonly item: Resolved
  /** The collection this one lives under, and the path parameter naming the parent item. */
  readonly parent: { readonly collection: Collection; readonly param: string } | undefined
}

export type OperationKind =
  | "list"
  | "insert"
  | "get"
  | "update"
  | "delete"
  | "itemAction"
  | "singletonGet"
  | "singletonPut"
  | "view"

/** What the engine knows about one operation. */
export interface OperationShape {
  readonly operation: SpecOperation
  readonly kind: OperationKind
  readonly response: ResponseShape
  readonly body: Resolved | undefined
  /** The collection a list/insert/get/update/delete/itemAction works on. */
  readonly collection: Collection | undefined
  /** The singleton a singletonGet/singletonPut works on (its path template). */
  readonly singleton: string | undefined
  /** The path parameter naming the item an itemAction works on (`queue_uuid` for a queue). */
  readonly itemParam?: string
}

export interface Shapes {
  readonly document: JsonObject
  readonly operations: ReadonlyMap<string, OperationShape>
  readonly collections: ReadonlyMap<string, Collection>
}

const isParam = (segment: string): boolean => /^\{.+\}$/.test(segment)
const paramName = (segment: string): string => segment.slice(1, -1)
const parentPath = (path: string): string => path.slice(0, path.lastIndexOf("/"))
const lastSegment = (path: string): string => path.slice(path.lastIndexOf("/") + 1)

const responseOf = (doc: JsonObject, operation: SpecOperation): ResponseShape => {
  const responses = isObject(operation.operation.responses) ? operation.operation.responses : {}
  const codes = Object.keys(responses)
    .filter((c) => /^2\d\d$/.test(c))
    .sort()
  const code = codes[0] ?? "200"
  const response = resolve(doc, responses[code], `${operation.pointer}/responses/${code}`)
  const content = isObject(response.schema.content) ? response.schema.content : {}
  const jsonType = Object.keys(content).find((t) => /json/i.test(t))
  const media = jsonType === undefined ? undefined : content[jsonType]
  if (!isObject(media) || media.schema === undefined)
    return { status: code === "200" ? 204 : Number(code), schema: undefined, enveloped: false, payload: [] }
  const schema = resolve(
    doc,
    media.schema,
    `${response.pointer}/content/${jsonType!.replace(/\//g, "~1")}/schema`
  )
  const properties = propertiesOf(schema.schema)
  const payload = Object.keys(properties)
    .filter((key) => !ENVELOPE_KEYS.has(key))
    .map((key): PayloadMember => {
      const member = propertyOf(doc, schema, key)
      return {
        key,
        schema: member,
        items: typeOf(member.schema) === "array" ? itemsOf(doc, member) : undefined
      }
    })
  return { status: Number(code), schema, enveloped: "success" in properties, payload }
}

const bodyOf = (doc: JsonObject, operation: SpecOperation): Resolved | undefined => {
  const raw = operation.operation.requestBody
  if (raw === undefined) return undefined
  const body = resolve(doc, raw, `${operation.pointer}/requestBody`)
  const content = isObject(body.schema.content) ? body.schema.content : {}
  const jsonType = Object.keys(content).find((t) => /json/i.test(t))
  const media = jsonType === undefined ? undefined : content[jsonType]
  return isObject(media) && media.schema !== undefined
    ? resolve(doc, media.schema, `${body.pointer}/content/${jsonType!.replace(/\//g, "~1")}/schema`)
    : undefined
}

/** The single object payload of a response, or the element of its single list payload. */
const onlyMember = (response: ResponseShape): PayloadMember | undefined =>
  response.payload.length === 1 ? response.payload[0] : undefined
const objectPayload = (response: ResponseShape): Resolved | undefined => {
  const member = onlyMember(response)
  return member !== undefined && typeOf(member.schema.schema) === "object" ? member.schema : undefined
}
const listPayload = (response: ResponseShape): Resolved | undefined => {
  const member = onlyMember(response)
  return member?.items !== undefined && typeOf(member.items.schema) === "object" ? member.items : undefined
}

/**
 * The item field a path parameter names: the same name once case and separators are ignored
 * (`conversationPbxAudioUuid` ↔ `conversation_pbx_audio_uuid`), else the one field it ends
 * (`classOfServiceUuid` ↔ `conversation_pbx_class_of_service_uuid`).
 */
export const idFieldFor = (param: string, item: JsonObject): string | undefined => {
  const fields = Object.keys(propertiesOf(item))
  const wanted = normalizeName(param)
  const exact = fields.find((f) => normalizeName(f) === wanted)
  if (exact !== undefined) return exact
  const suffixed = fields.filter((f) => normalizeName(f).endsWith(wanted))
  return suffixed.length === 1 ? suffixed[0] : undefined
}

/** An id-like field of an item nobody addresses by path (`audit_log_uuid`, `manufacturer_id`, `user_id`). */
const guessIdField = (item: JsonObject): string | undefined => {
  const fields = Object.keys(propertiesOf(item))
  for (const suffix of ["_uuid", "_oid", "_sid", "_id"]) {
    const hit = fields.find((f) => f.endsWith(suffix) && !f.endsWith(`merchant${suffix}`))
    if (hit !== undefined) return hit
  }
  return undefined
}

/** Derives every collection, singleton and operation kind from the compiled operations. */
export const deriveShapes = (doc: JsonObject, operations: ReadonlyArray<SpecOperation>): Shapes => {
  const info = operations.map((operation) => ({
    operation,
    response: responseOf(doc, operation),
    body: bodyOf(doc, operation)
  }))
  const byPath = new Map<string, Array<(typeof info)[number]>>()
  for (const i of info)
    byPath.set(i.operation.pathTemplate, [...(byPath.get(i.operation.pathTemplate) ?? []), i])

  // 1. Item paths: the last segment is a parameter naming a field of the item the operations carry.
  interface Draft {
    key: string
    idParam: string | undefined
    idField: string | undefined
    item: Resolved
  }
  const drafts = new Map<string, Draft>()
  for (const [path, ops] of byPath) {
    const last = lastSegment(path)
    if (!isParam(last)) continue
    const key = parentPath(path)
    const candidates = [
      ...ops.flatMap((o) => [objectPayload(o.response), o.body].filter((r) => r !== undefined)),
      ...(byPath.get(key) ?? []).flatMap((o) => {
        const listed = o.operation.method === "GET" ? listPayload(o.response) : undefined
        return listed === undefined ? [] : [listed]
      })
    ].filter((r) => typeOf(r.schema) === "object" && Object.keys(propertiesOf(r.schema)).length > 0)
    const param = paramName(last)
    const withId = candidates.filter((r) => idFieldFor(param, r.schema) !== undefined)
    // The richest schema wins: a voicemail's GET carries more than its list's summaries.
    const item = withId.sort(
      (a, b) => Object.keys(propertiesOf(b.schema)).length - Object.keys(propertiesOf(a.schema)).length
    )[0]
    if (item === undefined) continue
    drafts.set(key, { key, idParam: param, idField: idFieldFor(param, item.schema), item })
  }
  // 2. Lists nobody addresses item by item (agent profiles, manufacturers, locations).
  for (const i of info) {
    const listed = listPayload(i.response)
    const path = i.operation.pathTemplate
    if (listed === undefined || drafts.has(path)) continue
    if (
      i.operation.method !== "GET" &&
      i.body !== undefined &&
      byPath.get(path)?.some((o) => o.operation.method === "GET")
    )
      continue
    drafts.set(path, { key: path, idParam: undefined, idField: guessIdField(listed.schema), item: listed })
  }

  // 3. Parents: `/a/{p}/b` lives under the collection `/a`, or under the one whose id field `p` names.
  const collections = new Map<string, Collection>()
  const build = (draft: Draft, seen: ReadonlySet<string>): Collection => {
    const done = collections.get(draft.key)
    if (done !== undefined) return done
    const segments = draft.key.split("/")
    let parent: Collection["parent"]
    const at = segments.map(isParam).lastIndexOf(true)
    if (at > 0) {
      const param = paramName(segments[at]!)
      const prefix = segments.slice(0, at).join("/")
      const direct = drafts.get(prefix)
      const owner =
        direct ??
        [...drafts.values()].find(
          (d) =>
            d.idField !== undefined &&
            normalizeName(d.idField).endsWith(normalizeName(param)) &&
            d.key !== draft.key
        )
      if (owner !== undefined && !seen.has(owner.key)) {
        const ownerIdField = owner.idField ?? idFieldFor(param, owner.item.schema)
        const built = build({ ...owner, idField: ownerIdField }, new Set([...seen, draft.key]))
        if (built.idField !== undefined) parent = { collection: built, param }
      }
    }
    const idType =
      draft.idField === undefined
        ? "string"
        : (typeOf(propertyOf(doc, draft.item, draft.idField).schema) ?? "string")
    const collection: Collection = { ...draft, idType, parent }
    collections.set(draft.key, collection)
    return collection
  }
  for (const draft of drafts.values()) build(draft, new Set())

  // 4. Each operation's kind.
  const itemOwner = (path: string): { collection: Collection; param: string } | undefined => {
    // The longest `/collection/{id}` prefix of the path.
    const segments = path.split("/")
    for (let end = segments.length - 1; end > 1; end--) {
      if (!isParam(segments[end]!)) continue
      const prefix = segments.slice(0, end).join("/")
      const param = paramName(segments[end]!)
      const direct = collections.get(prefix)
      if (direct?.idField !== undefined && (direct.idParam === param || direct.idParam === undefined))
        return { collection: direct, param }
      const byId = [...collections.values()].find(
        (c) =>
          c.idParam !== undefined &&
          c.idField !== undefined &&
          normalizeName(c.idField).endsWith(normalizeName(param))
      )
      if (byId !== undefined) return { collection: byId, param }
    }
    return undefined
  }
  const shapes = new Map<string, OperationShape>()
  for (const { operation, response, body } of info) {
    const path = operation.pathTemplate
    const method = operation.method
    const base = { operation, response, body, collection: undefined, singleton: undefined }
    const here = collections.get(path)
    const itemCollection = isParam(lastSegment(path)) ? collections.get(parentPath(path)) : undefined
    let shape: OperationShape
    if (itemCollection !== undefined && itemCollection.idParam === paramName(lastSegment(path))) {
      const kind = method === "GET" ? "get" : method === "DELETE" ? "delete" : "update"
      shape = { ...base, kind, collection: itemCollection }
    } else if (
      here !== undefined &&
      listPayload(response) !== undefined &&
      (method === "GET" || body === undefined || !byPath.get(path)?.some((o) => o.operation.method === "GET"))
    ) {
      shape = { ...base, kind: "list", collection: here }
    } else if (here !== undefined && (method === "POST" || method === "PUT") && body !== undefined) {
      shape = { ...base, kind: "insert", collection: here }
    } else if (here !== undefined) {
      shape = { ...base, kind: "list", collection: here }
    } else if (itemOwner(path) !== undefined) {
      const owner = itemOwner(path)!
      shape = { ...base, kind: "itemAction", collection: owner.collection, itemParam: owner.param }
    } else if (!path.includes("{") && byPath.get(path)?.some((o) => o.operation.method === "GET")) {
      shape = { ...base, kind: method === "GET" ? "singletonGet" : "singletonPut", singleton: path }
    } else {
      shape = { ...base, kind: "view" }
    }
    shapes.set(operation.operationId, shape)
  }
  return { document: doc, operations: shapes, collections }
}
