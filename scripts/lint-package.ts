/**
 * Package hygiene for one publishable package (run from its directory, as `lint:package`):
 * publint --strict, then @arethetypeswrong/cli on the tarball `pnpm pack` makes (so
 * `workspace:*` is resolved as on publish), with the esm-only profile (node16 from ESM, bundler).
 *
 * The tarball goes to a fresh temp dir: `attw --pack` would write it into the package directory,
 * where a concurrent pack of the same package (release dry-run, ecosystem tests) can delete it.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const run = (command: string, args: ReadonlyArray<string>): void => {
  execFileSync(command, args, { stdio: "inherit" })
}

const dir = mkdtempSync(join(tmpdir(), "uc-lint-package-"))
try {
  run("publint", ["--strict"])
  execFileSync("pnpm", ["pack", "--pack-destination", dir], { stdio: "ignore" })
  const tarball = readdirSync(dir).find((file) => file.endsWith(".tgz"))
  if (tarball === undefined) throw new Error("pnpm pack produced no tarball")
  run("attw", [join(dir, tarball), "--profile", "esm-only", "--format", "table-flipped"])
} catch (error) {
  // The tools already printed their findings; exit with their status.
  const status = (error as { status?: number }).status
  process.exitCode = typeof status === "number" && status !== 0 ? status : 1
  if (status === undefined) console.error(error)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
