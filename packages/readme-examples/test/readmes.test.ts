import { describe, expect, it } from "vitest"
import { collectBlocks, typeCheck, writeScratchProject } from "../src/extract.ts"

/**
 * Every TypeScript block of every README, each its own module in a scratch project inside this
 * package, type-checked by the repository's tsc against the built packages (`dependsOn: ^build`).
 */
describe("the READMEs' TypeScript blocks", () => {
  it("type-check against the built packages", async () => {
    const blocks = await collectBlocks()
    const checked = blocks.filter((b) => b.skip === undefined)
    const skipped = blocks.filter((b) => b.skip !== undefined)
    console.log(
      [
        `readme-examples: ${checked.length} TypeScript blocks checked, ${skipped.length} opted out`,
        ...skipped.map((b) => `  skipped ${b.file}:${b.line}: ${b.skip}`)
      ].join("\n")
    )
    // Opt-outs stay rare, and the examples people copy first are always checked.
    expect(skipped.length).toBeLessThanOrEqual(3)
    for (const file of ["README.md", "packages/core/README.md", "packages/node/README.md"]) {
      expect(checked.some((b) => b.file === file)).toBe(true)
    }
    expect(blocks.filter((b) => b.file === "README.md" && b.skip !== undefined)).toEqual([])

    await writeScratchProject(blocks)
    const result = await typeCheck(blocks)
    expect(result.diagnostics, result.output).toEqual([])
    expect(result.exitCode).toBe(0)
  })
})
