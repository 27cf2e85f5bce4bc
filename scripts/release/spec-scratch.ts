/**
 * The smallest self-contained copy of the repository `spec:update` can run in: the root manifests,
 * spec/, generator/, packages/core/ and this folder, committed to a throwaway git repository so a
 * test can ask git what changed.
 */
import { appendFile } from "node:fs/promises"
import { join } from "node:path"
import { copyRepo, gitSnapshot, makeScratchDir, mirrorNodeModules } from "./scratch-copy.ts"

/** What a spec:update run needs from the repository. */
export const specUpdatePaths: ReadonlyArray<string> = [
  "package.json",
  "pnpm-workspace.yaml",
  "pnpm-lock.yaml",
  "turbo.json",
  "tsconfig.base.json",
  ".gitignore",
  // the config only: pending changesets of the real repository would change what a test's own
  // changeset bumps the versions to
  ".changeset/config.json",
  "spec",
  "generator",
  "packages/core",
  // manifests only: changesets and pnpm resolve the fixed group and core's workspace devDependencies
  "packages/node/package.json",
  "packages/bun/package.json",
  "packages/deno/package.json",
  "packages/mock-server/package.json",
  "scripts/release",
  // root scripts run through it (`pnpm run generate`)
  "scripts/run.sh"
]

const withNodeModules = ["", "spec", "generator", "packages/core", "scripts/release"]

/** A scratch copy of `root` for spec:update, and a function that removes it. */
export const makeSpecScratch = async (
  root: string
): Promise<{ readonly dir: string; readonly remove: () => Promise<void> }> => {
  const scratch = await makeScratchDir("uc-spec-update")
  await copyRepo(root, scratch.dir, { paths: specUpdatePaths })
  // The copy's node_modules mirror the original install; pnpm must not try to "fix" them (through
  // the mirrored links that would write into the original), so no install before scripts.
  await appendFile(join(scratch.dir, "pnpm-workspace.yaml"), "\nverifyDepsBeforeRun: false\n")
  await gitSnapshot(scratch.dir)
  await mirrorNodeModules(root, scratch.dir, withNodeModules)
  return scratch
}
