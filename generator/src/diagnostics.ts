import { toPointer } from "@uc-conversation/spec"

/**
 * Coded diagnostics. Warnings describe a construct the generator could not express exactly and
 * the fallback it used; errors stop the run before anything is written.
 */

/** Warning codes, stable across releases so CI logs can be grepped. */
export const WarningCode = {
  /** A schema keyword or type the emitter cannot express; falls back to `Schema.Unknown`. */
  UnsupportedType: "UCG_W001",
  /** A `$ref` outside `#/components/schemas` or one that could not be followed. */
  UnsupportedRef: "UCG_W002",
  /** An `allOf` member that is not an object; the merge keeps the object members only. */
  UnsupportedAllOf: "UCG_W003",
  /** A parameter location the runtime cannot send (cookie), or a parameter without a schema. */
  UnsupportedParameter: "UCG_W004",
  /** A request or response media type that is not JSON; typed as the schema but sent as-is. */
  UnsupportedMediaType: "UCG_W005",
  /** Two parameters (or a parameter and `body`) share one args key; the later one is dropped. */
  DuplicateParameter: "UCG_W006",
  /** A path template placeholder without a declared parameter; added as a required string. */
  ImplicitPathParameter: "UCG_W007",
  /** An operation without operationId; a name was derived from method and path. */
  MissingOperationId: "UCG_W008",
  /** A rule the validator reports as a lint-level problem. */
  SpecLint: "UCG_W009",
  /** A name had to be changed to be a valid, unique TypeScript identifier. */
  RenamedIdentifier: "UCG_W010",
  /**
   * The input was adapted to be read: a version written as a YAML number read as the text
   * written, an external `$ref` bundled into the document.
   */
  AdaptedInput: "UCG_W011",
  /** An operation the runtime cannot send (a `trace` method); it is left out. */
  UnsupportedOperation: "UCG_W012",
  /**
   * A component schema named like a global (`Error`, `Date`, `Response`…) is emitted with the
   * suffix `Model` (`ErrorModel`), so no generated module shadows the global.
   */
  ShadowedGlobal: "UCG_W013"
} as const

/** One of {@link WarningCode}'s values. */
export type WarningCode = (typeof WarningCode)[keyof typeof WarningCode]

/** Human-readable slug per code, printed next to it. */
export const warningSlug: Readonly<Record<WarningCode, string>> = {
  UCG_W001: "unsupported-type",
  UCG_W002: "unsupported-ref",
  UCG_W003: "unsupported-allof",
  UCG_W004: "unsupported-parameter",
  UCG_W005: "unsupported-media-type",
  UCG_W006: "duplicate-parameter",
  UCG_W007: "implicit-path-parameter",
  UCG_W008: "missing-operation-id",
  UCG_W009: "spec-lint",
  UCG_W010: "renamed-identifier",
  UCG_W011: "adapted-input",
  UCG_W012: "unsupported-operation",
  UCG_W013: "shadowed-global"
}

/** A non-fatal problem, located by a JSON pointer into the input document. */
export interface GeneratorWarning {
  readonly code: WarningCode
  readonly pointer: string
  readonly message: string
}

/** Error codes: every one exits 1. */
export const ErrorCode = {
  /** The file cannot be read or is neither JSON nor YAML. */
  Unreadable: "UCG_E001",
  /** Not an OpenAPI 3.x / Swagger 2.0 document, or it breaks the specification. */
  InvalidSpec: "UCG_E002",
  /** A `$ref` that does not resolve. */
  UnresolvedRef: "UCG_E003",
  /** Swagger 2.0 conversion failed. */
  ConversionFailed: "UCG_E004",
  /** A generator bug (reported by the CLI; never thrown as a GeneratorError). */
  Internal: "UCG_E999"
} as const

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** One thing wrong with the input: the node at fault and what is wrong with it. */
export interface Problem {
  /** `#`-prefixed JSON pointer into the input document. */
  readonly pointer: string
  readonly message: string
}

/**
 * A fatal input problem. Thrown by parse/IR; the CLI prints one line per problem and exits 1
 * without writing. A validator may find several: all of them are carried, none is summarised.
 */
export class GeneratorError extends Error {
  readonly code: ErrorCode
  /** The first problem's pointer. */
  readonly pointer: string
  /** Every problem, in the order found (at least one). */
  readonly problems: ReadonlyArray<Problem>
  constructor(code: ErrorCode, pointer: string, message: string, more: ReadonlyArray<Problem> = []) {
    const problems = [{ pointer, message }, ...more]
    super(problems.map((p) => `${code} ${p.pointer}: ${p.message}`).join("\n"))
    this.name = "GeneratorError"
    this.code = code
    this.pointer = pointer
    this.problems = problems
  }
}

/** A library pointer (`/a/b`, `""` for the root) as diagnostics write it (`#/a/b`, `#`). */
export const hashPointer = (pointer: string): string => `#${pointer}`

/** Builds a `#/a/b` pointer from raw tokens. */
export const pointerOf = (...tokens: ReadonlyArray<string | number>): string => hashPointer(toPointer(tokens))

/** Collects warnings during one run. */
export interface WarningSink {
  readonly warn: (code: WarningCode, pointer: string, message: string) => void
  readonly warnings: ReadonlyArray<GeneratorWarning>
}

/** A sink that keeps warnings in emission order. */
export const makeWarningSink = (): WarningSink => {
  const warnings: Array<GeneratorWarning> = []
  // allOf flattening revisits component schemas; one finding is reported once.
  const seen = new Set<string>()
  const warn = (code: WarningCode, pointer: string, message: string): void => {
    const key = `${code} ${pointer} ${message}`
    if (seen.has(key)) return
    seen.add(key)
    warnings.push({ code, pointer, message })
  }
  return { warn, warnings }
}
