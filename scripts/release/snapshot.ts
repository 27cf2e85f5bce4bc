/**
 * In-memory snapshots of files and folders, so a multi-step change (spec + generated client) can be
 * put back exactly as it was when a later step fails: nothing is left half-written.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises"
import { dirname, join, relative } from "node:path"

/** One captured path: a file's bytes, a folder's files (by relative path), or absence. */
type Entry =
  | { readonly kind: "missing" }
  | { readonly kind: "file"; readonly bytes: Buffer }
  | { readonly kind: "dir"; readonly files: ReadonlyMap<string, Buffer> }

/** What {@link capture} recorded; give it back to {@link restore} or {@link changedFiles}. */
export interface Snapshot {
  readonly entries: ReadonlyMap<string, Entry>
}

const walk = async (
  dir: string,
  base = dir,
  out = new Map<string, Buffer>()
): Promise<Map<string, Buffer>> => {
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, dirent.name)
    if (dirent.isDirectory()) await walk(path, base, out)
    else if (dirent.isFile()) out.set(relative(base, path), await readFile(path))
  }
  return out
}

const read = async (path: string): Promise<Entry> => {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) return { kind: "missing" }
  if (info.isDirectory()) return { kind: "dir", files: await walk(path) }
  return { kind: "file", bytes: await readFile(path) }
}

/** Records the current content of each path (absolute). */
export const capture = async (paths: ReadonlyArray<string>): Promise<Snapshot> => {
  const entries = new Map<string, Entry>()
  for (const path of paths) entries.set(path, await read(path))
  return { entries }
}

/** Puts every captured path back as it was: folders get exactly their old files, no more. */
export const restore = async (snapshot: Snapshot): Promise<void> => {
  for (const [path, entry] of snapshot.entries) {
    await rm(path, { recursive: true, force: true })
    if (entry.kind === "file") {
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, entry.bytes)
    } else if (entry.kind === "dir") {
      await mkdir(path, { recursive: true })
      for (const [file, bytes] of entry.files) {
        await mkdir(dirname(join(path, file)), { recursive: true })
        await writeFile(join(path, file), bytes)
      }
    }
  }
}

/** Paths (absolute) that differ now from the snapshot: changed, added or removed files. */
export const changedFiles = async (snapshot: Snapshot): Promise<ReadonlyArray<string>> => {
  const changed: Array<string> = []
  for (const [path, before] of snapshot.entries) {
    const after = await read(path)
    const flat = (e: Entry): Map<string, Buffer> =>
      e.kind === "file" ? new Map([["", e.bytes]]) : e.kind === "dir" ? new Map(e.files) : new Map()
    const a = flat(before)
    const b = flat(after)
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key)
      const y = b.get(key)
      if (x === undefined || y === undefined || !x.equals(y))
        changed.push(key === "" ? path : join(path, key))
    }
  }
  return changed.sort()
}
