import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { generate } from "../src/generate.ts"
import { fixture, repoRoot, runtimeImportFor, scratchDir, typecheck, writeFiles } from "./support.ts"

/**
 * One fixture spec per construct the generator handles, and per kind of input met in the wild
 * that it must adapt (each says how in its header comment and its warnings snapshot).
 */
export const fixtures = [
  "objects.yaml",
  "nullable.yaml",
  "nullable31.yaml",
  "arrays.yaml",
  "enums.yaml",
  "refs.yaml",
  "recursion.yaml",
  "allof.yaml",
  "oneof.yaml",
  "anyof.yaml",
  "additional.yaml",
  "integers.yaml",
  "strings.yaml",
  "params.yaml",
  "bodies.yaml",
  "void.yaml",
  "swagger2.json",
  "json-format.json",
  "unsupported.yaml",
  "names.yaml",
  "external-ref.yaml",
  "operation-names.yaml",
  "implicit-path-clash.yaml",
  "alias-cycle.yaml",
  "large-graph.yaml",
  "swagger2-numbers.yaml",
  "shadowed-globals.yaml",
  "pagination.yaml"
]

const stem = (name: string): string => name.replace(/\.(ya?ml|json)$/, "")

describe("fixture snapshots", () => {
  for (const name of fixtures) {
    it(`${name}: every file, the IR and the warnings match the snapshot`, async () => {
      const generated = await generate({ spec: fixture(name), root: repoRoot })
      for (const [path, content] of generated.files) {
        await expect(content).toMatchFileSnapshot(`./__snapshots__/${stem(name)}/${path}`)
      }
      await expect(`${JSON.stringify(generated.ir, null, 2)}\n`).toMatchFileSnapshot(
        `./__snapshots__/${stem(name)}/ir.json`
      )
      await expect(`${JSON.stringify(generated.warnings, null, 2)}\n`).toMatchFileSnapshot(
        `./__snapshots__/${stem(name)}/warnings.json`
      )
    })
  }
})

describe("fixture output imports Effect by module path", () => {
  it("no generated module of any fixture imports the effect barrel", async () => {
    const offenders: Array<string> = []
    for (const name of fixtures) {
      const generated = await generate({ spec: fixture(name), root: repoRoot })
      for (const [path, content] of generated.files)
        for (const [, specifier] of content.matchAll(/\bfrom\s*"(effect[^"]*)"/g))
          if (!/^effect\/[A-Za-z]+$/.test(specifier ?? "")) offenders.push(`${name} ${path}: ${specifier}`)
    }
    expect(offenders).toEqual([])
  })
})

describe("fixture output type-checks against the core contract", () => {
  it("every fixture's output passes tsc (strict, exactOptionalPropertyTypes)", async () => {
    const root = await scratchDir("fixtures-tsc")
    for (const name of fixtures) {
      const out = join(root, stem(name))
      const generated = await generate({
        spec: fixture(name),
        root: repoRoot,
        runtimeImport: runtimeImportFor(out)
      })
      await writeFiles(out, generated.files)
    }
    const result = await typecheck(root)
    expect(result.output).toBe("")
    expect(result.code).toBe(0)
  })
})
