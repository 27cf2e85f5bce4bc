/**
 * @uc-conversation/generator: OpenAPI document → Effect 4 client. The CLI is `uc-generate`;
 * this module exposes the same pipeline for programs and tests.
 */
export { run } from "./cli.ts"
export {
  ErrorCode,
  GeneratorError,
  type GeneratorWarning,
  makeWarningSink,
  type Problem,
  WarningCode,
  type WarningSink
} from "./diagnostics.ts"
export { type EmitOptions, emit, type RenderedFiles } from "./emit/emit.ts"
export { type Generated, type GenerateOptions, generate } from "./generate.ts"
export { buildIr } from "./ir/buildIr.ts"
export type * from "./ir/types.ts"
export { loadDocument } from "./parse/loadDocument.ts"
export { startValidator, type Validator } from "./parse/validateInWorker.ts"
export { checkOutput, writeOutput } from "./write/writeOutput.ts"
