import { execFile } from "node:child_process"
import { access, mkdir, readdir } from "node:fs/promises"
import { join, resolve } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

/** Repository root (this file is scripts/ecosystem/pack.ts). */
export const repoRoot = resolve(import.meta.dirname, "../..")

/** The published packages the scratch projects install, by short name. */
export const packed = ["core", "node", "bun", "deno"] as const
export type PackedName = (typeof packed)[number]

/** Absolute tarball path per short package name. */
export type Tarballs = Readonly<Record<PackedName, string>>

/** npm's tarball naming for a scoped package: `@uc-conversation/core@1.2.3` -> `uc-conversation-core-1.2.3.tgz`. */
const tarballName = /^uc-conversation-(core|node|bun|deno)-(\d+\.\d+\.\d+.*)\.tgz$/

/** Packs each package with `pnpm pack` (which rewrites `workspace:*` to real versions) into `dir`. */
export const packWorkspace = async (dir: string): Promise<Tarballs> => {
  await mkdir(dir, { recursive: true })
  for (const name of packed) {
    const dist = join(repoRoot, "packages", name, "dist")
    await access(dist).catch(() => {
      throw new Error(`packages/${name}/dist is missing: build first (pnpm turbo run build)`)
    })
  }
  // Sequential: concurrent pnpm invocations in one workspace contend for the same lock files.
  for (const name of packed) {
    await run("pnpm", ["pack", "--pack-destination", dir], { cwd: join(repoRoot, "packages", name) })
  }
  return readTarballs(dir)
}

/** Finds one tarball per package in `dir` (as written by `pnpm pack` or `changeset pack`). */
export const readTarballs = async (dir: string): Promise<Tarballs> => {
  const found: Partial<Record<PackedName, string>> = {}
  for (const file of await readdir(dir)) {
    const match = tarballName.exec(file)
    if (match === null) continue
    const name = match[1] as PackedName
    if (found[name] !== undefined) throw new Error(`two tarballs for ${name} in ${dir}`)
    found[name] = resolve(dir, file)
  }
  const missing = packed.filter((name) => found[name] === undefined)
  if (missing.length > 0) throw new Error(`no tarball for ${missing.join(", ")} in ${dir}`)
  return found as Tarballs
}
