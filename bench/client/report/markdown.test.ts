import { describe, expect, it } from "vitest"
import { replaceBetween, table } from "./markdown.ts"

const BEGIN = "<!-- client:begin -->"
const END = "<!-- client:end -->"

describe("replaceBetween", () => {
  it("rewrites only the marked block and keeps the other sections", () => {
    const doc = `# Results\n\n## Generator\n\nkept\n\n${BEGIN}\nold\n${END}\n\n## After\n`
    const out = replaceBetween(doc, BEGIN, END, "new")
    expect(out).toBe(`# Results\n\n## Generator\n\nkept\n\n${BEGIN}\nnew\n${END}\n\n## After\n`)
  })

  it("appends the block when the markers are missing", () => {
    expect(replaceBetween("# Results\n", BEGIN, END, "body")).toBe(`# Results\n\n${BEGIN}\nbody\n${END}\n`)
  })
})

describe("table", () => {
  it("renders a header, a rule and rows, padded to each column's widest cell", () => {
    expect(table(["a", "bb"], [["1", "2222"]])).toBe("| a   | bb   |\n| --- | ---- |\n| 1   | 2222 |")
  })
})
