/**
 * @uc-conversation/spec: the one library that reads OpenAPI documents in this repository. The
 * generator, the mock server, the release scripts and the spec CLIs import it; none keeps a
 * copy of any of this.
 *
 * - read: {@link loadDocument} (JSON/YAML, errors with pointer and line:col), {@link bundleExternalRefs}
 * - convert: {@link toOpenApi3} (Swagger 2.0 → 3.0), {@link documentTo31} (3.0 → 3.1)
 * - walk: JSON pointers ({@link getAt}, {@link child}), `$ref`s ({@link deref}, {@link findRefs})
 * - operations: {@link listOperations}, {@link operationParameters} (path + operation + implicit)
 * - extensions: the `x-uc-*` names and their typed readers ({@link paginationOf}, {@link retrySafeOf}, …)
 * - check: {@link checkDocument} (project rules), {@link validateDocument} (@readme/openapi-parser, pointed)
 * - tools: {@link syncDocument}, {@link diffDocuments}, {@link toYaml}, {@link writeFileAtomic}
 */
export type { Adaptation } from "./adaptation.ts"
export { type BundledDocument, bundleExternalRefs, hasExternalRefs } from "./bundle.ts"
export { type DiffJson, diffFiles, loadForDiff } from "./compare.ts"
export { documentTo31, schemaTo31, toOpenApi3 } from "./convert.ts"
export {
  type Bump,
  type Change,
  type ChangeKind,
  type DiffReport,
  diffDocuments,
  formatReport,
  impliedBump
} from "./diff.ts"
export { isSpecError, SpecError, type SpecErrorOptions, type SpecErrorReason } from "./errors.ts"
export * from "./extensions.ts"
export { DEFAULT_SPEC, displayPath, SPEC_DIR } from "./files.ts"
export { clone, isObject, type Json, type JsonObject, jsonEqual, objectAt, stringAt } from "./json.ts"
export {
  type LoadedDocument,
  loadDocument,
  loadDocumentSync,
  loadFragmentSync,
  type ParsedDocument,
  parseDocument,
  parseDocumentBytes,
  parseDocumentText,
  parseJsonOrYaml,
  readDocumentBytes
} from "./load.ts"
export { isJsonMediaType, preferredMediaType } from "./media.ts"
export {
  CONVERSATION_TAG,
  HTTP_METHODS,
  type HttpMethodName,
  isConversationOperation,
  listOperations,
  type OperationRef,
  requireConversationOperations
} from "./operations.ts"
export { overlayExtensions } from "./overlay.ts"
export {
  type OperationParameter,
  type OperationParameters,
  operationParameters,
  type ParameterIssue,
  type ParameterLocation,
  templateParameters
} from "./parameters.ts"
export {
  applyPatches,
  loadPatch,
  loadPatches,
  PATCHES_DIR,
  type PatchOutcome,
  type SpecPatch
} from "./patches.ts"
export { child, escapeToken, getAt, parsePointer, toPointer, unescapeToken } from "./pointer.ts"
export {
  checkRefs,
  componentOf,
  type Dereferenced,
  deref,
  findRefs,
  isDataMember,
  isLocalRef,
  type RefSite,
  reachableComponents,
  refPointer,
  refTarget,
  resolveRef
} from "./refs.ts"
export { toYaml, writeFileAtomic } from "./serialize.ts"
export { type SyncInput, type SyncResult, syncDocument, VOID_RESPONSE_DESCRIPTION } from "./sync.ts"
export {
  checkDocument,
  type DocumentSummary,
  type JarLocation,
  type JarRun,
  type JsValidation,
  jarVersion,
  locateJar,
  PROVISION_HINT,
  requireJar,
  runJarValidate,
  runJsValidator
} from "./validate.ts"
export {
  defaultValidationCacheDir,
  readCachedValidation,
  validationCacheKey,
  validationFileKey,
  writeCachedValidation
} from "./validationCache.ts"
export {
  loadValidator,
  type ValidateOptions,
  type ValidatorIssue,
  type ValidatorResult,
  type ValidatorRule,
  validateDocument
} from "./validator.ts"
