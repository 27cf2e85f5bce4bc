import { randomBytes } from "node:crypto"
import { type Dirent, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, sep } from "node:path"
import type { RenderedFiles } from "../emit/emit.ts"

// The file system is used synchronously: a generation writes a few hundred small files, one
// after another, and a promise per call (a thread-pool round trip each) cost more than the writes.

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

const listFiles = (root: string): Array<string> => {
  const out: Array<string> = []
  const walk = (dir: string): void => {
    let entries: Array<Dirent>
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return
      throw cause
    }
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile()) out.push(relative(root, full).split(sep).join("/"))
    }
  }
  walk(root)
  return out.sort()
}

const readIfExists = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8")
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw cause
  }
}

const isDirectory = (path: string): boolean => {
  try {
    readdirSync(path)
    return true
  } catch {
    return false
  }
}

/** Compares rendered files with `outDir` without touching it. */
export const checkOutput = async (outDir: string, files: RenderedFiles): Promise<CheckReport> => {
  // Loaded only here: a generation that checks nothing needs no diff.
  const { createTwoFilesPatch } = await import("diff")
  const existing = new Set(listFiles(outDir).filter(isOwned))
  const changed: Array<string> = []
  const missing: Array<string> = []
  const patches: Array<string> = []
  for (const [path, content] of files) {
    const current = readIfExists(join(outDir, path))
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
    patches.push(createTwoFilesPatch(`a/${path}`, "/dev/null", readIfExists(join(outDir, path)) ?? "", ""))
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
  const existingFiles = listFiles(outDir)
  const exists = existingFiles.length > 0 || isDirectory(outDir)
  if (!exists) {
    const staging = `${outDir}${suffix}`
    try {
      for (const [path, content] of files) {
        mkdirSync(dirname(join(staging, path)), { recursive: true })
        writeFileSync(join(staging, path), content)
      }
      mkdirSync(dirname(outDir), { recursive: true })
      renameSync(staging, outDir)
    } catch (cause) {
      rmSync(staging, { recursive: true, force: true })
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
      if (readIfExists(target) === content) {
        unchanged.push(path)
        continue
      }
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(`${target}${suffix}`, content)
      staged.push([`${target}${suffix}`, target])
      written.push(path)
    }
  } catch (cause) {
    for (const [temp] of staged) rmSync(temp, { force: true })
    throw cause
  }
  for (const [temp, target] of staged) renameSync(temp, target)
  const removed = existingFiles.filter((p) => isOwned(p) && !files.has(p))
  for (const path of removed) rmSync(join(outDir, path), { force: true })
  return { written, unchanged, removed }
}
