import { execFile } from "node:child_process"
import { lstat, mkdir, readFile, readlink, realpath, stat, symlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { copyRepo, gitSnapshot, listRepoFiles, makeScratchDir, mirrorNodeModules } from "./scratch-copy.ts"

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

describe("mirrorNodeModules", () => {
  it("keeps workspace links relative, copies .bin shims, links the rest back, skips pnpm state", async () => {
    const nm = join(repo, "pkg", "node_modules")
    await mkdir(join(nm, "@scope"), { recursive: true })
    await mkdir(join(nm, ".bin"))
    await mkdir(join(nm, ".pnpm-task-run-state-v1"))
    await mkdir(join(repo, "lib"))
    await symlink("../../../lib", join(nm, "@scope", "lib"))
    await writeFile(join(nm, ".bin", "tool"), "#!/bin/sh\n", { mode: 0o755 })
    const dest = await scratch("uc-scratch-dest")
    await mkdir(join(dest, "lib"))

    await mirrorNodeModules(repo, dest, ["pkg", "missing"])

    const out = join(dest, "pkg", "node_modules")
    expect(await readlink(join(out, "@scope", "lib"))).toBe("../../../lib")
    expect(await realpath(join(out, "@scope", "lib"))).toBe(await realpath(join(dest, "lib")))
    expect((await lstat(join(out, ".bin", "tool"))).isFile()).toBe(true)
    expect((await stat(join(out, ".bin", "tool"))).mode & 0o111).not.toBe(0)
    expect(await readlink(join(out, "dep"))).toBe(join(nm, "dep"))
    await expect(lstat(join(out, ".pnpm-task-run-state-v1"))).rejects.toThrow(/ENOENT/)
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
