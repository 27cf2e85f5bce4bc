import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parse } from "yaml"
import { toYaml, writeFileAtomic } from "./serialize.ts"

const scratch = mkdtempSync(join(tmpdir(), "uc-spec-serialize-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const LONG = Array.from({ length: 20 }, () => "a long description").join(" ")

describe("toYaml", () => {
  const doc = {
    openapi: "3.1.0",
    "x-uc-default-headers": { "X-UltraCart-Api-Version": "2017-03-01" },
    description: `${LONG}\n`,
    flag: "yes"
  }

  it("starts with the header comment and round-trips to the same data", () => {
    const text = toYaml(doc)
    expect(text.startsWith("# UltraCart ConversationApi, OpenAPI 3.1.\n")).toBe(true)
    expect(parse(text)).toEqual(doc)
  })

  it("quotes strings a YAML 1.1 reader would turn into dates or booleans", () => {
    const text = toYaml(doc)
    expect(text).toContain('X-UltraCart-Api-Version: "2017-03-01"')
    expect(text).toContain('flag: "yes"')
  })

  it("never folds long lines, so descriptions stay verbatim", () => {
    expect(toYaml(doc)).toContain(`description: |\n  ${LONG}\n`)
  })
})

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary file behind", async () => {
    const file = join(scratch, "spec.yaml")
    writeFileSync(file, "old")
    await writeFileAtomic(file, "new")
    expect(readFileSync(file, "utf8")).toBe("new")
    expect(readdirSync(scratch)).toEqual(["spec.yaml"])
  })

  it("fails without writing anything when the directory does not exist", async () => {
    const file = join(scratch, "missing-dir", "spec.yaml")
    await expect(writeFileAtomic(file, "x")).rejects.toThrow(/ENOENT/)
    expect(existsSync(join(scratch, "missing-dir"))).toBe(false)
  })
})
