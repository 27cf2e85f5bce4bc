/**
 * External `$ref`s (`./pets.yaml#/Pet`, `common.json`) resolved relative to the file that holds
 * them, never the working directory, and bundled into one self-contained document:
 * - a schema is hoisted into the document's schemas (`#/components/schemas`, `#/definitions` in
 *   Swagger 2.0) under its own name (the last token of its pointer, else the file's stem), once,
 *   however many places refer to it; a component that is only such a `$ref` takes its content;
 * - anything else (a parameter, a response, a path item) is inlined where it is referenced;
 * - a reference back into the document itself becomes a local one.
 * Every file is read with the library's own parser (pointer and line:col errors name that file).
 *
 * Why not @apidevtools/json-schema-ref-parser's `bundle` (what @readme/openapi-parser uses): it
 * parks a shared external schema at the first place that uses it (`#/paths/~1pets/.../schema`),
 * so every other use becomes a reference into an operation, and it left a reference from the
 * external file back into the document unresolved. Those are the two things a generator needs.
 */
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path"
import type { Adaptation } from "./adaptation.ts"
import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { loadFragmentSync } from "./load.ts"
import { child, escapeToken, getAt } from "./pointer.ts"
import { isDataMember, isLocalRef, refPointer, someRef } from "./refs.ts"

/** A document with every external `$ref` bundled, and what bundling did. */
export interface BundledDocument {
  readonly doc: JsonObject
  readonly adaptations: ReadonlyArray<Adaptation>
}

/** Where a reference points: a file (absolute) and a pointer inside it. */
interface Target {
  readonly file: string
  readonly pointer: string
}

const splitRef = (ref: string): { readonly path: string; readonly fragment: string } => {
  const hash = ref.indexOf("#")
  const path = hash < 0 ? ref : ref.slice(0, hash)
  const fragment = hash < 0 ? "" : ref.slice(hash)
  let decodedPath = path
  try {
    decodedPath = decodeURIComponent(path)
  } catch {
    // kept as written: the file lookup then says it is missing
  }
  return { path: decodedPath, fragment: fragment === "" ? "" : (refPointer(fragment) ?? "") }
}

/** Whether a document refers to any other file. */
export const hasExternalRefs = (doc: Json): boolean => someRef(doc, (ref) => !isLocalRef(ref))

/**
 * Bundles the external `$ref`s of `doc`, read from `file`. A document without any is returned
 * as it is. Fails with a {@link SpecError} (`unresolved-ref`) at the `$ref` that names a missing
 * file, a remote URL or a missing node, or (`syntax`) in the referenced file.
 */
