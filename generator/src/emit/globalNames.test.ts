import { Project, ts } from "ts-morph"
import { describe, expect, it } from "vitest"
import { listedGlobalNames, shadowsGlobal } from "./globalNames.ts"

/** The global names TypeScript declares with these libraries (values, namespaces, type aliases). */
const declaredGlobals = (lib: ReadonlyArray<string>): ReadonlyArray<string> => {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: [...lib], target: ts.ScriptTarget.ESNext }
  })
  const probe = project.createSourceFile("/probe.ts", "export {}\n")
  const checker = project.getProgram().compilerObject.getTypeChecker()
  const flags = ts.SymbolFlags.Value | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Namespace
  return checker.getSymbolsInScope(probe.compilerNode, flags).map((symbol) => symbol.name)
}

const capitalised = (names: Iterable<string>): ReadonlyArray<string> =>
  [...names].filter((name) => /^[A-Z]/.test(name))

describe("globalNames", () => {
  it("lists every capitalised global of TypeScript's ES, DOM and Web Worker libraries", () => {
    const declared = capitalised(
      new Set([
        ...declaredGlobals(["lib.esnext.full.d.ts"]),
        ...declaredGlobals(["lib.esnext.d.ts", "lib.webworker.d.ts"])
      ])
    )
    expect(declared.filter((name) => !shadowsGlobal(name))).toEqual([])
  })

  it("lists every capitalised global of the running Node", () => {
    const missing = capitalised(Object.getOwnPropertyNames(globalThis)).filter((name) => !shadowsGlobal(name))
    expect(missing).toEqual([])
  })

  it("holds the names the issue names, and no lower-case ones", () => {
    for (const name of ["Error", "Date", "Promise", "Response", "Request", "Map", "URL", "Headers", "Record"])
      expect(shadowsGlobal(name)).toBe(true)
    expect(shadowsGlobal("ErrorResponse")).toBe(false)
    expect(listedGlobalNames().filter((name) => !/^[A-Z]/.test(name))).toEqual([])
  })
})
