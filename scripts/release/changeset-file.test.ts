import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { readFixedGroup, renderChangeset, writeChangeset } from "./changeset-file.ts"

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "uc-changeset-file-"))
  await mkdir(join(root, ".changeset"))
  await writeFile(
    join(root, ".changeset", "config.json"),
    JSON.stringify({ fixed: [["@x/a"], ["@x/core", "@x/node", "@x/bun"]] })
  )
})
afterEach(() => rm(root, { recursive: true, force: true }))

describe("readFixedGroup", () => {
  it("returns the whole group that holds the package", async () => {
    expect(await readFixedGroup(root, "@x/node")).toEqual(["@x/core", "@x/node", "@x/bun"])
  })

  it("returns the package alone when it is in no group", async () => {
    expect(await readFixedGroup(root, "@x/generator")).toEqual(["@x/generator"])
  })
})

describe("renderChangeset", () => {
  it("writes front matter the way changeset add does", () => {
    expect(
      renderChangeset(
        [
          ["@x/core", "minor"],
          ["@x/node", "minor"],
          ["@x/mock", "patch"]
        ],
        "\nBreaking: gone.\n\n"
      )
    ).toBe('---\n"@x/core": minor\n"@x/node": minor\n"@x/mock": patch\n---\n\nBreaking: gone.\n')
  })

  it("refuses an empty package list", () => {
    expect(() => renderChangeset([], "x")).toThrow(/at least one package/)
  })
})

describe("writeChangeset", () => {
  it("writes .changeset/<name>.md", async () => {
    const path = await writeChangeset(root, "spec-2026-11-24-abc123", "text\n")
    expect(path).toBe(join(root, ".changeset", "spec-2026-11-24-abc123.md"))
    expect(await readFile(path, "utf8")).toBe("text\n")
  })

  it("never overwrites a pending changeset", async () => {
    await writeChangeset(root, "same", "first\n")
    await expect(writeChangeset(root, "same", "second\n")).rejects.toThrow(/EEXIST/)
    expect(await readFile(join(root, ".changeset", "same.md"), "utf8")).toBe("first\n")
  })

  it("refuses names that could escape .changeset/", async () => {
    await expect(writeChangeset(root, "../evil", "x")).rejects.toThrow(/bad changeset name/)
  })
})
