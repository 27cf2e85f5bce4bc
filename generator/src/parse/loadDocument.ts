import { createHash } from "node:crypto"
import {
  type Adaptation,
  bundleExternalRefs,
  checkRefs,
  isObject,
  isSpecError,
  type JsonObject,
  parseDocumentBytes,
  readCachedValidation,
  readDocumentBytes,
  type SpecError,
  toOpenApi3,
  type ValidatorResult,
  validationCacheKey,
  validationFileKey,
  writeCachedValidation
} from "@uc-conversation/spec"
import {
  ErrorCode,
  GeneratorError,
  hashPointer,
  pointerOf,
  WarningCode,
  type WarningSink
} from "../diagnostics.ts"
import { lintRules, startValidator, type Validator } from "./validateInWorker.ts"

/** The input after parsing: an OpenAPI 3.x document with its internal `$ref`s intact. */
export interface LoadedDocument {
  readonly document: JsonObject
  /** The version the file was written in ("2.0", "3.0.1", "3.1.0", ...). */
  readonly sourceVersion: string
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string
  /**
   * The validator's verdict, still running: settling it reports its findings into the sink as
   * warnings and rejects with a {@link GeneratorError} when the document is invalid. Nothing may
   * be written or returned before it settles.
   */
  readonly validated: () => Promise<void>
}

const codeOf: Readonly<Record<SpecError["reason"], ErrorCode>> = {
  unreadable: ErrorCode.Unreadable,
  syntax: ErrorCode.Unreadable,
  "not-openapi": ErrorCode.InvalidSpec,
  "unresolved-ref": ErrorCode.UnresolvedRef,
  conversion: ErrorCode.ConversionFailed,
  invalid: ErrorCode.InvalidSpec
}

/**
 * The spec library's error as a coded one. Its pointer is into `input`; a problem inside a file
 * the input references is placed at the root, and the message names that file and node.
 */
const coded = (e: SpecError, input: string): GeneratorError => {
  const where = e.position ? ` (line ${e.position.line}:${e.position.column})` : ""
  if (e.file !== input) {
    return new GeneratorError(codeOf[e.reason], "#", `${e.file}#${e.pointer || "/"}${where}: ${e.message}`)
  }
  const message = e.reason === "unreadable" ? `cannot read ${input}: ${e.message}` : `${e.message}${where}`
  return new GeneratorError(codeOf[e.reason], hashPointer(e.pointer), message)
}

/** Runs one step of the spec library, turning its errors into coded ones. */
const step = async <A>(input: string, body: () => A | Promise<A>): Promise<A> => {
  try {
    return await body()
  } catch (e) {
    throw isSpecError(e) ? coded(e, input) : e
  }
}

const adapted = (sink: WarningSink, adaptations: ReadonlyArray<Adaptation>): void => {
  for (const a of adaptations) sink.warn(WarningCode.AdaptedInput, hashPointer(a.pointer), a.message)
}

/**
 * Reads, bundles (external `$ref`s, relative to the file), converts (Swagger 2.0 → 3.0) and
 * validates one spec file, all through @uc-conversation/spec. Fails with a
 * {@link GeneratorError} naming the node at fault; lint-level findings become warnings.
 *
 * The validator's verdict comes from the cache when this document passed before (see the spec
 * library's `validationCache.ts`): looked up by the file's bytes before it is parsed, then by
 * the parsed document. Otherwise the validator's worker thread starts as soon as the bytes are
 * read (it loads the validator while this thread parses), and validates the document beside
 * IR and emit (`validateInWorker.ts`).
 */
export const loadDocument = async (
  file: string,
  sink: WarningSink,
  options: {
    readonly validationCache?: string | undefined
    /** The validator, already started (the CLI starts it first thing when it validates anyway). */
    readonly validator?: Validator | undefined
  } = {}
): Promise<LoadedDocument> => {
  const cacheDir = options.validationCache
  let validator = options.validator
  try {
    const bytes = await step(file, () => readDocumentBytes(file))
    const sha256 = createHash("sha256").update(bytes).digest("hex")
    const fileKey = cacheDir === undefined ? undefined : validationFileKey(sha256, lintRules)
    const cached =
      cacheDir === undefined || fileKey === undefined ? undefined : readCachedValidation(cacheDir, fileKey)
    if (cached !== undefined) {
      validator?.cancel()
      return await readAndCheck(file, { bytes, sha256 }, sink, () => Promise.resolve(cached))
    }
    const started = validator ?? startValidator()
    validator = started
    return await readAndCheck(file, { bytes, sha256 }, sink, (raw, document) =>
      validate(raw, document, { cacheDir, fileKey }, started)
    )
  } catch (cause) {
    validator?.cancel()
    throw cause
  }
}

