/**
 * Formats bench/RESULTS.md with the repo's Biome after a bench rewrote part of it: the file is
 * checked by `biome ci` (npm test), and the sections are rendered as plain Markdown whose tables
 * Biome aligns. Without this, a fresh `pnpm bench` would leave a file the next lint rejects.
 */
import { execFileSync } from "node:child_process"
import { join } from "node:path"

export const formatResults = (repoRoot: string, file: string): void => {
  execFileSync(join(repoRoot, "node_modules/.bin/biome"), ["format", "--write", file], { stdio: "ignore" })
}