export const bundleExternalRefs = (file: string, doc: JsonObject): BundledDocument => {
  if (!hasExternalRefs(doc)) return { doc, adaptations: [] }
  const rootFile = resolve(file)
  const container = doc.swagger === "2.0" ? ["definitions"] : ["components", "schemas"]
  const containerPointer = child("", ...container)
  const written = getAt(doc, containerPointer)
  const components: JsonObject = isObject(written) ? written : {}
  const adaptations: Array<Adaptation> = []
  const display = new Map<string, string>([[rootFile, file]])
  const fragments = new Map<string, Json>()
  // external schema (file#pointer) -> the component name it is bundled under
  const hoisted = new Map<string, string>()
  const extra: Record<string, Json> = {}
  const taken = new Set(Object.keys(components))
  const inlining = new Set<string>()

  const keyOf = (t: Target): string => `${t.file}#${t.pointer}`
  const fail = (base: string, at: string, message: string): never => {
    throw new SpecError(display.get(base) ?? base, at, message, { reason: "unresolved-ref" })
  }
  const targetOf = (ref: string, base: string, at: string): Target => {
    if (isLocalRef(ref)) return { file: base, pointer: refPointer(ref) ?? "" }
    const { path, fragment } = splitRef(ref)
    if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !path.startsWith("file:")) {
      fail(base, at, `$ref "${ref}" names a remote document; only files beside the document are read`)
    }
    const abs = resolve(dirname(base), path.replace(/^file:\/\//, ""))
    if (!display.has(abs)) display.set(abs, join(dirname(file), relative(dirname(rootFile), abs)))
    return { file: abs, pointer: fragment }
  }
  const nodeAt = (t: Target, base: string, at: string, ref: string): Json => {
    let content = t.file === rootFile ? doc : fragments.get(t.file)
    if (content === undefined) {
      try {
        content = loadFragmentSync(t.file, display.get(t.file))
      } catch (e) {
        if (e instanceof SpecError && e.reason === "unreadable") {
          fail(base, at, `cannot resolve $ref "${ref}": ${display.get(t.file)}: ${e.message}`)
        }
        throw e
      }
      fragments.set(t.file, content)
    }
    const node = getAt(content, t.pointer)
    if (node === undefined) {
      fail(base, at, `cannot resolve $ref "${ref}": ${display.get(t.file)} has no ${t.pointer || "/"}`)
    }
    return node as Json
  }
  const claim = (t: Target): string => {
    const last = t.pointer.split("/").at(-1)
    const wanted = last !== undefined && last !== "" ? last : basename(t.file, extname(t.file))
    let name = wanted
    for (let i = 2; taken.has(name); i++) name = `${wanted}${i}`
    taken.add(name)
    return name
  }
  const localRef = (name: string): string => `#${containerPointer}/${escapeToken(name)}`
  // Messages name files relative to the document, so they read the same on every machine.
  const short = (abs: string): string => relative(dirname(rootFile), abs).split(sep).join("/")
  const bundledFrom = (t: Target): string => `bundled from ${short(t.file)}#${t.pointer}`

  // Rewrites one node of `base` (at pointer `at` in it) into the bundle.
  const transform = (node: Json, base: string, at: string, inSchema: boolean): Json => {
    if (Array.isArray(node)) return node.map((x, i) => transform(x, base, child(at, i), inSchema))
    const parentKey = at.split("/").at(-1)
    if (!isObject(node)) return node
    const ref = node.$ref
    if (typeof ref === "string" && !(base === rootFile && isLocalRef(ref))) {
      const site = child(at, "$ref")
      const target = targetOf(ref, base, site)
      const { $ref: _written, ...siblings } = node
      if (target.file === rootFile) return { $ref: `#${encodeURI(target.pointer)}`, ...siblings }
      const content = nodeAt(target, base, site, ref)
      const key = keyOf(target)
      if (inSchema) {
        let name = hoisted.get(key)
        if (name === undefined) {
          name = claim(target)
          hoisted.set(key, name)
          // its place, and its note, in the order schemas are first referenced
          extra[name] = null
          adaptations.push({ pointer: child(containerPointer, name), message: bundledFrom(target) })
          extra[name] = transform(content, target.file, target.pointer, true)
        }
        return { $ref: localRef(name), ...siblings }
      }
      if (inlining.has(key)) fail(base, site, `$ref "${ref}" refers to itself through other files`)
      inlining.add(key)
      const inlined = transform(content, target.file, target.pointer, false)
      inlining.delete(key)
      adaptations.push({ pointer: at, message: `inlined from ${short(target.file)}#${target.pointer}` })
      return isObject(inlined) ? { ...inlined, ...siblings } : inlined
    }
    const result: Record<string, Json> = {}
    for (const [key, value] of Object.entries(node)) {
      result[key] = isDataMember(key, value, parentKey)
        ? value
        : transform(value, base, child(at, key), inSchema || key === "schema")
    }
    return result
  }

  // A component that is only an external `$ref` takes the referenced schema's name and content.
  const aliases = new Map<string, { readonly target: Target; readonly ref: string }>()
  for (const [name, value] of Object.entries(components)) {
    if (!isObject(value) || typeof value.$ref !== "string" || isLocalRef(value.$ref)) continue
    if (Object.keys(value).length !== 1) continue
    const target = targetOf(value.$ref, rootFile, child(containerPointer, name, "$ref"))
    if (target.file === rootFile || hoisted.has(keyOf(target))) continue
    hoisted.set(keyOf(target), name)
    aliases.set(name, { target, ref: value.$ref })
  }
  const schemas: Record<string, Json> = {}
  for (const [name, value] of Object.entries(components)) {
    const at = child(containerPointer, name)
    const alias = aliases.get(name)
    if (alias === undefined) schemas[name] = transform(value, rootFile, at, true)
    else {
      const content = nodeAt(alias.target, rootFile, child(at, "$ref"), alias.ref)
      adaptations.push({ pointer: at, message: bundledFrom(alias.target) })
      schemas[name] = transform(content, alias.target.file, alias.target.pointer, true)
    }
  }
  const rest = transform(withSchemas(doc, container, {}), rootFile, "", false) as JsonObject
  return { doc: withSchemas(rest, container, { ...schemas, ...extra }), adaptations }
}

// `doc` with the schemas container (`["components", "schemas"]` or `["definitions"]`) replaced.
const withSchemas = (doc: JsonObject, container: ReadonlyArray<string>, schemas: JsonObject): JsonObject => {
  const [head, ...tail] = container
  if (head === undefined) return schemas
  const inner = doc[head]
  return { ...doc, [head]: withSchemas(isObject(inner) ? inner : {}, tail, schemas) }
}