const readAndCheck = async (
  file: string,
  // The bytes with their digest, computed once (the verdict cache was looked up by it).
  read: { readonly bytes: Buffer; readonly sha256: string },
  sink: WarningSink,
  verdictOn: (raw: JsonObject, document: JsonObject) => Promise<ValidatorResult>
): Promise<LoadedDocument> => {
  const loaded = await step(file, () => parseDocumentBytes(file, read.bytes, read.sha256))
  adapted(sink, loaded.adaptations)
  const raw = loaded.doc
  const swagger = raw.swagger
  const openapi = raw.openapi
  let sourceVersion: string
  if (typeof swagger === "string") sourceVersion = swagger
  else if (typeof openapi === "string" && /^3\.[01]\./.test(openapi)) sourceVersion = openapi
  else
    throw new GeneratorError(
      ErrorCode.InvalidSpec,
      "#/openapi",
      `unsupported OpenAPI version ${String(openapi)}`
    )

  const bundled = await step(file, () => bundleExternalRefs(file, raw))
  adapted(sink, bundled.adaptations)
  const document = bundled.doc
  await step(file, () => checkRefs(document, file))
  if (swagger === undefined) checkRequiredFields(document)
  const validation = verdictOn(raw, document)
  // Settled at most once; a rejection not yet asked for must not surface as unhandled.
  validation.catch(() => undefined)
  let verdict: Promise<void> | undefined
  const validated = (): Promise<void> => {
    verdict ??= validation.then((result) => reportOrFail(result, sink))
    return verdict
  }
  let converted: JsonObject
  try {
    converted = swagger === undefined ? document : await step(file, () => toOpenApi3(document, file))
  } catch (cause) {
    // The validator's verdict on the document comes first, as it did when it ran first.
    await validated()
    throw cause
  }
  return { document: converted, sourceVersion, sha256: loaded.sha256, validated }
}

/**
 * The validator's verdict on `document` (the file's `raw` reading, bundled) when none was found
 * by the file's bytes: from the cache by the document, else the validator's. A passing verdict is
 * stored by the bytes for a document that refers to no other file (bundling returned it as it
 * was), else by the bundled document.
 */
const validate = (
  raw: JsonObject,
  document: JsonObject,
  cache: { readonly cacheDir: string | undefined; readonly fileKey: string | undefined },
  validator: Validator
): Promise<ValidatorResult> => {
  const { cacheDir, fileKey } = cache
  const key = cacheDir === undefined ? undefined : validationCacheKey(document, lintRules)
  const cached = cacheDir === undefined || key === undefined ? undefined : readCachedValidation(cacheDir, key)
  const storeBy = document === raw ? fileKey : key
  const store = (result: ValidatorResult): ValidatorResult => {
    if (cacheDir !== undefined && storeBy !== undefined) writeCachedValidation(cacheDir, storeBy, result)
    return result
  }
  if (cached !== undefined) {
    validator.cancel()
    // Found by the document, where the bytes would do: stored by them too, for the next run.
    return Promise.resolve(storeBy === key ? cached : store(cached))
  }
  return validator.validate(document).then(store)
}

const reportOrFail = (result: ValidatorResult, sink: WarningSink): void => {
  for (const w of result.warnings) sink.warn(WarningCode.SpecLint, hashPointer(w.pointer), w.message)
  const [first, ...rest] = result.errors
  if (result.valid) return
  const more = rest.map((e) => ({ pointer: hashPointer(e.pointer), message: e.message }))
  if (result.unlisted > 0) {
    more.push({ pointer: "#", message: `${result.unlisted} more errors the validator did not list` })
  }
  throw new GeneratorError(
    ErrorCode.InvalidSpec,
    first === undefined ? "#" : hashPointer(first.pointer),
    first?.message ?? "invalid document",
    more
  )
}

// The validator reports a missing field at its parent; these say which field.
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
