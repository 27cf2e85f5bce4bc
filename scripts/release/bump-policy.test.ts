import { describe, expect, it } from "vitest"
import { bumpFor, mostSevere } from "./bump-policy.ts"

describe("bumpFor", () => {
  it("shifts breaking and additive down one digit before 1.0", () => {
    expect(bumpFor("breaking", "0.4.2")).toBe("minor")
    expect(bumpFor("additive", "0.4.2")).toBe("patch")
    expect(bumpFor("docs-only", "0.4.2")).toBe("patch")
  })

  it("treats 0.0.x like any other 0.x", () => {
    expect(bumpFor("breaking", "0.0.0")).toBe("minor")
    expect(bumpFor("additive", "0.0.0")).toBe("patch")
  })

  it("is plain semver from 1.0.0 on", () => {
    expect(bumpFor("breaking", "1.0.0")).toBe("major")
    expect(bumpFor("additive", "1.2.3")).toBe("minor")
    expect(bumpFor("docs-only", "12.0.0-next.1")).toBe("patch")
  })

  it("refuses a version that is not semver", () => {
    expect(() => bumpFor("additive", "latest")).toThrow(/not a semver version/)
  })
})

describe("mostSevere", () => {
  it("picks breaking over additive over docs-only", () => {
    expect(mostSevere(["docs-only", "additive"])).toBe("additive")
    expect(mostSevere(["additive", "breaking", "docs-only"])).toBe("breaking")
    expect(mostSevere(["docs-only"])).toBe("docs-only")
  })

  it("is undefined for no changes", () => {
    expect(mostSevere([])).toBeUndefined()
  })
})
