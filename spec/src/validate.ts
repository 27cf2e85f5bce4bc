import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { isAbsolute, join, resolve } from "node:path"
import { SpecError } from "./errors.ts"
import {
  DEFAULT_HEADERS,
  ERROR_HEADER,
  hasTag,
  isPaginationProblem,
  OPTIONAL_FIELDS_NULLABLE,
  PAGINATION,
  RETRY_SAFE,
  readPagination,
  SYNC_OPERATIONS,
  SYNC_SELECT,
  syncOperations,
  syncSelectOf,
  UC_PREFIX
} from "./extensions.ts"
import { SPEC_DIR } from "./files.ts"
import { isObject, type JsonObject, objectAt } from "./json.ts"
import { listOperations, type OperationRef, requireConversationOperations } from "./operations.ts"
import { operationParameters } from "./parameters.ts"
import { child } from "./pointer.ts"
import { checkRefs } from "./refs.ts"
import { validateDocument } from "./validator.ts"

/** What the structural checks found. */
export interface DocumentSummary {
  readonly operations: number
  readonly conversationOperations: number
  readonly schemas: number
  /** Whether the document carries this project's x-uc-* extensions (and so was held to their rules). */
  readonly ours: boolean
}

/**
 * Checks that need no external tool, each failing with the offending pointer: every `$ref`
 * resolves, there is at least one Conversation operation and, for a document of ours (one with
 * root `x-uc-*` extensions), the project rules: OAS 3.1, a boolean `x-uc-retry-safe` on every
 * operation, the allow-list matching the operations, a well-formed `x-uc-pagination`.
 */
export const checkDocument = (doc: JsonObject, file: string): DocumentSummary => {
  checkRefs(doc, file)
  const conversation = requireConversationOperations(doc, file)
  const operations = listOperations(doc)
  const ours = Object.keys(doc).some((k) => k.startsWith(UC_PREFIX))
  if (ours) {
    if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.1.")) {
      throw new SpecError(file, "/openapi", `expected OpenAPI 3.1.x, found ${JSON.stringify(doc.openapi)}`)
    }
    for (const op of operations) {
      if (typeof op.operation[RETRY_SAFE] !== "boolean") {
        throw new SpecError(
          file,
          child(op.pointer, RETRY_SAFE),
          `${op.id}: ${RETRY_SAFE} must be true or false`
        )
      }
      if (op.operation[PAGINATION] !== undefined) checkPagination(doc, op, file)
    }
    checkRootExtensions(doc, file)
    const rule = syncSelectOf(doc)
    if (rule) {
      for (const op of operations) {
        if (!hasTag(op.operation, rule.tag)) {
          throw new SpecError(
            file,
            child(op.pointer, "tags"),
            `${op.id}: not tagged "${rule.tag}" (${SYNC_SELECT}.tag)`
          )
        }
        const at = rule.exclude.indexOf(op.id)
        if (at >= 0) {
          throw new SpecError(
            file,
            child(`/${SYNC_SELECT}`, "exclude", at),
            `${op.id} is excluded but present`
          )
        }
      }
    }
    const list = syncOperations(doc)
    if (list) {
      const ids = new Set(operations.map((o) => o.id))
      const absent = list.filter((id) => !ids.has(id))
      const unlisted = [...ids].filter((id) => !list.includes(id))
      if (absent.length > 0 || unlisted.length > 0) {
        throw new SpecError(
          file,
          `/${SYNC_OPERATIONS}`,
          `allow-list and operations disagree (listed but absent: ${absent.join(", ") || "none"}; present but unlisted: ${unlisted.join(", ") || "none"})`
        )
      }
    }
  }
  return {
    operations: operations.length,
    conversationOperations: conversation.length,
    schemas: Object.keys(objectAt(objectAt(doc, "components"), "schemas") ?? {}).length,
    ours
  }
}

const checkRootExtensions = (doc: JsonObject, file: string): void => {
  const headers = doc[DEFAULT_HEADERS]
  if (
    headers !== undefined &&
    (!isObject(headers) || !Object.values(headers).every((v) => typeof v === "string"))
  ) {
    throw new SpecError(file, `/${DEFAULT_HEADERS}`, "must map header names to string values")
  }
  const errorHeader = doc[ERROR_HEADER]
  if (errorHeader !== undefined && typeof errorHeader !== "string") {
    throw new SpecError(file, `/${ERROR_HEADER}`, "must be a header name")
  }
  const nullable = doc[OPTIONAL_FIELDS_NULLABLE]
  if (nullable !== undefined && typeof nullable !== "boolean") {
    throw new SpecError(file, `/${OPTIONAL_FIELDS_NULLABLE}`, "must be true or false")
  }
  const list = doc[SYNC_OPERATIONS]
  if (list !== undefined && syncOperations(doc) === undefined) {
    throw new SpecError(file, `/${SYNC_OPERATIONS}`, "must be a list of operationIds")
  }
  const select = doc[SYNC_SELECT]
  if (select !== undefined) {
    if (syncSelectOf(doc) === undefined) {
      throw new SpecError(file, `/${SYNC_SELECT}`, "must be {tag: string, exclude: [operationId]}")
    }
    if (list !== undefined) {
      throw new SpecError(
        file,
        `/${SYNC_OPERATIONS}`,
        `state one selection rule: ${SYNC_SELECT} replaces ${SYNC_OPERATIONS}`
      )
    }
  }
}

