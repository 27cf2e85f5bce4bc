import { deref, isObject, type Json } from "@uc-conversation/spec"

/** A mutable JSON object: a stored item or a body being built. */
export type Item = { [key: string]: Json }

/** A schema with its `$ref`s at the top followed, and where it lives in the document. */
export interface Resolved {
  readonly schema: Item
  readonly pointer: string
}

/** Follows `$ref`s at the top of `node`; a dangling reference resolves to the open schema `{}`. */
export const resolve = (doc: Item, node: Json | undefined, pointer: string): Resolved => {
  const { node: target, pointer: at } = deref(doc, node, pointer)
  return { schema: isObject(target) ? target : {}, pointer: at }
}

/** The schema's type, reading OpenAPI 3.1's `["string", "null"]` as `string`. */
export const typeOf = (schema: Item): string | undefined => {
  const t = schema.type
  if (typeof t === "string") return t
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null")
  if (isObject(schema.properties)) return "object"
  return undefined
}

/** A schema the extract could not copy (`x-extract-placeholder`): an open object whose fields are unknown. */
export const isPlaceholder = (schema: Item): boolean => schema["x-extract-placeholder"] === true

/** The declared properties of an object schema (empty for an open or placeholder object). */
export const propertiesOf = (schema: Item): Item =>
  isObject(schema.properties) && !isPlaceholder(schema) ? schema.properties : {}

/** The property's schema resolved, relative to the object schema at `resolved`. */
export const propertyOf = (doc: Item, owner: Resolved, name: string): Resolved =>
  resolve(
    doc,
    propertiesOf(owner.schema)[name],
    `${owner.pointer}/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`
  )

/** The item schema of an array schema. */
export const itemsOf = (doc: Item, array: Resolved): Resolved =>
  resolve(doc, array.schema.items, `${array.pointer}/items`)

/** The component name of a `#/components/schemas/X` pointer, else the pointer. */
export const schemaName = (resolved: Resolved): string =>
  /^\/components\/schemas\/([^/]+)$/.exec(resolved.pointer)?.[1] ?? resolved.pointer

/** `conversationPbxAudioUuid`, `conversation_pbx_audio_uuid` and `ConversationPbxAudioUUID` all read `conversationpbxaudiouuid`. */
export const normalizeName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "")

/** Keeps only the fields `schema` declares (an open object keeps everything). */
export const project = (value: Item, schema: Item): Item => {
  const properties = propertiesOf(schema)
  if (Object.keys(properties).length === 0) return { ...value }
  const out: Item = {}
  for (const key of Object.keys(properties)) if (value[key] !== undefined) out[key] = value[key]
  return out
}
