import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import type * as JsYaml from "js-yaml"
import type * as Yaml from "yaml"
import type { Document, Node } from "yaml"
import type { Adaptation } from "./adaptation.ts"
import { SpecError } from "./errors.ts"
import { isObject, type Json, type JsonObject } from "./json.ts"
import { toPointer } from "./pointer.ts"

/** A document read from disk: its parsed tree, the name it was loaded under and what was adapted. */
export interface LoadedDocument {
  readonly file: string
  readonly doc: JsonObject
  /** sha256 of the file's bytes, hex: names exactly which version of the file was read. */
  readonly sha256: string
  /** Scalars read as something other than what the file wrote (see {@link parseDocument}). */
  readonly adaptations: ReadonlyArray<Adaptation>
}

/** A parsed document and what had to be adapted to read it. */
export interface ParsedDocument {
  readonly doc: JsonObject
  readonly adaptations: ReadonlyArray<Adaptation>
}

// Both parsers are loaded on first use (a few tens of ms a process): a JSON document needs
// neither, and a well-formed YAML one only js-yaml.
let jsYamlLib: typeof JsYaml | undefined
let yamlLib: typeof Yaml | undefined
const jsYaml = (): typeof JsYaml => {
  jsYamlLib ??= createRequire(import.meta.url)("js-yaml") as typeof JsYaml
  return jsYamlLib
}
/** The `yaml` package, loaded on first use. */
export const yamlLibrary = (): typeof Yaml => {
  yamlLib ??= createRequire(import.meta.url)("yaml") as typeof Yaml
  return yamlLib
}

const startOf = (node: unknown): number | undefined => {
  const { isMap, isScalar, isSeq } = yamlLibrary()
  return isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined
}

/**
 * Pointer of the node nearest before `offset`: the deepest map entry or sequence item that
 * starts at or before it. Places a syntax error in whatever tree the parser managed to build.
 */
