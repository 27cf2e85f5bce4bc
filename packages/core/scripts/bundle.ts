// Build step, after tsc and stamp-version: the bundle behind the "node" export condition
// (package.json), which Node, Bun and Deno resolve. Node loads a package's modules one by one,
// resolving, reading and compiling each: core's 180-odd per-file modules took 95-115 ms of a cold
// start, the same code in this bundle about 40 (bench/client/ANALYSIS.md). esbuild bundles tsc's
// output (the stamped version included) into dist/bundle/ with code splitting: every module of
// core is in exactly one chunk, which both package entries (`.` and `./contract`) import, so there
// is one instance of each at runtime whichever entry an application or an adapter imports.
// effect and the dependencies stay external (imported by name: one instance, the application's).
// Resolvers without the "node" condition (browser and edge bundlers, TypeScript) keep the
// per-file dist; types are always the per-file .d.ts.
import { readdirSync, readFileSync, rmSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { build, type Plugin } from "esbuild"

const root = fileURLToPath(new URL("..", import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}
/** Every package core depends on, and any of its subpaths (`effect/Schema`, …). */
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})].flatMap(
  (name) => [name, `${name}/*`]
)

/**
 * The entry points: the package's two, one for all operations, and one for each module whose top
 * level a bundler cannot drop statement by statement (a class such as the `ConversationApi`
 * service or the facade's errors, an Effect or a layer built at load) and that a call does not
 * need. esbuild puts the code reached from the same set of entries into one chunk, so each of
 * these lands in files of its own, which a bundler resolving the "node" condition drops whole
 * when unused (`sideEffects: false`), as it drops modules of the per-file dist. With only the two
 * package entries, a one-operation app bundled for Node kept every operation and model: 98.3 kB
 * min + gzip, against 82.7 kB from the per-file dist and 83.8 kB from this layout.
 */
const entryPoints = (dist: string): Record<string, string> => ({
  index: `${dist}/index.js`,
  contract: `${dist}/runtime/contract.js`,
  operations: "uc-bundle:operations",
  "generated/ConversationApi.gen": `${dist}/generated/ConversationApi.gen.js`,
  facade: `${dist}/facade.js`,
  "helpers/budget": `${dist}/helpers/budget.js`,
  "helpers/uploadFile": `${dist}/helpers/uploadFile.js`,
  "runtime/fetchTransport": `${dist}/runtime/fetchTransport.js`
})

/** The "operations" entry: every generated operation module, re-exported (no service, no facade). */
const operationsEntry = (dist: string): Plugin => ({
  name: "uc-bundle-operations",
  setup(plugin) {
    plugin.onResolve({ filter: /^uc-bundle:operations$/ }, () => ({
      path: "operations",
      namespace: "uc-bundle"
    }))
    plugin.onLoad({ filter: /.*/, namespace: "uc-bundle" }, () => ({
      contents: readdirSync(`${dist}/generated/operations`)
        .filter((file) => file.endsWith(".js"))
        .map((file) => `export * from ${JSON.stringify(`./generated/operations/${file}`)}`)
        .join("\n"),
      resolveDir: dist,
      loader: "js"
    }))
  }
})

/**
 * Fails the build unless the bundle exports what the per-file dist exports, under the same names,
 * and its `./contract` entry hands out the very objects its `.` entry does (one instance).
 */
const checkBundle = async (dist: string): Promise<void> => {
  const load = (file: string) =>
    import(pathToFileURL(`${dist}/${file}`).href) as Promise<Record<string, unknown>>
  const [perFile, index, perFileContract, contract] = await Promise.all([
    load("index.js"),
    load("bundle/index.js"),
    load("runtime/contract.js"),
    load("bundle/contract.js")
  ])
  const names = (module: Record<string, unknown>) => Object.keys(module).sort().join(",")
  if (names(index) !== names(perFile) || names(contract) !== names(perFileContract)) {
    throw new Error("dist/bundle exports other names than the per-file dist")
  }
  const shared = Object.keys(contract).filter((name) => contract[name] !== index[name])
  if (shared.length > 0) throw new Error(`dist/bundle: two instances of ${shared.join(", ")}`)
}

if (import.meta.main) {
  const dist = `${root}dist`
  const outdir = `${dist}/bundle`
  rmSync(outdir, { recursive: true, force: true })
  const result = await build({
    absWorkingDir: root,
    entryPoints: entryPoints(dist),
    plugins: [operationsEntry(dist)],
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    external,
    keepNames: true,
    // Maps point into src/, which the package ships: no second copy of the sources in them.
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: "warning"
  })
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"))
  const bytes = outputs.reduce((sum, [, output]) => sum + output.bytes, 0)
  await checkBundle(dist)
  console.log(`bundled ${outputs.length} files (${(bytes / 1024).toFixed(0)} kB) into dist/bundle`)
}
