import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { generate } from "../src/generate.ts"
import { runtimeImportFor, scratchDir, typecheck, writeFiles } from "./support.ts"

const openai = join(import.meta.dirname, "scale", "openai.openapi.yaml")

describe("scale: openai.openapi.yaml (1.9 MB, OAS 3.1)", () => {
  // How fast is bench/generator's business (bench/RESULTS.md); here only what it produces counts.
  it("generates and type-checks against the core contract", async () => {
    const started = performance.now()
    const out = join(await scratchDir("openai"), "generated")
    const generated = await generate({ spec: openai, runtimeImport: runtimeImportFor(out) })
    const generatedMs = performance.now() - started
    await writeFiles(out, generated.files)
    const checked = await typecheck(out)
    const totalMs = performance.now() - started
    const byCode = new Map<string, number>()
    for (const w of generated.warnings) byCode.set(w.code, (byCode.get(w.code) ?? 0) + 1)
    console.info(
      `openai: ${generated.ir.operations.length} operations, ${generated.ir.schemas.length} schemas, ${generated.files.size} files, ` +
        `${generated.warnings.length} warnings ${JSON.stringify(Object.fromEntries(byCode))}, generate ${Math.round(generatedMs)} ms, ` +
        `generate + tsc ${Math.round(totalMs)} ms`
    )
    expect(checked.output).toBe("")
    expect(checked.code).toBe(0)
    expect(generated.ir.operations.length).toBeGreaterThan(100)
    expect(generated.ir.schemas.length).toBeGreaterThan(500)
    expect(generated.ir.schemas.some((s) => s.recursive)).toBe(true)
    // Every warning is coded and located; none is an unsupported schema type.
    for (const w of generated.warnings) expect(w.pointer).toMatch(/^#\//)
    expect(byCode.get("UCG_W001")).toBeUndefined()
  })
})
