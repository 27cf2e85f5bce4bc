import { execFile } from "node:child_process"
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { defaultLintFlags, hasTypedEntrypoint, lintFlagsOf, lintTarball } from "./package-lint.ts"

const run = promisify(execFile)
const root = resolve(import.meta.dirname, "../..")

describe("lintFlagsOf", () => {
  it("reads the flags out of the package's own lint:package script", () => {
    expect(lintFlagsOf({ "lint:package": "publint --strict && attw --pack . --profile esm-only" })).toEqual({
      publint: ["--strict"],
      attw: ["--profile", "esm-only"]
    })
    expect(
      lintFlagsOf({ "lint:package": "publint run --level warning && attw -P . --profile node16" })
    ).toEqual({
      publint: ["--level", "warning"],
      attw: ["--profile", "node16"]
    })
  })

  it("falls back to the strict defaults", () => {
    expect(lintFlagsOf({ build: "tsc" })).toEqual(defaultLintFlags)
    expect(lintFlagsOf({ "lint:package": "publint --strict" })).toEqual({
      publint: ["--strict"],
      attw: defaultLintFlags.attw
    })
  })
})

describe("hasTypedEntrypoint", () => {
  it("is false only for a package with nothing to import", () => {
    expect(hasTypedEntrypoint({ exports: { ".": "./dist/index.js" } })).toBe(true)
    expect(hasTypedEntrypoint({ main: "index.js" })).toBe(true)
    expect(hasTypedEntrypoint({})).toBe(false)
  })
})

describe("lintTarball", () => {
  let dir: string
  const pack = async (name: string, manifest: object, files: Record<string, string>): Promise<string> => {
    const pkg = join(dir, name)
    await mkdir(join(pkg, "dist"), { recursive: true })
    await writeFile(
      join(pkg, "package.json"),
      JSON.stringify({ name, version: "1.0.0", type: "module", license: "MIT", ...manifest })
    )
    for (const [file, text] of Object.entries(files)) await writeFile(join(pkg, file), text)
    await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: pkg })
    return join(dir, (await readdir(dir)).find((f) => f.startsWith(`${name}-`) && f.endsWith(".tgz"))!)
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "uc-package-lint-"))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it("passes a well-formed ESM package with types", async () => {
    const tgz = await pack(
      "good",
      { files: ["dist"], exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } } },
      { "dist/index.js": "export const x = 1\n", "dist/index.d.ts": "export declare const x: number\n" }
    )
    const result = await lintTarball(tgz, defaultLintFlags, true, root)
    expect(result).toEqual({ ok: true, report: ["publint --strict: ok", "attw --profile esm-only: ok"] })
  })

  it("fails a package whose exports point at a file it does not ship", async () => {
    const tgz = await pack(
      "broken",
      { files: ["dist"], exports: { ".": { types: "./dist/index.d.ts", default: "./dist/missing.js" } } },
      { "dist/index.js": "export const x = 1\n", "dist/index.d.ts": "export declare const x: number\n" }
    )
    const result = await lintTarball(tgz, defaultLintFlags, true, root)
    expect(result.ok).toBe(false)
    expect(result.report[0]).toMatch(/^publint --strict: FAILED\n[\s\S]*missing\.js/)
  })
})
