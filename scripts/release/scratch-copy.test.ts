import { execFile } from "node:child_process"
import { mkdir, readFile, readlink, stat, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { copyRepo, gitSnapshot, linkNodeModules, listRepoFiles, makeScratchDir } from "./scratch-copy.ts"

const run = promisify(execFile)
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

const scratch = async (prefix: string) => {
  const s = await makeScratchDir(prefix)
  cleanups.push(s.remove)
  return s.dir
}

let repo: string
beforeEach(async () => {
  repo = await scratch("uc-scratch-src")
  await mkdir(join(repo, "pkg", "node_modules", "dep"), { recursive: true })
  await writeFile(join(repo, ".gitignore"), "node_modules/\ndist/\n")
  await writeFile(join(repo, "pkg", "a.ts"), "export const a = 1\n")
  await writeFile(join(repo, "pkg", "run.sh"), "#!/bin/sh\n", { mode: 0o755 })
  await writeFile(join(repo, "pkg", "node_modules", "dep", "index.js"), "")
  await gitSnapshot(repo)
  await mkdir(join(repo, "pkg", "dist"))
  await writeFile(join(repo, "pkg", "dist", "a.js"), "")
  await writeFile(join(repo, "pkg", "new.md"), "pending\n")
})

describe("listRepoFiles", () => {
  it("lists tracked and untracked-not-ignored files, never ignored ones", async () => {
    expect(await listRepoFiles(repo)).toEqual([".gitignore", "pkg/a.ts", "pkg/new.md", "pkg/run.sh"])
  })

  it("can leave untracked files out and restrict to paths", async () => {
    expect(await listRepoFiles(repo, { untracked: false, paths: ["pkg"] })).toEqual([
      "pkg/a.ts",
      "pkg/run.sh"
    ])
  })

  it("skips tracked files deleted from the working tree", async () => {
    await run("rm", [join(repo, "pkg", "a.ts")])
    expect(await listRepoFiles(repo)).not.toContain("pkg/a.ts")
  })
})

describe("copyRepo", () => {
  it("copies content and the executable bit, and nothing ignored", async () => {
    const dest = await scratch("uc-scratch-dest")
    expect(await copyRepo(repo, dest)).toBe(4)
    expect(await readFile(join(dest, "pkg", "new.md"), "utf8")).toBe("pending\n")
    expect((await stat(join(dest, "pkg", "run.sh"))).mode & 0o111).not.toBe(0)
    await expect(stat(join(dest, "pkg", "dist"))).rejects.toThrow(/ENOENT/)
    await expect(stat(join(dest, "pkg", "node_modules"))).rejects.toThrow(/ENOENT/)
  })
})

describe("linkNodeModules", () => {
  it("links the node_modules folders that exist and skips the others", async () => {
    const dest = await scratch("uc-scratch-dest")
    await linkNodeModules(repo, dest, ["pkg", "missing"])
    expect(await readlink(join(dest, "pkg", "node_modules"))).toBe(join(repo, "pkg", "node_modules"))
    await expect(stat(join(dest, "missing", "node_modules"))).rejects.toThrow(/ENOENT/)
  })
})

describe("gitSnapshot", () => {
  it("commits everything on main", async () => {
    const dir = await scratch("uc-scratch-git")
    await writeFile(join(dir, "f.txt"), "x")
    await gitSnapshot(dir, "snap")
    const { stdout } = await run("git", ["log", "--format=%s %D"], { cwd: dir })
    expect(stdout.trim()).toBe("snap HEAD -> main")
  })
})
