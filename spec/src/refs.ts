import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { child, getAt, parsePointer } from "./pointer.ts"

/** One `$ref` found in a document: where it sits and what it names. */
export interface RefSite {
  /** Pointer of the `$ref` member itself, e.g. `/paths/~1a/get/responses/200/content/application~1json/schema/$ref`. */
  readonly pointer: string
  readonly ref: string
}

/** Every `$ref` string under `node`, depth first in document order. */
export const findRefs = (node: Json, at = ""): Array<RefSite> => {
  const out: Array<RefSite> = []
  const walk = (n: Json, p: string): void => {
    if (Array.isArray(n)) n.forEach((x, i) => void walk(x, child(p, i)))
    else if (isObject(n)) {
      for (const [k, v] of Object.entries(n)) {
        if (k === "$ref" && typeof v === "string") out.push({ pointer: child(p, k), ref: v })
        else walk(v, child(p, k))
      }
    }
  }
  walk(node, at)
  return out
}

/** Resolves a local `#/...` reference, or fails at the `$ref`'s own pointer. */
export const resolveRef = (root: JsonObject, site: RefSite, file: string): Json => {
  if (!site.ref.startsWith("#")) {
    throw new SpecError(
      file,
      site.pointer,
      `external $ref "${site.ref}" is not supported; only "#/..." refs are`
    )
  }
  const target = getAt(root, decodeURIComponent(site.ref.slice(1)))
  if (target === undefined) throw new SpecError(file, site.pointer, `unresolvable $ref "${site.ref}"`)
  return target
}

/** Fails on the first `$ref` under `node` (default: the whole document) that does not resolve. */
export const checkRefs = (root: JsonObject, file: string, node: Json = root, at = ""): void => {
  for (const site of findRefs(node, at)) resolveRef(root, site, file)
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
    const tokens = parsePointer(decodeURIComponent(site.ref.slice(1)))
    if (tokens[0] !== "components" || tokens.length < 3) continue
    const component = child("/components", tokens[1] ?? "", tokens[2] ?? "")
    if (seen.has(component)) continue
    seen.add(component)
    queue.push(...findRefs(getAt(root, component) ?? null, component))
  }
  return seen
}
