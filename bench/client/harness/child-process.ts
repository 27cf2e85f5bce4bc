/** Runs one suite as a child process of any runtime and reads the JSON it writes. */
import { spawn } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { benchRoot, repoRoot, workDir } from "./paths.ts"

/** The repo's pinned binary for `name` (bun, deno) when installed, else whatever PATH has. */
export const binary = (name: string): string => {
  const local = join(repoRoot, "node_modules/.bin", name)
  return existsSync(local) ? local : name
}

/**
 * Spawns `command args… <config-json>` in bench/, lets its stderr through, and parses the file
 * it writes. Fails on a non-zero exit or after `timeoutMs`.
 */
export const runSuite = async <A>(
  label: string,
  command: string,
  args: ReadonlyArray<string>,
  config: Readonly<Record<string, unknown>>,
  timeoutMs: number
): Promise<A> => {
  const out = join(workDir, `${label}.json`)
  rmSync(out, { force: true })
  const json = JSON.stringify({ ...config, out })
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, [...args, json], { cwd: benchRoot, stdio: ["ignore", "inherit", "inherit"] })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${label}: timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`${label}: exited with ${code ?? signal}`))
    })
  })
  return JSON.parse(readFileSync(out, "utf8")) as A
}
