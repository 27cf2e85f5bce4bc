/**
 * The one error type every spec tool reports: a file, a JSON pointer inside it and, for syntax
 * errors, a line and column. CLIs print it as exactly one line.
 */
export class SpecError extends Error {
  /** The file the problem is in, as the user named it. */
  readonly file: string
  /** RFC 6901 pointer of the offending node; "" is the document root. */
  readonly pointer: string
  /** 1-based source position, when the problem is a syntax error. */
  readonly position: { readonly line: number; readonly column: number } | undefined

  constructor(
    file: string,
    pointer: string,
    message: string,
    position?: { readonly line: number; readonly column: number }
  ) {
    super(message)
    this.name = "SpecError"
    this.file = file
    this.pointer = pointer
    this.position = position
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
