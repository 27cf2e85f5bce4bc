import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The repo root: the CLIs run from there, as `pnpm spec:*` runs them. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url))

/** A fixture's path relative to the repo root. */
export const fixture = (name: string): string => `spec/fixtures/${name}`

/** Result of one CLI run. */
export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node spec/src/cli/<tool>.ts ...args` from the repo root, for real. */
export const runTool = (
  tool: "validate" | "sync" | "diff",
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {}
): CliRun => {
  const r = spawnSync(process.execPath, [`spec/src/cli/${tool}.ts`, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env }
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
