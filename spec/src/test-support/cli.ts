import { spawn } from "node:child_process"
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

/** Runs `node spec/src/cli/<tool>.ts ...args` from the repo root, for real, without blocking other tests. */
export const runTool = (
  tool: "validate" | "sync" | "diff",
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {}
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [`spec/src/cli/${tool}.ts`, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    proc.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s))
    proc.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    proc.on("error", reject)
    proc.on("close", (status) => resolve({ status, stdout, stderr }))
  })
