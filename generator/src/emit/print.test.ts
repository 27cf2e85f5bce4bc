import { readdirSync } from "node:fs"
import { join } from "node:path"
import {
  type ImportDeclarationStructure,
  printStructure,
  type StatementStructures,
  StructureKind
} from "ts-morph"
import { describe, expect, it } from "vitest"
import { fixture, packageRoot, repoRoot } from "../../test/support.ts"
import { makeWarningSink } from "../diagnostics.ts"
import { buildIr } from "../ir/buildIr.ts"
import { loadDocument } from "../parse/loadDocument.ts"
import { emitModules } from "./emit.ts"
import { type ImportDeclaration, printImport, printModule } from "./print.ts"

// What emit printed before print.ts: the same structures through ts-morph's printer.
const tsMorph = (
  header: string,
  imports: ReadonlyArray<ImportDeclaration>,
  statements: ReadonlyArray<string>
) =>
  printStructure(
    {
      kind: StructureKind.SourceFile,
      statements: [
        header,
        ...imports.map(
          (i): ImportDeclarationStructure => ({
            kind: StructureKind.ImportDeclaration,
            moduleSpecifier: i.moduleSpecifier,
            ...(i.namespaceImport === undefined ? {} : { namespaceImport: i.namespaceImport }),
            ...(i.namedImports === undefined ? {} : { namedImports: [...i.namedImports] }),
            ...(i.isTypeOnly === undefined ? {} : { isTypeOnly: i.isTypeOnly })
          })
        ),
        ...statements
      ] satisfies Array<string | StatementStructures>
    },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false }
  )

describe("printModule: ts-morph's printStructure, byte for byte", () => {
  const specs = [
    ...readdirSync(fixture("."), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => fixture(entry.name)),
    join(repoRoot, "spec/conversation.openapi.yaml"),
    join(packageRoot, "test/scale/openai.openapi.yaml")
  ]
  it.each(specs)("every module generated from %s", async (spec) => {
    const sink = makeWarningSink()
    const loaded = await loadDocument(spec, sink)
    await loaded.validated()
    const ir = buildIr(loaded.document, loaded.sourceVersion, sink)
    const { modules } = emitModules(ir, { specLabel: "spec.yaml", specSha256: "0" }, sink)
    expect(modules.size).toBeGreaterThan(0)
    for (const [path, m] of modules) {
      expect({ path, text: printModule(m.header, m.imports, m.statements) }).toStrictEqual({
        path,
        text: tsMorph(m.header, m.imports, m.statements)
      })
    }
  })

  it("spaces statements after a block, a newline, a CRLF or nothing the way ts-morph does", () => {
    const pieces = [
      "",
      "a",
      "}",
      "} ",
      "}\n",
      "}\n\n",
      "}\r\n",
      "x\r\ny",
      "x\ry",
      "// c",
      "/* c",
      "\n",
      " \u00a0",
      "`}`"
    ]
    const imports: ReadonlyArray<ImportDeclaration> = [
      { moduleSpecifier: "effect/Schema", namespaceImport: "Schema" },
      { moduleSpecifier: './a"b\\c', namedImports: ["type A", "B"], isTypeOnly: true },
      { moduleSpecifier: "side-effect" },
      { moduleSpecifier: "x\r\ny\nz", namedImports: [] }
    ]
    for (const a of pieces) {
      for (const b of pieces) {
        for (const header of ["// h\n", "", "h"]) {
          for (const imported of [[], imports]) {
            const statements = [a, b, a]
            expect(printModule(header, imported, statements)).toBe(tsMorph(header, imported, statements))
          }
        }
      }
    }
  })

  it("refuses an import with both a namespace and named imports, as ts-morph does", () => {
    expect(() => printImport({ moduleSpecifier: "x", namespaceImport: "X", namedImports: ["Y"] })).toThrow()
  })
})
