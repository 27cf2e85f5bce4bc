/**
 * Why a document was refused. Tools that put their own codes on problems (the generator's
 * `UCG_E00x`) map these; the spec CLIs print the message only.
 */
export type SpecErrorReason =
  /** The file is missing, a directory or unreadable. */
  | "unreadable"
  /** Not JSON or YAML (the error carries a line and column). */
  | "syntax"
  /** Parsed, but the root is not an OpenAPI 3.x / Swagger 2.0 object. */
  | "not-openapi"
  /** A `$ref` (local or to another file) that does not resolve. */
  | "unresolved-ref"
  /** swagger2openapi could not convert a Swagger 2.0 document. */
  | "conversion"
  /** Anything else the document breaks: a project rule, an `x-uc-*` shape, a missing operation. */
  | "invalid"

/** Where and why, besides the message: the optional parts of a {@link SpecError}. */
export interface SpecErrorOptions {
  /** 1-based source position, for syntax errors. */
  readonly position?: { readonly line: number; readonly column: number }
  /** Default: `"invalid"`. */
  readonly reason?: SpecErrorReason
}

/**
 * The one error type the spec library reports: a file, a JSON pointer inside it and, for syntax
 * errors, a line and column. CLIs print it as exactly one line.
 */
export class SpecError extends Error {
  /** The file the problem is in, as the user named it. */
  readonly file: string
  /** RFC 6901 pointer of the offending node; "" is the document root. */
  readonly pointer: string
  /** 1-based source position, when the problem is a syntax error. */
  readonly position: { readonly line: number; readonly column: number } | undefined
  /** What kind of problem it is. */
  readonly reason: SpecErrorReason

  constructor(file: string, pointer: string, message: string, options: SpecErrorOptions = {}) {
    super(message)
    this.name = "SpecError"
    this.file = file
    this.pointer = pointer
    this.position = options.position
    this.reason = options.reason ?? "invalid"
  }

  /** `file#/pointer (line L:C): message`, whitespace collapsed so it is always one line. */
  toLine(): string {
    const where = this.position ? ` (line ${this.position.line}:${this.position.column})` : ""
    const pointer = this.pointer === "" ? "/" : this.pointer
    return `${this.file}#${pointer}${where}: ${this.message.replace(/\s+/g, " ").trim()}`
  }
}

/** Whether a thrown value is a {@link SpecError}. */
export const isSpecError = (u: unknown): u is SpecError => u instanceof SpecError
