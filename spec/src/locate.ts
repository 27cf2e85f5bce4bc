/**
 * Where a problem @readme/openapi-parser reports is. Its messages carry no pointer: schema
 * errors quote a code frame of the dereferenced document printed as JSON (2-space indent), the
 * semantic rules quote an id such as `/paths/a/{b}/get`. Both are mapped back to the pointer of
 * the node at fault in the document as written (through any `$ref` the validator followed).
 */
import { isObject, type Json, type JsonObject, objectAt } from "./json.ts"
import { listOperations } from "./operations.ts"
import { child, getAt, parsePointer } from "./pointer.ts"
import { deref, findRefs } from "./refs.ts"

/**
 * The pointer of every line of `JSON.stringify(value, null, 2)` (index = line - 1): a member's
 * line belongs to that member, a closing bracket to its container.
 */
export const linePointers = (value: Json): Array<string> => {
  const pointers = [""]
  const visit = (node: Json, pointer: string): void => {
    const entries: Array<[string | number, Json]> = Array.isArray(node)
      ? node.map((x, i) => [i, x])
      : isObject(node)
        ? Object.entries(node).filter(([, x]) => x !== undefined)
        : []
    if (entries.length === 0) return
    for (const [key, x] of entries) {
      pointers.push(child(pointer, key))
      visit(x, child(pointer, key))
    }
    pointers.push(pointer)
  }
  visit(value, "")
  return pointers
}

/** Follows a pointer of the dereferenced document through the written one's `$ref`s. */
export const throughRefs = (doc: JsonObject, pointer: string): string => {
  let at = ""
  let node: Json | undefined = doc
  for (const token of parsePointer(pointer)) {
    const followed = deref(doc, node, at)
    if (followed.node === undefined) return at
    at = child(followed.pointer, token)
    node = Array.isArray(followed.node)
      ? followed.node[Number(token)]
      : isObject(followed.node)
        ? followed.node[token]
        : undefined
    if (node === undefined) return followed.pointer
  }
  return deref(doc, node, at).node === undefined ? at : deref(doc, node, at).pointer
}

/** The line a code frame marks with `>`, 1-based. */
const markedLine = (message: string): number | undefined => {
  const match = /^>\s*(\d+)\s*\|/m.exec(message)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

// The deepest prefix of `tokens` that names a node of `doc`.
const existing = (doc: JsonObject, tokens: ReadonlyArray<string>): string => {
  for (let n = tokens.length; n > 0; n--) {
    const pointer = child("", ...tokens.slice(0, n))
    if (getAt(doc, pointer) !== undefined) return pointer
  }
  return ""
}

/** Maps an id such as `/paths/a/{b}/get/parameters/id` (raw, unescaped) to a pointer. */
const pointerOfId = (doc: JsonObject, id: string): string => {
  if (id.startsWith("/paths/")) {
    const paths = Object.keys(objectAt(doc, "paths") ?? {})
      .filter((p) => id === `/paths${p}` || id.startsWith(`/paths${p}/`))
      .sort((a, b) => b.length - a.length)
    const path = paths[0]
    if (path === undefined) return "/paths"
    const rest = id.slice(`/paths${path}`.length).split("/").filter(Boolean)
    const parameters = rest.indexOf("parameters")
    if (parameters >= 0 && rest[parameters + 1] !== undefined) {
      const list = getAt(doc, child("/paths", path, ...rest.slice(0, parameters), "parameters"))
      const name = rest[parameters + 1]
      const index = Array.isArray(list)
        ? list.findIndex((p: Json) => {
            const resolved = deref(doc, p, "").node
            return isObject(resolved) && resolved.name === name
          })
        : -1
      if (index >= 0) rest[parameters + 1] = String(index)
    }
    return existing(doc, ["paths", path, ...rest])
  }
  if (id.startsWith("/components/")) {
    const [kind = "", ...name] = id.slice("/components/".length).split("/")
    return existing(doc, ["components", kind, name.join("/")])
  }
  return existing(doc, parsePointer(id))
}

/**
 * The pointer of the node a validator message is about, in `doc` as written. `dereferenced` is
 * the document the validator checked (needed for code frames only, so computed on demand).
 */
export const locateMessage = (doc: JsonObject, message: string, dereferenced: () => Json): string => {
  const line = markedLine(message)
  if (line !== undefined) {
    const pointer = linePointers(dereferenced())[line - 1]
    if (pointer !== undefined) return throughRefs(doc, pointer)
  }
  const duplicate = /The operationId `([^`]*)` is duplicated/.exec(message)
  if (duplicate) {
    const same = listOperations(doc).filter((o) => o.operationId === duplicate[1])
    const second = same[1] ?? same[0]
    return second === undefined ? "" : child(second.pointer, "operationId")
  }
  const missing = /Missing \$ref pointer "([^"]*)"/.exec(message)
  if (missing) return findRefs(doc).find((s) => s.ref === missing[1])?.pointer ?? ""
  if (/`paths` object must begin with a leading slash/.test(message)) {
    const bad = Object.keys(objectAt(doc, "paths") ?? {}).find((p) => !p.startsWith("/"))
    return bad === undefined ? "/paths" : child("/paths", bad)
  }
  const id = /`(\/[^`]*)`/.exec(message)?.[1]
  return id === undefined ? "" : pointerOfId(doc, id)
}
