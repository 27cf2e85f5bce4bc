import { randomBytes } from "node:crypto"
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises"
import { dirname, join, relative, sep } from "node:path"
import { createTwoFilesPatch } from "diff"
import type { RenderedFiles } from "../emit/emit.ts"

/** What a write (or a check) found, per relative path. */
export interface WriteReport {
  readonly written: ReadonlyArray<string>
  readonly unchanged: ReadonlyArray<string>
  /** Files the generator owns (`*.gen.ts`, api.md) that the new output no longer has. */
  readonly removed: ReadonlyArray<string>
}

/** Result of `--check`: the drift as a unified diff, empty when the output is current. */
export interface CheckReport {
  readonly changed: ReadonlyArray<string>
  readonly missing: ReadonlyArray<string>
  readonly extra: ReadonlyArray<string>
  readonly diff: string
}

const isOwned = (path: string): boolean => path.endsWith(".gen.ts") || path === "api.md"

const listFiles = async (root: string): Promise<Array<string>> => {
  const out: Array<string> = []
  const walk = async (dir: string): Promise<void> => {
    let entries: Array<import("node:fs").Dirent>
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return
      throw cause
    }
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join("/"))
    }
  }
  await walk(root)
  return out.sort()
}

const readIfExists = async (path: string): Promise<string | undefined> => {
  try {
    return await readFile(path, "utf8")
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw cause
  }
}

/** Compares rendered files with `outDir` without touching it. */
export const checkOutput = async (outDir: string, files: RenderedFiles): Promise<CheckReport> => {
  const existing = new Set((await listFiles(outDir)).filter(isOwned))
  const changed: Array<string> = []
  const missing: Array<string> = []
  const patches: Array<string> = []
  for (const [path, content] of files) {
    const current = await readIfExists(join(outDir, path))
    if (current === undefined) {
      missing.push(path)
      patches.push(createTwoFilesPatch("/dev/null", `b/${path}`, "", content))
    } else if (current !== content) {
      changed.push(path)
      patches.push(createTwoFilesPatch(`a/${path}`, `b/${path}`, current, content))
    }
  }
  const extra = [...existing].filter((p) => !files.has(p))
  for (const path of extra) {
    patches.push(
      createTwoFilesPatch(`a/${path}`, "/dev/null", (await readIfExists(join(outDir, path))) ?? "", "")
    )
  }
  return { changed, missing, extra, diff: patches.join("") }
}

/**
 * Writes rendered files into `outDir`, only those whose bytes differ. Every new file is first
 * written beside its target under a temporary name; only when all of them are on disk are they
 * renamed into place, so a failure leaves `outDir` as it was. A missing `outDir` is built as a
 * temporary sibling directory and renamed in one step.
 */
export const writeOutput = async (outDir: string, files: RenderedFiles): Promise<WriteReport> => {
  const suffix = `.uc-generate-${process.pid}-${randomBytes(4).toString("hex")}`
  const existingFiles = await listFiles(outDir)
  const exists =
    existingFiles.length > 0 ||
    (await readdir(outDir).then(
      () => true,
      () => false
    ))
  if (!exists) {
    const staging = `${outDir}${suffix}`
    try {
      for (const [path, content] of files) {
        await mkdir(dirname(join(staging, path)), { recursive: true })
        await writeFile(join(staging, path), content)
      }
      await mkdir(dirname(outDir), { recursive: true })
      await rename(staging, outDir)
    } catch (cause) {
      await rm(staging, { recursive: true, force: true })
      throw cause
    }
    return { written: [...files.keys()], unchanged: [], removed: [] }
  }
  const written: Array<string> = []
  const unchanged: Array<string> = []
  const staged: Array<[string, string]> = []
  try {
    for (const [path, content] of files) {
      const target = join(outDir, path)
      if ((await readIfExists(target)) === content) {
        unchanged.push(path)
        continue
      }
      await mkdir(dirname(target), { recursive: true })
      await writeFile(`${target}${suffix}`, content)
      staged.push([`${target}${suffix}`, target])
      written.push(path)
    }
  } catch (cause) {
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })))
    throw cause
  }
  for (const [temp, target] of staged) await rename(temp, target)
  const removed = existingFiles.filter((p) => isOwned(p) && !files.has(p))
  for (const path of removed) await rm(join(outDir, path), { force: true })
  return { written, unchanged, removed }
}
