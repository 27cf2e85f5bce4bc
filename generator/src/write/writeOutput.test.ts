import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { scratchDir } from "../../test/support.ts"
import { checkOutput, writeOutput } from "./writeOutput.ts"

const files = (entries: Record<string, string>): ReadonlyMap<string, string> =>
  new Map(Object.entries(entries))

const snapshotDir = async (dir: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name)
      out[full.slice(dir.length + 1)] = await readFile(full, "utf8")
    }
  }
  return out
}

describe("writeOutput", () => {
  it("creates a missing directory in one step and leaves no temporary files", async () => {
    const root = await scratchDir("write-new")
    const out = join(root, "generated")
    const report = await writeOutput(out, files({ "a.gen.ts": "a\n", "ops/b.gen.ts": "b\n" }))
    expect(report.written).toStrictEqual(["a.gen.ts", "ops/b.gen.ts"])
    expect(await snapshotDir(out)).toStrictEqual({ "a.gen.ts": "a\n", "ops/b.gen.ts": "b\n" })
    expect(await readdir(root)).toStrictEqual(["generated"])
  })

  it("rewrites only files whose bytes changed, and removes generated files no longer produced", async () => {
    const out = join(await scratchDir("write-diff"), "generated")
    await writeOutput(out, files({ "a.gen.ts": "a\n", "b.gen.ts": "b\n", "stale.gen.ts": "old\n" }))
    await writeFile(join(out, "notes.txt"), "kept: not generator-owned\n")
    const before = await stat(join(out, "a.gen.ts"))
    const report = await writeOutput(out, files({ "a.gen.ts": "a\n", "b.gen.ts": "b2\n" }))
    expect(report).toStrictEqual({
      written: ["b.gen.ts"],
      unchanged: ["a.gen.ts"],
      removed: ["stale.gen.ts"]
    })
    expect((await stat(join(out, "a.gen.ts"))).mtimeMs).toBe(before.mtimeMs)
    expect(await snapshotDir(out)).toStrictEqual({
      "a.gen.ts": "a\n",
      "b.gen.ts": "b2\n",
      "notes.txt": "kept: not generator-owned\n"
    })
  })

  it("changes nothing when one file cannot be written", async () => {
    const out = join(await scratchDir("write-fail"), "generated")
    await writeOutput(out, files({ "a.gen.ts": "a\n", blocker: "a file where a directory is needed\n" }))
    const before = await snapshotDir(out)
    // "a.gen.ts" sorts first and would be written; "blocker/x.gen.ts" cannot be created.
    await expect(
      writeOutput(out, files({ "a.gen.ts": "changed\n", "blocker/x.gen.ts": "x\n" }))
    ).rejects.toThrow()
    expect(await snapshotDir(out)).toStrictEqual(before)
  })

  it("check reports changed, missing and extra files as a unified diff without writing", async () => {
    const out = join(await scratchDir("check"), "generated")
    await mkdir(out, { recursive: true })
    await writeFile(join(out, "a.gen.ts"), "one\ntwo\n")
    await writeFile(join(out, "extra.gen.ts"), "left over\n")
    const report = await checkOutput(out, files({ "a.gen.ts": "one\nthree\n", "new.gen.ts": "n\n" }))
    expect(report.changed).toStrictEqual(["a.gen.ts"])
    expect(report.missing).toStrictEqual(["new.gen.ts"])
    expect(report.extra).toStrictEqual(["extra.gen.ts"])
    expect(report.diff).toContain("--- a/a.gen.ts\n+++ b/a.gen.ts\n")
    expect(report.diff).toContain("-two\n+three\n")
    expect(report.diff).toContain("+++ b/new.gen.ts")
    expect(report.diff).toContain("-left over")
    expect(await readFile(join(out, "a.gen.ts"), "utf8")).toBe("one\ntwo\n")
    const clean = await checkOutput(out, files({ "a.gen.ts": "one\ntwo\n", "extra.gen.ts": "left over\n" }))
    expect(clean.diff).toBe("")
  })
})
