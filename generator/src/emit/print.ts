/**
 * Prints a generated module: a header comment, import declarations, then statement strings, to
 * exactly the text ts-morph's `printStructure` gives for the same `SourceFile` structure
 * (`{ statements: [header, ...imports as ImportDeclarationStructure, ...strings] }` with two-space
 * indentation, `\n` and double quotes). `print.test.ts` holds the two to the same bytes on every
 * module of every fixture and of the conversation spec.
 *
 * Why not ts-morph itself: loading it loads TypeScript's compiler (~115 ms of every run, compile
 * cache or not), and its writer scans every character it prints for string and comment state
 * (~50 ms on the conversation spec), for a result that is plain concatenation at indentation 0.
 *
 * @module
 */

/** An import declaration, in the fields of ts-morph's `ImportDeclarationStructure` that emit uses. */
export interface ImportDeclaration {
  readonly moduleSpecifier: string
  readonly namespaceImport?: string
  /** Specifiers as written, `type X` included. */
  readonly namedImports?: ReadonlyArray<string>
  readonly isTypeOnly?: boolean
}

// code-block-writer's `quote` with double quotes.
const quote = (text: string): string => {
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"' || c === "\\") out += "\\"
    else if (c === "\r" && text[i + 1] === "\n") {
      out += "\\r\\n\\"
      i++
    } else if (c === "\n") out += "\\n\\"
    out += text[i]
  }
  return `${out}"`
}

/** ts-morph's ImportDeclarationStructurePrinter. */
export const printImport = (i: ImportDeclaration): string => {
  const named = i.namedImports ?? []
  if (named.length > 0 && i.namespaceImport !== undefined)
    throw new Error("An import declaration cannot have both a namespace import and a named import.")
  const clause = `${i.namespaceImport === undefined ? "" : ` * as ${i.namespaceImport}`}${named.length === 0 ? "" : ` { ${named.join(", ")} }`}`
  return `import${i.isTypeOnly === true ? " type" : ""}${clause}${clause === "" ? "" : " from"} ${quote(i.moduleSpecifier)};`
}

// ts-morph's StringUtils.isWhitespaceCharCode.
const whitespace = new Set(
  [" ", "\f", "\n", "\r", "\t", "\v", "\u00A0", "\u2028", "\u2029"].map((c) => c.charCodeAt(0))
)
const isWhitespace = (code: number): boolean => whitespace.has(code)

/**
 * The text printed so far, as the pieces written: the questions the printer asks look at its last
 * few characters, and asking them of one growing string would flatten it every time.
 */
class Text {
  readonly pieces: Array<string> = []

  append(piece: string): void {
    if (piece !== "") this.pieces.push(piece)
  }

  isEmpty(): boolean {
    return this.pieces.length === 0
  }

  /** Calls `f` on the last characters' codes, last first, until it answers. */
  private back<A>(f: (code: number) => A | undefined): A | undefined {
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      const piece = this.pieces[i] ?? ""
      for (let j = piece.length - 1; j >= 0; j--) {
        const answer = f(piece.charCodeAt(j))
        if (answer !== undefined) return answer
      }
    }
    return undefined
  }

  lastNonWhitespaceIsCloseBrace(): boolean {
    return this.back((code) => (isWhitespace(code) ? undefined : code === 0x7d)) ?? false
  }

  endsWithNewLine(): boolean {
    return this.back((code) => code === 0x0a || code === 0x0d) ?? false
  }

  // code-block-writer's isLastBlankLine: two `\n` at the end, `\r`s aside.
  endsWithBlankLine(): boolean {
    let found = 0
    return (
      this.back((code) =>
        code === 0x0a ? (++found === 2 ? true : undefined) : code === 0x0d ? undefined : false
      ) ?? false
    )
  }
}

/**
 * The module's text. `header` (a line comment ending in a newline) comes first and the imports
 * right after it, so no string statement precedes an import: the one place where ts-morph's
 * writer would act on its comment state (closing an open comment before a declaration).
 */
export const printModule = (
  header: string,
  imports: ReadonlyArray<ImportDeclaration>,
  statements: ReadonlyArray<string>
): string => {
  const out = new Text()
  for (const part of [header, ...imports.map(printImport), ...statements]) {
    // StatementStructurePrinter: a blank line after a block, else a new line between statements.
    if (out.lastNonWhitespaceIsCloseBrace()) {
      if (!out.endsWithBlankLine()) out.append(out.endsWithNewLine() ? "\n" : "\n\n")
    } else if (!out.isEmpty() && !out.endsWithNewLine()) out.append("\n")
    // The writer writes every line break as its newline, "\n".
    out.append(part.includes("\r\n") ? part.replace(/\r\n/g, "\n") : part)
  }
  // SourceFileStructurePrinter ends a non-empty file with a new line.
  if (!out.isEmpty() && !out.endsWithNewLine()) out.append("\n")
  return out.pieces.join("")
}
