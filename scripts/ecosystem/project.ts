import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { copyFile, mkdir, readFile, symlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import type { WorkspaceMock } from "./mock.ts"
import { repoRoot, type Tarballs } from "./pack.ts"
import type { LocalRegistry } from "./registry.ts"

/** The runtimes a scratch project is made for. */
export const runtimes = ["node", "bun", "deno"] as const
export type Runtime = (typeof runtimes)[number]

/** Outcome of one scratch project. */
export interface ProjectResult {
  readonly runtime: Runtime
  readonly ok: boolean
  readonly millis: number
  readonly summary: string
}

interface ProjectOptions {
  readonly runtime: Runtime
  readonly dir: string
  readonly tarballs: Tarballs
  readonly mock: WorkspaceMock
  /** The loopback registry every install reads from (scripts/ecosystem/registry.ts). */
  readonly registry: LocalRegistry
  /** An empty npmrc (and `<npmrc>.global`): the user's own config (scoped registries, auth) must not steer the install. */
  readonly npmrc: string
}

const adapterExport: Record<Runtime, string> = {
  node: "ConversationApiNode",
  bun: "ConversationApiBun",
  deno: "ConversationApiDeno"
}

/** Commands that run the consumer program, per runtime, with the least permissions it needs. */
const runCommand: Record<Runtime, ReadonlyArray<string>> = {
  node: ["node", "smoke.ts"],
  bun: ["bun", "smoke.ts"],
  deno: ["deno", "run", "--node-modules-dir=manual", "--allow-env", "--allow-read", "--allow-net", "smoke.ts"]
}

/** Type checks of the consumer program against the packed .d.ts files, where the runtime has one. */
const checkCommand: Partial<Record<Runtime, ReadonlyArray<string>>> = {
  node: [join(repoRoot, "node_modules/.bin/tsc"), "-p", "."],
  deno: ["deno", "check", "--node-modules-dir=manual", "smoke.ts"]
}

const fixtures = join(import.meta.dirname, "fixtures")

interface Exec {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const exec = (command: ReadonlyArray<string>, cwd: string, env: NodeJS.ProcessEnv, timeout: number) =>
  new Promise<Exec>((resolve) => {
    const [file, ...args] = command
    execFile(file!, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
      const note = error?.killed === true ? `\n(killed after ${timeout} ms)` : ""
      resolve({ code, stdout, stderr: stderr + note })
    })
  })

/**
 * The environment a user would have: the mock's URL and key, nothing from the workspace, and npm
 * pointed at the loopback registry with a cache of its own, so no install reaches a real registry.
 */
const childEnv = (options: ProjectOptions, uploadFile: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) {
    // pnpm's npm_* settings (and a user's registry, proxy or cafile) would steer the scratch install.
    if (key.startsWith("ULTRACART_") || key.toLowerCase().startsWith("npm_") || key === "NODE_OPTIONS") {
      delete env[key]
    }
  }
  return {
    ...env,
    npm_config_registry: options.registry.url,
    npm_config_userconfig: options.npmrc,
    npm_config_globalconfig: `${options.npmrc}.global`,
    npm_config_cache: join(options.dir, ".npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_fetch_retries: "0",
    // Deno reads the upper-case name; `deno check` should need no registry, and if it ever asks,
    // the request reaches loopback and shows up in the registry's misses.
    NPM_CONFIG_REGISTRY: options.registry.url,
    ULTRACART_BASE_URL: options.mock.baseUrl,
    ULTRACART_SIMPLE_KEY: options.mock.simpleKey,
    UC_UPLOAD_FILE: uploadFile,
    NO_COLOR: "1"
  }
}

/** The version the registry serves for `name`, the one a user's `npm install name` would get. */
const servedVersion = (registry: LocalRegistry, name: string): string => {
  const versions = registry.versions.get(name)
  if (versions === undefined || versions.length !== 1) {
    throw new Error(`the local registry serves ${versions?.length ?? 0} versions of ${name}, expected 1`)
  }
  return versions[0]!
}

const writeProject = async ({ runtime, dir, registry }: ProjectOptions) => {
  await mkdir(dir, { recursive: true })
  const workspaceDeps = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")).devDependencies
  // By name and version, from the registry, as a user installs them.
  const dependencies: Record<string, string> = {
    "@uc-conversation/core": servedVersion(registry, "@uc-conversation/core"),
    [`@uc-conversation/${runtime}`]: servedVersion(registry, `@uc-conversation/${runtime}`),
    effect: workspaceDeps.effect
  }
  // Node's tsc and `deno check` (for the node: builtins the program imports) read @types/node.
  if (runtime !== "bun") dependencies["@types/node"] = workspaceDeps["@types/node"]
  const manifest = { name: `uc-ecosystem-${runtime}`, private: true, type: "module", dependencies }
  await writeFile(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)
  await copyFile(join(fixtures, "smoke.ts"), join(dir, "smoke.ts"))
  await copyFile(join(fixtures, "tsconfig.json"), join(dir, "tsconfig.json"))
  await writeFile(
    join(dir, "adapter.ts"),
    `export { ${adapterExport[runtime]} as Adapter } from "@uc-conversation/${runtime}"\nexport const runtime = "${runtime}"\n`
  )
  const upload = join(dir, "upload.png")
  const bytes = randomBytes(4096)
  await writeFile(upload, bytes)
  return { upload, bytes }
}

const failure = (runtime: Runtime, started: number, step: string, result: Exec): ProjectResult => ({
  runtime,
  ok: false,
  millis: performance.now() - started,
  summary: `${step} exited ${result.code}\n${result.stdout}\n${result.stderr}`.trim()
})

/** Creates, installs and runs one scratch project; never throws for a failing step. */
export const runProject = async (options: ProjectOptions): Promise<ProjectResult> => {
  const { runtime, dir, mock } = options
  const started = performance.now()
  const { upload, bytes } = await writeProject(options)
  const env = childEnv(options, upload)
  // Per-step wall times, reported with the result (installs dominate; they share 2 cores with turbo).
  const steps: Array<string> = []
  const timed = async (name: string, command: ReadonlyArray<string>, cwd: string, timeout: number) => {
    const t0 = performance.now()
    const result = await exec(command, cwd, env, timeout)
    steps.push(`${name} ${((performance.now() - t0) / 1000).toFixed(1)}s`)
    return result
  }
  const install = await timed(
    "install",
    ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
    dir,
    180_000
  )
  if (install.code !== 0) return failure(runtime, started, "npm install", install)
  const check = checkCommand[runtime]
  if (check !== undefined) {
    const typecheck = await timed("types", check, dir, 120_000)
    if (typecheck.code !== 0)
      return failure(runtime, started, `${check.join(" ")} (consumer types)`, typecheck)
  }
  const smoke = await timed("run", runCommand[runtime], dir, 60_000)
  if (smoke.code !== 0) return failure(runtime, started, runCommand[runtime].join(" "), smoke)
  // The program's last line is its JSON report; the upload key it names must hold the file's bytes.
  const report = smoke.stdout.trim().split("\n").at(-1) ?? ""
  let uploadKey: unknown
  try {
    uploadKey = JSON.parse(report).uploadKey
  } catch {
    return failure(runtime, started, "reading the program's JSON report", smoke)
  }
  if (typeof uploadKey !== "string" || !mock.receivedUpload(uploadKey, bytes)) {
    return failure(runtime, started, "upload check (the mock did not store the file's bytes)", smoke)
  }
  if (runtime === "deno") {
    const jsr = await jsrDryRun(options, timed)
    if (jsr !== undefined) return failure(runtime, started, jsr.step, jsr.result)
  }
  const summary = `[${steps.join(", ")}] ${report}${runtime === "deno" ? " + deno publish --dry-run ok" : ""}`
  return { runtime, ok: true, millis: performance.now() - started, summary }
}

/**
 * `deno publish --dry-run` of the packed Deno adapter, unpacked next to the Deno project's
 * node_modules (so `@uc-conversation/core` resolves as the installed npm package), after checking
 * that deno.json and jsr.json carry the same version as package.json.
 */
const jsrDryRun = async (
  { dir, tarballs }: ProjectOptions,
  timed: (name: string, command: ReadonlyArray<string>, cwd: string, timeout: number) => Promise<Exec>
): Promise<{ readonly step: string; readonly result: Exec } | undefined> => {
  const jsr = join(dir, "jsr")
  await mkdir(jsr)
  const untar = await timed(
    "untar",
    ["tar", "xzf", tarballs.deno, "-C", jsr, "--strip-components=1"],
    dir,
    60_000
  )
  if (untar.code !== 0) return { step: "unpacking the deno tarball", result: untar }
  const version = async (file: string): Promise<unknown> =>
    JSON.parse(await readFile(join(jsr, file), "utf8")).version
  const [npm, deno, jsrVersion] = await Promise.all(["package.json", "deno.json", "jsr.json"].map(version))
  if (deno !== npm || jsrVersion !== npm) {
    const message = `package.json ${String(npm)}, deno.json ${String(deno)}, jsr.json ${String(jsrVersion)}: bump them together`
    return { step: "JSR version check", result: { code: 1, stdout: "", stderr: message } }
  }
  await symlink(join(dir, "node_modules"), join(jsr, "node_modules"))
  const publish = await timed("jsr dry-run", ["deno", "publish", "--dry-run", "--allow-dirty"], jsr, 120_000)
  return publish.code === 0 ? undefined : { step: "deno publish --dry-run", result: publish }
}
