import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { child, getAt, parsePointer } from "./pointer.ts"

/** One `$ref` found in a document: where it sits and what it names. */
export interface RefSite {
  /** Pointer of the `$ref` member itself, e.g. `/paths/~1a/get/responses/200/content/application~1json/schema/$ref`. */
  readonly pointer: string
  readonly ref: string
}

/**
 * Whether member `key` of an object (itself member `parentKey` of its parent) holds literal data,
 * where a `$ref` key is not a reference: `example`, a JSON Schema `examples` list, `enum`,
 * `const`, and `default` except in a Responses Object (there it is the default response).
 */
export const isDataMember = (key: string, value: Json, parentKey: string | number | undefined): boolean =>
  key === "example" ||
  key === "enum" ||
  key === "const" ||
  (key === "default" && parentKey !== "responses") ||
  (key === "examples" && Array.isArray(value))

/** Every `$ref` string under `node`, depth first in document order (literal data left out). */
export const findRefs = (node: Json, at = ""): Array<RefSite> => {
  const out: Array<RefSite> = []
  // The tokens down to the node walked; a pointer is spelled only where a `$ref` is found.
  const path: Array<string | number> = []
  const walk = (n: Json, key: string | number | undefined): void => {
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) {
        path.push(i)
        walk(n[i] as Json, i)
        path.pop()
      }
    } else if (isObject(n)) {
      for (const k of Object.keys(n)) {
        const v = n[k] as Json
        if (k === "$ref" && typeof v === "string") out.push({ pointer: child(at, ...path, k), ref: v })
        else if (!isDataMember(k, v, key)) {
          path.push(k)
          walk(v, k)
          path.pop()
        }
      }
    }
  }
  walk(node, parsePointer(at).at(-1))
  return out
}

/** Whether any `$ref` string under `node` satisfies `test` ({@link findRefs}'s walk, stopping at the first). */
export const someRef = (node: Json, test: (ref: string) => boolean): boolean => {
  const walk = (n: Json, key: string | number | undefined): boolean => {
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) if (walk(n[i] as Json, i)) return true
    } else if (isObject(n)) {
      for (const k of Object.keys(n)) {
        const v = n[k] as Json
        if (k === "$ref" && typeof v === "string") {
          if (test(v)) return true
        } else if (!isDataMember(k, v, key) && walk(v, k)) return true
      }
    }
    return false
  }
  return walk(node, undefined)
}

/** Whether a `$ref` names a place in the same document (`#...`) rather than another file. */
export const isLocalRef = (ref: string): boolean => ref.startsWith("#")

/**
 * The JSON pointer a local `$ref` names (`#/a/b%20c` → `/a/b c`), or undefined for a reference
 * to another file. The fragment is URI-encoded (RFC 3986); a malformed escape is kept as written.
 */
export const refPointer = (ref: string): string | undefined => {
  if (!isLocalRef(ref)) return undefined
  try {
    return decodeURIComponent(ref.slice(1))
  } catch {
    return ref.slice(1)
  }
}

/** The node a local `$ref` names (one step, no chain followed); undefined when it does not resolve. */
export const refTarget = (root: JsonObject, ref: string): Json | undefined => {
  const pointer = refPointer(ref)
  return pointer === undefined ? undefined : getAt(root, pointer)
}

/** The pointer of the component a local `$ref` names whole (`#/components/schemas/X` → `["schemas", "X"]`). */
export const componentOf = (ref: string): readonly [kind: string, name: string] | undefined => {
  const pointer = refPointer(ref)
  if (pointer === undefined) return undefined
  const tokens = parsePointer(pointer)
  return tokens.length === 3 && tokens[0] === "components" ? [tokens[1] ?? "", tokens[2] ?? ""] : undefined
}

/** Resolves a local `#/...` reference, or fails at the `$ref`'s own pointer. */
export const resolveRef = (root: JsonObject, site: RefSite, file: string): Json => {
  const pointer = refPointer(site.ref)
  if (pointer === undefined) {
    throw new SpecError(
      file,
      site.pointer,
      `external $ref "${site.ref}" is not supported; only "#/..." refs are`,
      {
        reason: "unresolved-ref"
      }
    )
  }
  const target = getAt(root, pointer)
  if (target === undefined) {
    throw new SpecError(file, site.pointer, `unresolvable $ref "${site.ref}"`, { reason: "unresolved-ref" })
  }
  return target
}

/** Fails on the first `$ref` under `node` (default: the whole document) that does not resolve. */
export const checkRefs = (root: JsonObject, file: string, node: Json = root, at = ""): void => {
  // A document names the same few targets many times over: each is looked up once.
  const resolved = new Set<string>()
  for (const site of findRefs(node, at)) {
    if (resolved.has(site.ref)) continue
    resolveRef(root, site, file)
    resolved.add(site.ref)
  }
}

/** A node with its `$ref` chain followed: the node reached and where it is. */
export interface Dereferenced {
  /** The first node of the chain without a `$ref`; undefined when a link is missing or loops. */
  readonly node: Json | undefined
  /** Pointer of `node` (of the last link reached when `node` is undefined). */
  readonly pointer: string
}

/**
 * Follows local `$ref`s from `node`, which sits at `pointer`, until a node without one. This is
 * the one place the library dereferences: parameters, request bodies, responses and path items
 * are read through it (component schemas stay named; their readers decide).
 */
export const deref = (root: JsonObject, node: Json | undefined, pointer: string): Dereferenced => {
  const seen = new Set<string>()
  let current = node
  let at = pointer
  while (isObject(current) && typeof current.$ref === "string") {
    const target = refPointer(current.$ref)
    if (target === undefined || seen.has(target)) return { node: undefined, pointer: at }
    seen.add(target)
    at = target
    current = getAt(root, target)
  }
  return { node: current, pointer: at }
}

/**
 * The pointers of every `#/components/...` entry reachable from `start`, following refs
 * transitively (refs inside referenced components count too). Fails on an unresolvable ref.
 */
export const reachableComponents = (
  root: JsonObject,
  file: string,
  start: ReadonlyArray<{ readonly node: Json; readonly at: string }>
): Set<string> => {
  const seen = new Set<string>()
  const queue = start.flatMap(({ node, at }) => findRefs(node, at))
  for (let site = queue.shift(); site; site = queue.shift()) {
    resolveRef(root, site, file)
    const tokens = parsePointer(refPointer(site.ref) ?? "")
    if (tokens[0] !== "components" || tokens.length < 3) continue
    const component = child("/components", tokens[1] ?? "", tokens[2] ?? "")
    if (seen.has(component)) continue
    seen.add(component)
    queue.push(...findRefs(getAt(root, component) ?? null, component))
  }
  return seen
}
