import { readFile } from "node:fs/promises"
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml"
import { SpecError } from "./errors.ts"
import { isObject, type JsonObject } from "./json.ts"
import { toPointer } from "./pointer.ts"

/** A document read from disk: its parsed tree and the name it was loaded under. */
export interface LoadedDocument {
  readonly file: string
  readonly doc: JsonObject
}

const startOf = (node: unknown): number | undefined =>
  isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined

/**
 * Pointer of the node nearest before `offset`: the deepest map entry or sequence item that
 * starts at or before it. Places a syntax error in whatever tree the parser managed to build.
 */
const pointerAtOffset = (text: string, offset: number): string => {
  const tokens: Array<string | number> = []
  let node: Node | null | undefined = parseDocument(text, { prettyErrors: false }).contents
  while (node && (isMap(node) || isSeq(node))) {
    let token: string | number | undefined
    let next: unknown
    if (isMap(node)) {
      for (const pair of node.items) {
        const start = startOf(pair.key)
        if (start !== undefined && start <= offset && isScalar(pair.key)) {
          token = String(pair.key.value)
          next = pair.value
        }
      }
    } else {
      node.items.forEach((item, i) => {
        const start = startOf(item)
        if (start !== undefined && start <= offset) {
          token = i
          next = item
        }
      })
    }
    if (token === undefined) break
    tokens.push(token)
    const nextStart = startOf(next)
    node = nextStart !== undefined && nextStart <= offset ? (next as Node) : undefined
  }
  return toPointer(tokens)
}

const lineCol = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, offset)
  const lineStart = before.lastIndexOf("\n") + 1
  return { line: before.split("\n").length, column: offset - lineStart + 1 }
}

/** JSON's own parser, so that input JSON YAML would tolerate (trailing commas, comments) is refused. */
const parseJson = (file: string, text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const match = /position (\d+)/.exec(message)
    const offset = match?.[1] === undefined ? text.length : Number(match[1])
    const short = message.replace(/ in JSON at position.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "")
    throw new SpecError(file, pointerAtOffset(text, offset), `invalid JSON: ${short}`, lineCol(text, offset))
  }
}

const parseYaml = (file: string, text: string): unknown => {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  const error = doc.errors[0]
  if (error) {
    const offset = error.pos[0]
    const message = error.message.split("\n")[0] ?? error.code
    throw new SpecError(
      file,
      pointerAtOffset(text, offset),
      `invalid YAML: ${message}`,
      lineCol(text, offset)
    )
  }
  return doc.toJS({ maxAliasCount: 1000 })
}

/**
 * Parses a document's text. JSON when it starts with `{` or `[` (the only shapes an OpenAPI
 * JSON file can have), YAML otherwise. The root must be an object naming `openapi` or `swagger`.
 */
export const parseDocumentText = (file: string, text: string): JsonObject => {
  const value = /^\s*[[{]/.test(text) ? parseJson(file, text) : parseYaml(file, text)
  if (!isObject(value)) throw new SpecError(file, "", "not an OpenAPI document: the root is not an object")
  if (typeof value.openapi !== "string" && value.swagger !== "2.0") {
    throw new SpecError(file, "", 'not an OpenAPI document: no "openapi" or "swagger: 2.0" at the root')
  }
  return value
}

/** Reads and parses one document. A missing or unreadable file is a {@link SpecError} at `/`. */
export const loadDocument = async (file: string): Promise<LoadedDocument> => {
  let text: string
  try {
    text = await readFile(file, "utf8")
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const reason =
      code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : `cannot read (${code})`
    throw new SpecError(file, "", reason)
  }
  return { file, doc: parseDocumentText(file, text) }
}
