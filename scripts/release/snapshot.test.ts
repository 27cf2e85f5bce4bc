import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { capture, changedFiles, restore } from "./snapshot.ts"

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "uc-snapshot-"))
  await mkdir(join(dir, "gen", "ops"), { recursive: true })
  await writeFile(join(dir, "spec.yaml"), "v1\n")
  await writeFile(join(dir, "gen", "a.ts"), "a1\n")
  await writeFile(join(dir, "gen", "ops", "b.ts"), "b1\n")
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe("capture and restore", () => {
  it("puts files and folders back exactly, dropping files added since", async () => {
    const snap = await capture([join(dir, "spec.yaml"), join(dir, "gen")])
    await writeFile(join(dir, "spec.yaml"), "v2\n")
    await writeFile(join(dir, "gen", "a.ts"), "half-writ")
    await rm(join(dir, "gen", "ops", "b.ts"))
    await writeFile(join(dir, "gen", "ops", "c.ts"), "new\n")

    await restore(snap)

    expect(await readFile(join(dir, "spec.yaml"), "utf8")).toBe("v1\n")
    expect(await readFile(join(dir, "gen", "a.ts"), "utf8")).toBe("a1\n")
    expect((await readdir(join(dir, "gen", "ops"))).sort()).toEqual(["b.ts"])
  })

  it("removes a path that did not exist when captured", async () => {
    const snap = await capture([join(dir, "later.md")])
    await writeFile(join(dir, "later.md"), "x")
    await restore(snap)
    await expect(readFile(join(dir, "later.md"))).rejects.toThrow(/ENOENT/)
  })
})

describe("changedFiles", () => {
  it("lists changed, added and removed files, and nothing else", async () => {
    const snap = await capture([join(dir, "spec.yaml"), join(dir, "gen")])
    expect(await changedFiles(snap)).toEqual([])
    await writeFile(join(dir, "gen", "a.ts"), "a2\n")
    await rm(join(dir, "gen", "ops", "b.ts"))
    await writeFile(join(dir, "gen", "ops", "c.ts"), "c\n")
    expect(await changedFiles(snap)).toEqual([
      join(dir, "gen", "a.ts"),
      join(dir, "gen", "ops", "b.ts"),
      join(dir, "gen", "ops", "c.ts")
    ])
  })
})
