import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdir, writeFile } from "node:fs/promises"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type { CliIo } from "../src/cli.ts"

/** generator/ */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
/** The monorepo root. */
export const repoRoot = resolve(packageRoot, "..")
/** The core runtime contract the generated code imports. */
export const contractPath = join(repoRoot, "packages/core/src/runtime/contract.ts")

/** Path of a fixture spec under test/fixtures. */
export const fixture = (name: string): string => join(packageRoot, "test/fixtures", name)

/**
 * A fresh directory inside the repository (generator/.tmp is git-ignored), so generated code
 * resolves `effect` and the core contract like the real output does.
 */
export const scratchDir = async (label: string): Promise<string> => {
  const dir = join(packageRoot, ".tmp", "test", `${label}-${randomBytes(4).toString("hex")}`)
  await mkdir(dir, { recursive: true })
  return dir
}

/** Writes rendered files (relative path → contents) under `dir`. */
export const writeFiles = async (dir: string, files: ReadonlyMap<string, string>): Promise<void> => {
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
}

/** The `--runtime-import` that points an output directory at the core contract. */
export const runtimeImportFor = (outDir: string): string => {
  const path = relative(outDir, contractPath).split("\\").join("/")
  return path.startsWith(".") ? path : `./${path}`
}

/** Type-checks the TypeScript under `dir` with the repo's strict settings (tsc 7). */
export const typecheck = async (dir: string): Promise<{ readonly code: number; readonly output: string }> => {
  const config = join(dir, "tsconfig.json")
  await writeFile(
    config,
    JSON.stringify({
      extends: relative(dir, join(repoRoot, "tsconfig.base.json")).split("\\").join("/"),
      compilerOptions: { noEmit: true },
      include: ["**/*.ts"]
    })
  )
  return new Promise((done) => {
    execFile(
      join(repoRoot, "node_modules/.bin/tsc"),
      ["-p", config],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({
          code: error === null ? 0 : typeof error.code === "number" ? error.code : 1,
          output: `${stdout}${stderr}`
        })
      }
    )
  })
}

/** A CLI io that records what the CLI prints. */
export const recordingIo = (): CliIo & { readonly stdout: () => string; readonly stderr: () => string } => {
  let out = ""
  let err = ""
  return {
    out: (text) => {
      out += text
    },
    err: (text) => {
      err += text
    },
    stdout: () => out,
    stderr: () => err
  }
}
