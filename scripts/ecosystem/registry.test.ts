import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import * as tar from "tar"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type LocalRegistry, startLocalRegistry } from "./registry.ts"

const run = promisify(execFile)

/** Writes a package directory: its manifest plus one file. */
const writePackage = async (dir: string, manifest: Record<string, unknown>) => {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, "package.json"), JSON.stringify(manifest))
  await writeFile(join(dir, "index.js"), `export const name = ${JSON.stringify(manifest.name)}\n`)
}

/**
 * A workspace as pnpm or npm leaves it: the packed package `@x/app` (its tarball, and its
 * workspace directory whose node_modules hold its dependencies), `dep-b` whose own dependency
 * `dep-d` sits one node_modules level up, a peer `dep-c`, and an optional dependency that this
 * platform did not install.
 */
let root: string
let tarball: string
let registry: LocalRegistry

/** The parts of a packument these tests read. */
interface Packument {
  readonly "dist-tags": Record<string, string>
  readonly versions: Record<
    string,
    Record<string, unknown> & { readonly dist: { readonly tarball: string; readonly integrity: string } }
  >
}

const getJson = async (path: string): Promise<{ status: number; body: Packument }> => {
  const response = await fetch(new URL(path, registry.url))
  return { status: response.status, body: (await response.json()) as Packument }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "uc-registry-test-"))
  const app = join(root, "packages", "app")
  await writePackage(app, {
    name: "@x/app",
    version: "1.2.3",
    dependencies: { "dep-b": "^1.0.0" },
    optionalDependencies: { "dep-other-platform": "1.0.0" },
    peerDependencies: { "dep-c": "^2.0.0", "dep-unused-peer": "*" },
    peerDependenciesMeta: { "dep-unused-peer": { optional: true } },
    scripts: { postinstall: "echo never" }
  })
  const modules = join(app, "node_modules")
  await writePackage(join(modules, "dep-b"), {
    name: "dep-b",
    version: "1.4.0",
    dependencies: { "dep-d": "3.x" }
  })
  await writePackage(join(modules, "dep-c"), { name: "dep-c", version: "2.0.1" })
  await writePackage(join(root, "node_modules", "dep-d"), { name: "dep-d", version: "3.0.0" })
  await writePackage(join(root, "node_modules", "extra"), { name: "extra", version: "0.1.0" })
  tarball = join(root, "x-app-1.2.3.tgz")
  await tar.c({ gzip: true, file: tarball, cwd: app, prefix: "package", portable: true }, [
    "package.json",
    "index.js"
  ])
  registry = await startLocalRegistry({
    packed: [{ tarball, workspaceDir: app }],
    extra: ["extra"],
    resolveFrom: root
  })
})

afterAll(async () => {
  await registry?.close()
  await rm(root, { recursive: true, force: true })
})

describe("startLocalRegistry", () => {
  it("serves the closure: packed package, dependencies found by Node's lookup, peers and extras", () => {
    expect(Object.fromEntries(registry.versions)).toEqual({
      "@x/app": ["1.2.3"],
      "dep-b": ["1.4.0"],
      "dep-c": ["2.0.1"],
      "dep-d": ["3.0.0"],
      extra: ["0.1.0"]
    })
  })

  it("answers a packument with the packed tarball's bytes, optional edges it cannot serve dropped", async () => {
    const { status, body } = await getJson("@x%2fapp")
    expect(status).toBe(200)
    expect(body["dist-tags"]).toEqual({ latest: "1.2.3" })
    const version = body.versions["1.2.3"]!
    expect(version.dependencies).toEqual({ "dep-b": "^1.0.0" })
    expect(version.optionalDependencies).toEqual({})
    expect(version.peerDependencies).toEqual({ "dep-c": "^2.0.0" })
    expect(version.peerDependenciesMeta).toEqual({})
    expect(version.scripts).toBeUndefined()
    const bytes = Buffer.from(await (await fetch(version.dist.tarball)).arrayBuffer())
    expect(bytes.equals(await readFile(tarball))).toBe(true)
    expect(version.dist.integrity).toBe(`sha512-${createHash("sha512").update(bytes).digest("base64")}`)
  })

  it("re-packs an installed package to the same bytes every time", async () => {
    const again = await startLocalRegistry({ packed: [], extra: ["dep-d"], resolveFrom: root })
    try {
      const first = (await getJson("dep-d")).body.versions["3.0.0"]?.dist.integrity
      const second = (await (await fetch(new URL("dep-d", again.url))).json()) as Packument
      expect(first).toMatch(/^sha512-/)
      expect(second.versions["3.0.0"]?.dist.integrity).toBe(first)
    } finally {
      await again.close()
    }
  })

  it("answers 404 for anything else and 405 for writes, and records them", async () => {
    expect((await getJson("left-pad")).status).toBe(404)
    expect((await fetch(new URL("dep-b", registry.url), { method: "PUT", body: "{}" })).status).toBe(405)
    expect(registry.misses).toEqual(["/left-pad", "PUT /dep-b"])
  })

  it("refuses to start when a required dependency is not installed, naming it", async () => {
    const lonely = join(root, "lonely")
    await writePackage(lonely, { name: "lonely", version: "1.0.0", dependencies: { "not-installed": "^9" } })
    const file = join(root, "lonely.tgz")
    await tar.c({ gzip: true, file, cwd: lonely, prefix: "package" }, ["package.json"])
    await expect(
      startLocalRegistry({ packed: [{ tarball: file, workspaceDir: lonely }], resolveFrom: root })
    ).rejects.toThrow(/lonely@1\.0\.0 depends on not-installed@\^9, which is not installed/)
  })

  it("is a registry npm installs from", async () => {
    const project = join(root, "consumer")
    await mkdir(project)
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, dependencies: { "@x/app": "1.2.3" } })
    )
    const npmrc = join(root, "empty.npmrc")
    await writeFile(npmrc, "")
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const key of Object.keys(env)) if (key.toLowerCase().startsWith("npm_")) delete env[key]
    await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
      env: {
        ...env,
        npm_config_registry: registry.url,
        npm_config_userconfig: npmrc,
        npm_config_cache: join(root, "npm-cache"),
        npm_config_update_notifier: "false",
        npm_config_fetch_retries: "0"
      }
    })
    const installed = async (name: string) =>
      JSON.parse(await readFile(join(project, "node_modules", name, "package.json"), "utf8")).version
    expect(await installed("@x/app")).toBe("1.2.3")
    expect(await installed("dep-b")).toBe("1.4.0")
    expect(await installed("dep-c")).toBe("2.0.1")
    expect(await installed("dep-d")).toBe("3.0.0")
  })
})
