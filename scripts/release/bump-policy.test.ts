import { describe, expect, it } from "vitest"
import { changesetBump } from "./bump-policy.ts"

describe("changesetBump", () => {
  it("shifts breaking and additive down one digit before 1.0", () => {
    expect(changesetBump("major", "0.4.2")).toBe("minor")
    expect(changesetBump("minor", "0.4.2")).toBe("patch")
    expect(changesetBump("patch", "0.4.2")).toBe("patch")
  })

  it("treats 0.0.x like any other 0.x", () => {
    expect(changesetBump("major", "0.0.0")).toBe("minor")
    expect(changesetBump("minor", "0.0.0")).toBe("patch")
  })

  it("is the implied bump itself from 1.0.0 on", () => {
    expect(changesetBump("major", "1.0.0")).toBe("major")
    expect(changesetBump("minor", "1.2.3")).toBe("minor")
    expect(changesetBump("patch", "12.0.0-next.1")).toBe("patch")
  })

  it("is undefined when nothing changed", () => {
    expect(changesetBump("none", "0.4.2")).toBeUndefined()
    expect(changesetBump("none", "2.0.0")).toBeUndefined()
  })

  it("refuses a version that is not semver", () => {
    expect(() => changesetBump("minor", "latest")).toThrow(/not a semver version/)
  })
})
