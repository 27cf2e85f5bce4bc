/** The workspace's packages as pnpm sees them, and which of them get published. */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { check } from "./exec.ts"

/** One workspace package. */
export interface WorkspacePackage {
  readonly name: string
  readonly version: string
  readonly private: boolean
  /** Absolute folder. */
  readonly dir: string
  readonly scripts: Readonly<Record<string, string>>
}

/** Every package of the pnpm workspace at `root` (the root package excluded), sorted by name. */
export const listWorkspacePackages = async (root: string): Promise<ReadonlyArray<WorkspacePackage>> => {
  const { stdout } = await check(["pnpm", "ls", "-r", "--depth", "-1", "--json"], { cwd: root })
  const listed: Array<{ path: string }> = JSON.parse(stdout)
  const packages: Array<WorkspacePackage> = []
  for (const { path } of listed) {
    if (path === root) continue
    const manifest = JSON.parse(await readFile(join(path, "package.json"), "utf8"))
    packages.push({
      name: manifest.name,
      version: manifest.version,
      private: manifest.private === true,
      dir: path,
      scripts: manifest.scripts ?? {}
    })
  }
  return packages.sort((a, b) => a.name.localeCompare(b.name))
}

/** The packages changesets publishes: every one that is not private. */
export const publishable = (packages: ReadonlyArray<WorkspacePackage>): ReadonlyArray<WorkspacePackage> =>
  packages.filter((p) => !p.private)
