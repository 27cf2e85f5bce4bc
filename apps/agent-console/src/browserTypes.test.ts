/**
 * The page's code runs in a browser. Its tsconfig (src/browser/tsconfig.json) leaves out Node's
 * types, which tsconfig.base.json gives every other program, so `process`, `Buffer` or a `node:`
 * import in src/browser fails `typecheck` instead of failing in the agent's browser.
 */
import { execFile } from "node:child_process"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const appRoot = fileURLToPath(new URL("..", import.meta.url))
const browserConfig = join(appRoot, "src", "browser", "tsconfig.json")
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc")

const nodeOnly = `
import { readFileSync } from "node:fs"
export const home: string | undefined = process.env.HOME
export const bytes = Buffer.from("x")
export const read = readFileSync
`

let scratch = ""

/** Type-checks `source` as a file of src/browser would be (its config, `compilerOptions` added). */
const check = async (
  source: string,
  compilerOptions: Record<string, unknown> = {}
): Promise<{ readonly ok: boolean; readonly output: string }> => {
  const dir = await mkdtemp(join(scratch, "probe-"))
  await writeFile(join(dir, "probe.ts"), source)
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: browserConfig, compilerOptions, files: ["probe.ts"], include: [] })
  )
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")])
    return { ok: true, output: "" }
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string }
    return { ok: false, output: `${stdout}${stderr}` }
  }
}

describe("the browser code's type-check", () => {
  beforeAll(async () => {
    // Inside the repo, so type packages resolve as they do for src/browser; never scanned by a build.
    const cache = join(appRoot, "node_modules", ".cache")
    await mkdir(cache, { recursive: true })
    scratch = await mkdtemp(join(cache, "browser-types-"))
  })
  afterAll(async () => {
    if (scratch !== "") await rm(scratch, { recursive: true, force: true })
  })

  it("refuses Node's globals and modules", async () => {
    const { ok, output } = await check(nodeOnly)
    expect(ok).toBe(false)
    expect(output).toMatch(/Cannot find name 'process'/)
    expect(output).toMatch(/Cannot find name 'Buffer'/)
    expect(output).toMatch(/'node:fs'/)
  })

  it("refuses them only for want of Node's types: with them the same file passes", async () => {
    expect(await check(nodeOnly, { types: ["node"] })).toEqual({ ok: true, output: "" })
  })

  it("accepts the DOM", async () => {
    expect(
      await check('document.title = "Agent Console"\nexport const tab: Element | null = null\n')
    ).toEqual({ ok: true, output: "" })
  })

  it("is part of the package's typecheck", async () => {
    const { scripts } = JSON.parse(await readFile(join(appRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>
    }
    expect(scripts.typecheck).toContain("tsc -p src/browser/tsconfig.json")
  })
})
