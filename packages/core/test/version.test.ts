/**
 * The User-Agent's version: package.json's, stamped into the built package by
 * `scripts/stamp-version.ts` (source carries a placeholder no release edits). The stamp is tested
 * on the source module's text, not on dist/, which core's own build may be writing meanwhile.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { stampVersion } from "../scripts/stamp-version.ts"
import { defaultUserAgent } from "../src/runtime/config.ts"
import { packageVersion } from "../src/runtime/version.ts"

const source = readFileSync(fileURLToPath(new URL("../src/runtime/version.ts", import.meta.url)), "utf8")

describe("User-Agent version", () => {
  it("is the package version, never a literal of its own", () => {
    expect(defaultUserAgent).toBe(`uc-conversation-core/${packageVersion}`)
    expect(packageVersion).toBe("0.0.0-source")
  })

  it("the build stamps package.json's version in place of the placeholder", () => {
    const stamped = stampVersion(source, "1.2.3")
    expect(stamped).toMatch(/export const packageVersion(: string)? = "1\.2\.3"/)
    expect(stamped).not.toMatch(/packageVersion(: string)? = "0\.0\.0-source"/)
  })

  it("refuses a module without exactly one placeholder, or an empty version", () => {
    expect(() => stampVersion("export const other = 1", "1.2.3")).toThrow(/exactly one/)
    expect(() => stampVersion(`${source}\n${source}`, "1.2.3")).toThrow(/exactly one/)
    expect(() => stampVersion(source, "")).toThrow(/no version/)
  })
})
