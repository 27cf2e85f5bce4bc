/**
 * Reading the changesets config and writing changeset files, in the format `changeset add`
 * writes (YAML front matter naming package bumps, then a markdown summary).
 */
import { readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type { Bump } from "./bump-policy.ts"

/**
 * The `fixed` group from `.changeset/config.json` that contains `member`, in config order.
 * A package in no group stands alone, so the answer is then `[member]`.
 */
export const readFixedGroup = async (root: string, member: string): Promise<ReadonlyArray<string>> => {
  const config: unknown = JSON.parse(await readFile(join(root, ".changeset", "config.json"), "utf8"))
  const fixed = typeof config === "object" && config !== null && "fixed" in config ? config.fixed : []
  if (Array.isArray(fixed)) {
    for (const group of fixed) {
      if (Array.isArray(group) && group.includes(member)) return group.filter((p) => typeof p === "string")
    }
  }
  return [member]
}

/** The text of a changeset that bumps each package by its bump, in the order given. */
export const renderChangeset = (
  bumps: ReadonlyArray<readonly [name: string, bump: Bump]>,
  summary: string
): string => {
  if (bumps.length === 0) throw new Error("a changeset needs at least one package")
  const front = bumps.map(([name, bump]) => `${JSON.stringify(name)}: ${bump}`).join("\n")
  return `---\n${front}\n---\n\n${summary.trim()}\n`
}

/**
 * Writes `.changeset/<name>.md` and returns its path. Never overwrites: an existing file with that
 * name is somebody's pending changeset.
 */
export const writeChangeset = async (root: string, name: string, text: string): Promise<string> => {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bad changeset name: ${JSON.stringify(name)}`)
  const path = join(root, ".changeset", `${name}.md`)
  await writeFile(path, text, { flag: "wx" })
  return path
}
