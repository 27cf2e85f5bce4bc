import { describe, expect, it } from "vitest"
import { withVersion } from "./jsr-version.ts"

describe("withVersion", () => {
  const manifest =
    '{\n  "name": "@x/deno",\n  "version": "0.0.0",\n  "publish": { "include": ["src/**/*.ts"] }\n}\n'

  it("changes only the version, keeping the owner's formatting", () => {
    expect(withVersion(manifest, "0.1.0")).toBe(manifest.replace('"0.0.0"', '"0.1.0"'))
  })

  it("returns the text itself when it already matches", () => {
    expect(withVersion(manifest, "0.0.0")).toBe(manifest)
  })

  it("leaves a manifest without a version alone (not published to JSR)", () => {
    expect(withVersion('{ "imports": {} }', "1.0.0")).toBeUndefined()
  })

  it("refuses to touch a nested version that comes first", () => {
    expect(() => withVersion('{ "x": { "version": "9" }, "version": "0.0.0" }', "0.1.0")).toThrow(/top-level/)
  })
})