const checkPagination = (doc: JsonObject, op: OperationRef, file: string): void => {
  const pointer = child(op.pointer, PAGINATION)
  const read = readPagination(op.operation[PAGINATION])
  if (isPaginationProblem(read)) {
    throw new SpecError(file, read.member === "" ? pointer : child(pointer, read.member), read.message)
  }
  const query = operationParameters(doc, op).parameters.flatMap((p) => (p.in === "query" ? [p.name] : []))
  for (const member of ["limit", "offset"] as const) {
    if (!query.includes(read[member])) {
      throw new SpecError(file, child(pointer, member), "must name one of the operation's query parameters")
    }
  }
}

/** Where the openapi-generator-cli JAR is and which version it is. */
export interface JarLocation {
  readonly jar: string
  readonly version: string
}

/** The command that provisions the JAR, for the "missing JAR" message. */
export const PROVISION_HINT =
  "cd <repo> && source scripts/toolchain.sh && source scripts/provision.sh && ensure_openapi_generator_jar"

/**
 * The JAR the npm wrapper would use: `<storageDir>/<version>.jar` from spec/openapitools.json,
 * or `$OPENAPI_GENERATOR_JAR` when set (scripts/provision.sh exports it).
 */
export const locateJar = (): JarLocation => {
  const config = JSON.parse(readFileSync(join(SPEC_DIR, "openapitools.json"), "utf8")) as {
    "generator-cli": { version: string; storageDir: string }
  }
  const { version, storageDir } = config["generator-cli"]
  const fromEnv = process.env.OPENAPI_GENERATOR_JAR
  const jar = fromEnv ? resolve(fromEnv) : resolve(SPEC_DIR, storageDir, `${version}.jar`)
  return { jar, version }
}

/** Fails with one line (and the provisioning command) when the JAR is not there. */
export const requireJar = (): JarLocation => {
  const location = locateJar()
  if (!existsSync(location.jar)) {
    throw new Error(
      `openapi-generator-cli ${location.version} JAR not found at ${location.jar}; provision it: ${PROVISION_HINT}`
    )
  }
  return location
}

/** Output of one JAR run. */
export interface JarRun {
  /** The command line as run, for the log. */
  readonly command: string
  readonly exitCode: number
  readonly output: string
}

const run = (args: ReadonlyArray<string>): Promise<JarRun> =>
  new Promise((done, fail) => {
    const proc = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    proc.stdout.on("data", (b: Buffer) => (output += b.toString()))
    proc.stderr.on("data", (b: Buffer) => (output += b.toString()))
    proc.on("error", (e) =>
      fail(new Error(`cannot run java (needed by openapi-generator-cli): ${e.message}`))
    )
    proc.on("close", (code) => done({ command: ["java", ...args].join(" "), exitCode: code ?? 1, output }))
  })

/** `java -jar <jar> version`: proves which generator really runs. */
export const jarVersion = (jar: JarLocation): Promise<JarRun> => run(["-jar", jar.jar, "version"])

/** `java -jar <jar> validate -i <file>`: openapi-generator's own validation. */
export const runJarValidate = (jar: JarLocation, file: string): Promise<JarRun> =>
  run(["-jar", jar.jar, "validate", "-i", isAbsolute(file) ? file : resolve(file)])

/** Result of the JS validator: one line per finding, `#pointer: message`. */
export interface JsValidation {
  readonly valid: boolean
  readonly messages: ReadonlyArray<string>
}

/** @readme/openapi-parser's schema and semantic validation, each finding with its pointer. */
export const runJsValidator = async (doc: JsonObject): Promise<JsValidation> => {
  const result = await validateDocument(doc)
  const line = (prefix: string) => (i: { readonly pointer: string; readonly message: string }) =>
    `${prefix}#${i.pointer || "/"}: ${i.message}`
  const warnings = result.warnings.map(line("warning: "))
  const unlisted = result.unlisted > 0 ? [`(${result.unlisted} more errors the validator did not list)`] : []
  return { valid: result.valid, messages: [...result.errors.map(line("")), ...unlisted, ...warnings] }
}
