import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import { validate } from "@readme/openapi-parser"
import { convertObj } from "swagger2openapi"
import { parse as parseYaml } from "yaml"
import { ErrorCode, GeneratorError, pointerOf, WarningCode, type WarningSink } from "../diagnostics.ts"
import { checkReferences } from "./checkReferences.ts"
import { isObject, type JsonObject } from "./json.ts"

/** The input after parsing: an OpenAPI 3.x document with its internal `$ref`s intact. */
export interface LoadedDocument {
  readonly document: JsonObject
  /** The version the file was written in ("2.0", "3.0.1", "3.1.0", ...). */
  readonly sourceVersion: string
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string
}

// Problems the validator reports that a generator can work around (and does, with a warning).
const lintRules = {
  "path-parameters-not-in-parameters": "warning",
  "path-parameters-not-in-path": "warning",
  "duplicate-non-request-body-parameters": "warning",
  "non-optional-path-parameters": "warning",
  "array-without-items": "warning"
} as const

const parseText = (text: string, file: string): unknown => {
  const trimmed = text.trimStart()
  try {
    return trimmed.startsWith("{") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })
  } catch (cause) {
    throw new GeneratorError(
      ErrorCode.Unreadable,
      "#",
      `${file} is neither JSON nor YAML: ${cause instanceof Error ? cause.message : String(cause)}`
    )
  }
}

// The validator's messages quote locations as `/paths/...`; turn that into a pointer when present.
const pointerFromMessage = (message: string): string => {
  const match = /`(\/[^`]*)`/.exec(message)
  const location = match?.[1]
  if (location === undefined) return "#"
  // "/paths/a/{b}/get" names a path item by its raw template: rebuild a proper pointer.
  const operation = /^\/paths(\/.*)\/(get|put|post|delete|options|head|patch|trace)$/.exec(location)
  if (operation?.[1] !== undefined && operation[2] !== undefined)
    return pointerOf("paths", operation[1], operation[2])
  return `#${location}`
}

const firstLine = (message: string): string => message.split("\n")[0] ?? message

/**
 * Reads, converts (Swagger 2.0 → 3.0) and validates one spec file. Fails with a
 * {@link GeneratorError} carrying a JSON pointer; lint-level findings become warnings.
 */
export const loadDocument = async (file: string, sink: WarningSink): Promise<LoadedDocument> => {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (cause) {
    throw new GeneratorError(
      ErrorCode.Unreadable,
      "#",
      `cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`
    )
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex")
  const raw = parseText(bytes.toString("utf8"), file)
  if (!isObject(raw)) throw new GeneratorError(ErrorCode.InvalidSpec, "#", "the document is not an object")
  const swagger = raw.swagger
  const openapi = raw.openapi
  let document: JsonObject
  let sourceVersion: string
  if (typeof swagger === "string") {
    if (!swagger.startsWith("2.")) {
      throw new GeneratorError(ErrorCode.InvalidSpec, "#/swagger", `unsupported Swagger version ${swagger}`)
    }
    sourceVersion = swagger
    await validateOrFail(raw, sink)
    try {
      const converted = await convertObj(structuredClone(raw), { patch: true, warnOnly: true })
      document = converted.openapi as JsonObject
    } catch (cause) {
      throw new GeneratorError(
        ErrorCode.ConversionFailed,
        "#",
        `Swagger 2.0 conversion failed: ${cause instanceof Error ? cause.message : String(cause)}`
      )
    }
  } else if (typeof openapi === "string") {
    if (!/^3\.[01]\./.test(openapi)) {
      throw new GeneratorError(ErrorCode.InvalidSpec, "#/openapi", `unsupported OpenAPI version ${openapi}`)
    }
    sourceVersion = openapi
    document = raw
    checkRequiredFields(raw)
    checkReferences(document)
    await validateOrFail(raw, sink)
  } else {
    throw new GeneratorError(ErrorCode.InvalidSpec, "#", "neither `openapi` nor `swagger` is declared")
  }
  return { document, sourceVersion, sha256 }
}

const validateOrFail = async (raw: JsonObject, sink: WarningSink): Promise<void> => {
  checkReferences(raw)
  // The validator dereferences in place, so it gets a copy and the IR keeps the named $refs.
  const result = await validate(structuredClone(raw) as never, {
    validate: { rules: { openapi: lintRules, swagger: lintRules } }
  })
  for (const warning of result.warnings) {
    sink.warn(WarningCode.SpecLint, pointerFromMessage(warning.message), firstLine(warning.message))
  }
  if (!result.valid) {
    const first = result.errors[0]
    const message = first === undefined ? "invalid document" : firstLine(first.message)
    const more = result.errors.length + result.additionalErrors - 1
    throw new GeneratorError(
      ErrorCode.InvalidSpec,
      first === undefined ? "#" : pointerFromMessage(first.message),
      more > 0 ? `${message} (and ${more} more)` : message
    )
  }
}

// The validator reports missing fields without saying where; these are the common ones.
const checkRequiredFields = (document: JsonObject): void => {
  const info = document.info
  if (!isObject(info)) throw new GeneratorError(ErrorCode.InvalidSpec, "#/info", "`info` is required")
  for (const field of ["title", "version"]) {
    if (typeof info[field] !== "string") {
      throw new GeneratorError(
        ErrorCode.InvalidSpec,
        pointerOf("info", field),
        `\`info.${field}\` is required`
      )
    }
  }
  if (document.paths !== undefined && !isObject(document.paths)) {
    throw new GeneratorError(ErrorCode.InvalidSpec, "#/paths", "`paths` must be an object")
  }
}
