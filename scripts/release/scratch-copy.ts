/**
 * Scratch copies of the repository, so release rehearsals and the fixture tests never touch the
 * working tree. Only the files git knows about are copied (never node_modules, dist or caches).
 */
import { execFile } from "node:child_process"
import { copyFile, mkdir, mkdtemp, readdir, readlink, rm, stat, symlink } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

/** Options of {@link copyRepo}. */
export interface CopyOptions {
  /** Limit the copy to these repo-relative paths (files or folders). Default: everything. */
  readonly paths?: ReadonlyArray<string>
  /**
   * Also copy untracked files that .gitignore does not exclude (a changeset not committed yet,
   * a package being written). Default true: the rehearsal should see what the maintainer sees.
   */
  readonly untracked?: boolean
}

/** The repo-relative files {@link copyRepo} copies, sorted. Files deleted from the tree are left out. */
export const listRepoFiles = async (
  root: string,
  options: CopyOptions = {}
): Promise<ReadonlyArray<string>> => {
  const args = ["ls-files", "-z", "--cached"]
  if (options.untracked ?? true) args.push("--others", "--exclude-standard")
  if (options.paths !== undefined) args.push("--", ...options.paths)
  const { stdout } = await run("git", args, { cwd: root, maxBuffer: 64 * 1024 * 1024 })
  const listed = [...new Set(stdout.split("\0").filter((f) => f !== ""))].sort()
  const present = await Promise.all(
    listed.map((f) =>
      stat(join(root, f)).then(
        (s) => s.isFile(),
        () => false
      )
    )
  )
  return listed.filter((_, i) => present[i])
}

/** Copies the files git knows about from `root` into `dest` (created if missing), keeping modes. */
export const copyRepo = async (root: string, dest: string, options: CopyOptions = {}): Promise<number> => {
  const files = await listRepoFiles(root, options)
  const dirs = new Set(files.map((f) => dirname(join(dest, f))))
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true })
  // Bounded batches: thousands of parallel copies would exhaust file descriptors.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map((f) => copyFile(join(root, f), join(dest, f))))
  }
  return files.length
}

// pnpm's per-run state and tool caches belong to the original install; pnpm refuses to share them.
const privateState = /^\.(pnpm-|vite|vitest|cache)/

const mirrorEntries = async (src: string, dest: string): Promise<void> => {
  await mkdir(dest, { recursive: true })
  for (const entry of await readdir(src, { withFileTypes: true })) {
    if (privateState.test(entry.name)) continue
    const from = join(src, entry.name)
    const to = join(dest, entry.name)
    if (entry.isSymbolicLink()) await symlink(await readlink(from), to)
    else if (entry.isDirectory() && (entry.name === ".bin" || entry.name.startsWith("@")))
      await mirrorEntries(from, to)
    else if (entry.isFile() && basename(src) === ".bin") await copyFile(from, to)
    else await symlink(from, to)
  }
}

/**
 * Gives `dest/<dir>` a `node_modules` that mirrors `root/<dir>/node_modules` ("" is the root), so a
 * partial copy runs without an install and stays self-contained:
 * - links are recreated with the same target, so pnpm's relative workspace links
 *   (`@uc-conversation/generator -> ../../../../generator`) point into the copy;
 * - `.bin` shims are copied, so their relative paths resolve inside the copy too;
 * - everything else (the `.pnpm` store, real folders) is linked back to the original.
 * A real folder rather than one link, because pnpm refuses a linked node_modules.
 */
export const mirrorNodeModules = async (
  root: string,
  dest: string,
  dirs: ReadonlyArray<string>
): Promise<void> => {
  for (const dir of dirs) {
    const source = join(root, dir, "node_modules")
    const present = await stat(source).then(
      () => true,
      () => false
    )
    if (present) await mirrorEntries(source, join(dest, dir, "node_modules"))
  }
}

/** Makes `dir` a git repository on branch main with everything in it committed (tools that read git history need one). */
export const gitSnapshot = async (dir: string, message = "scratch snapshot"): Promise<void> => {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "uc-release",
    GIT_AUTHOR_EMAIL: "uc-release@localhost",
    GIT_COMMITTER_NAME: "uc-release",
    GIT_COMMITTER_EMAIL: "uc-release@localhost"
  }
  await run("git", ["init", "-q", "-b", "main"], { cwd: dir, env })
  await run("git", ["add", "-A"], { cwd: dir, env })
  await run("git", ["commit", "-q", "--no-verify", "--no-gpg-sign", "-m", message], { cwd: dir, env })
}

/** A fresh directory under the OS temp dir, and a function that removes it. */
export const makeScratchDir = async (
  prefix: string
): Promise<{ readonly dir: string; readonly remove: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}