const pointerAtOffset = (text: string, offset: number): string => {
  const { isMap, isScalar, isSeq, parseDocument: parseYamlDocument } = yamlLibrary()
  const tokens: Array<string | number> = []
  let node: Node | null | undefined = parseYamlDocument(text, { prettyErrors: false }).contents
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
const parseJson = (file: string, text: string): Json => {
  try {
    return JSON.parse(text) as Json
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    const match = /position (\d+)/.exec(message)
    const offset = match?.[1] === undefined ? text.length : Number(match[1])
    const short = message.replace(/ in JSON at position.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "")
    throw new SpecError(file, pointerAtOffset(text, offset), `invalid JSON: ${short}`, {
      position: lineCol(text, offset),
      reason: "syntax"
    })
  }
}

const parseYaml = (file: string, text: string): Document.Parsed => {
  const doc = yamlLibrary().parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  const error = doc.errors[0]
  if (error) {
    const offset = error.pos[0]
    const message = error.message.split("\n")[0] ?? error.code
    throw new SpecError(file, pointerAtOffset(text, offset), `invalid YAML: ${message}`, {
      position: lineCol(text, offset),
      reason: "syntax"
    })
  }
  return doc
}

// JSON when the text starts with `{` or `[` (the only shapes an OpenAPI JSON file can have).
const looksLikeJson = (text: string): boolean => /^\s*[[{]/.test(text)

/** YAML 1.2 expands aliases; this bounds how far, so a crafted document cannot blow up memory. */
const MAX_ALIAS_COUNT = 1000

/**
 * The fast path for YAML. `yaml` keeps a concrete syntax tree, which gives the pointer and
 * line:col of a syntax error and the text a number was written as, and costs about ten times
 * js-yaml's time on a large document (0.4 s against 0.04 s on UltraCart's 141-operation one).
 * js-yaml reads the same YAML 1.2 core schema to the same tree (`load.test.ts` compares the two
 * on every fixture), so it reads first. Whatever it refuses goes to `yaml`, which then reports the
 * error exactly, or reads what js-yaml is too strict for; aliases go there too (`maxAliases: 0`),
 * so `yaml`'s bound on alias expansion stays the one rule. Undefined means "take the slow path".
 */
export const readYamlFast = (text: string): Json | undefined => {
  try {
    const { CORE_SCHEMA, load } = jsYaml()
    const value = load(text, { schema: CORE_SCHEMA, maxAliases: 0 }) as Json | undefined
    // An empty stream: js-yaml says undefined where `yaml` says null; let `yaml` answer.
    return value === undefined ? undefined : value
  } catch {
    return undefined
  }
}

/** YAML through `yaml` alone: the reference reading, and the one that explains errors. */
export const readYamlExact = (file: string, text: string): Json =>
  parseYaml(file, text).toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Json

/**
 * Parses JSON or YAML text of any shape (a whole document or a fragment another document
 * references). A syntax error is a {@link SpecError} with the pointer of the nearest node and
 * its line and column. Duplicate keys are an error.
 */
export const parseJsonOrYaml = (file: string, text: string): Json =>
  looksLikeJson(text) ? parseJson(file, text) : (readYamlFast(text) ?? readYamlExact(file, text))

/**
 * Members the specifications declare as strings that YAML reads as numbers when written bare
 * (`swagger: 2.0`, `openapi: 3.1`, `version: 1.0`). They are read as the text the file wrote.
 */
const STRING_MEMBERS: ReadonlyArray<ReadonlyArray<string>> = [["swagger"], ["openapi"], ["info", "version"]]

const readNumbersAsWritten = (parsed: Document.Parsed, adaptations: Array<Adaptation>): void => {
  const { isScalar } = yamlLibrary()
  for (const path of STRING_MEMBERS) {
    const node = parsed.getIn(path, true)
    if (!isScalar(node) || typeof node.value !== "number") continue
    const written = node.source ?? String(node.value)
    node.value = written
    adaptations.push({
      pointer: toPointer(path),
      message: `written as the YAML number ${written}; read as the string "${written}"`
    })
  }
}

/** Whether a member of {@link STRING_MEMBERS} was read as a number. */
const writesNumberForString = (value: JsonObject): boolean =>
  STRING_MEMBERS.some((path) => {
    let node: Json | undefined = value
    for (const key of path) node = isObject(node) ? node[key] : undefined
    return typeof node === "number"
  })

const jsonNumbersAsStrings = (value: JsonObject, adaptations: Array<Adaptation>): JsonObject => {
  let out = value
  const info = value.info
  if (value.swagger === 2) {
    out = { ...out, swagger: "2.0" }
    adaptations.push({ pointer: "/swagger", message: 'written as the number 2; read as "2.0"' })
  }
  if (typeof value.openapi === "number") {
    out = { ...out, openapi: String(value.openapi) }
    adaptations.push({ pointer: "/openapi", message: `written as a number; read as "${value.openapi}"` })
  }
  if (isObject(info) && typeof info.version === "number") {
    out = { ...out, info: { ...info, version: String(info.version) } }
    adaptations.push({ pointer: "/info/version", message: `written as a number; read as "${info.version}"` })
  }
  return out
}

/**
 * Parses a document's text: JSON when it starts with `{` or `[`, YAML 1.2 otherwise. The root
 * must be an object naming `openapi` or `swagger: 2.0`. `swagger`, `openapi` and `info.version`
 * written as bare numbers are read as the text written, and reported as adaptations.
 */
export const parseDocument = (file: string, text: string): ParsedDocument => {
  const adaptations: Array<Adaptation> = []
  let value: Json
  if (looksLikeJson(text)) {
    const json = parseJson(file, text)
    value = isObject(json) ? jsonNumbersAsStrings(json, adaptations) : json
  } else {
    const fast = readYamlFast(text)
    if (fast !== undefined && !(isObject(fast) && writesNumberForString(fast))) value = fast
    else {
      // The slow path, also for a bare-number version, whose text only `yaml`'s tree still has.
      const parsed = parseYaml(file, text)
      readNumbersAsWritten(parsed, adaptations)
      value = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Json
    }
  }
  if (!isObject(value)) {
    throw new SpecError(file, "", "not an OpenAPI document: the root is not an object", {
      reason: "not-openapi"
    })
  }
  if (value.swagger !== undefined && value.swagger !== "2.0") {
    throw new SpecError(file, "/swagger", `unsupported Swagger version ${JSON.stringify(value.swagger)}`, {
      reason: "not-openapi"
    })
  }
  if (value.swagger === undefined && typeof value.openapi !== "string") {
    throw new SpecError(
      file,
      value.openapi === undefined ? "" : "/openapi",
      'not an OpenAPI document: no "openapi" or "swagger: 2.0" at the root',
      { reason: "not-openapi" }
    )
  }
  return { doc: value, adaptations }
}

/** {@link parseDocument}, the tree only. */
export const parseDocumentText = (file: string, text: string): JsonObject => parseDocument(file, text).doc

const unreadable = (file: string, e: unknown): SpecError => {
  const code = (e as NodeJS.ErrnoException).code
  const reason =
    code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : `cannot read (${code})`
  return new SpecError(file, "", reason, { reason: "unreadable" })
}

const fromBytes = (
  file: string,
  bytes: Buffer,
  sha256: string = createHash("sha256").update(bytes).digest("hex")
): LoadedDocument => ({ file, sha256, ...parseDocument(file, bytes.toString("utf8")) })

/** Reads one document's bytes. A missing or unreadable file is a {@link SpecError} at `/`. */
export const readDocumentBytes = async (file: string): Promise<Buffer> => {
  try {
    return await readFile(file)
  } catch (e) {
    throw unreadable(file, e)
  }
}

/**
 * {@link loadDocument} of bytes already read from `file` (see {@link readDocumentBytes}); a caller
 * that already hashed them (the generator, for its verdict cache) passes the digest along.
 */
export const parseDocumentBytes = (file: string, bytes: Buffer, sha256?: string): LoadedDocument =>
  fromBytes(file, bytes, sha256)

/** Reads and parses one document. A missing or unreadable file is a {@link SpecError} at `/`. */
export const loadDocument = async (file: string): Promise<LoadedDocument> =>
  fromBytes(file, await readDocumentBytes(file))

/** {@link loadDocument} for callers that must stay synchronous (the mock server's constructor). */
export const loadDocumentSync = (file: string): LoadedDocument => {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (e) {
    throw unreadable(file, e)
  }
  return fromBytes(file, bytes)
}

/** Reads one referenced fragment (any JSON or YAML shape); errors name it `name`. */
export const loadFragmentSync = (file: string, name: string = file): Json => {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (e) {
    throw unreadable(name, e)
  }
  return parseJsonOrYaml(name, text)
}
