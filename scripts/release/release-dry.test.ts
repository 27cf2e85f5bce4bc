import { describe, expect, it } from "vitest"
import { latestSection, planLines } from "./release-dry.ts"

describe("latestSection", () => {
  it("returns the newest version's section only", () => {
    const changelog = "# @x/core\n\n## 0.2.0\n\n### Minor Changes\n\n- new\n\n## 0.1.0\n\n- old\n"
    expect(latestSection(changelog)).toBe("## 0.2.0\n\n### Minor Changes\n\n- new")
  })

  it("says so when there is no entry", () => {
    expect(latestSection("# @x/core\n")).toBe("(no changelog entry)")
  })
})

describe("planLines", () => {
  it("keeps the plan and drops the registry lookups", () => {
    const output = [
      "🦋 changeset v3.0.3",
      "",
      "Package @x/core was not found in the registry.",
      "",
      "Packages to publish:",
      "- @x/core@0.1.0 (latest)",
      ""
    ].join("\n")
    expect(planLines(output)).toBe("Packages to publish:\n- @x/core@0.1.0 (latest)")
  })
})
