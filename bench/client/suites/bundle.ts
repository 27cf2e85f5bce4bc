/**
 * Bundle size of an app that uses our client: esbuild (pinned in bench/package.json) bundles,
 * minifies and tree-shakes a small browser/edge-style app (core + a fetch layer); zlib gzips it
 * at level 9. One operation, every operation core's generated index exports, and the marginal
 * cost of each further one.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { build, version as esbuildVersion, type Metafile, type Plugin } from "esbuild"
import { repoRoot, workDir } from "../harness/paths.ts"

/** Each operation with the arguments a call to it takes (the bundle is built, not run). */
export const OPERATION_CALLS: ReadonlyArray<readonly [string, string]> = [
  ["getConversation", `{ conversation_uuid: id }`],
  ["getConversations", `{ _limit: 50 }`],
  ["getConversationMessages", `{ conversation_uuid: id, since: 0 }`],
  ["startConversation", `{ body: { conversation_arn: id } }`],
  ["joinConversation", `{ conversation_uuid: id }`],
  ["leaveConversation", `{ conversation_uuid: id }`],
  ["getAgentKeepAlive", `{}`],
  ["getAgentWebsocketAuthorization", `{}`],
  ["getConversationWebchatQueueStatuses", `{}`],
  ["updateConversationWebchatQueueStatus", `{ queue_name: id, body: { status: "available" } }`],
  ["getConversationMultimediaUploadUrl", `{ extension: "png" }`]
]

/**
 * Every operation the generated index exports (one module per operation, named after it), with
 * the arguments above where listed; the others get `{}` (the bundle is built, never run, and
 * esbuild does not type-check).
 */
export const allOperationCalls = (): ReadonlyArray<readonly [string, string]> => {
  const index = readFileSync(join(repoRoot, "packages/core/src/generated/index.gen.ts"), "utf8")
  const names = [...index.matchAll(/\.\/operations\/(\w+)\.gen\.ts/g)].map((match) => match[1] ?? "")
  const known = new Map(OPERATION_CALLS)
  return names.filter((name) => name !== "").map((name) => [name, known.get(name) ?? "{}"] as const)
}

/** The HttpClient layer the app gives core: Effect's FetchHttpClient, or core's FetchTransport. */
export type FetchLayer = "FetchHttpClient" | "FetchTransport"

/**
 * The app, importing Effect the way its docs recommend for bundles (`effect/Effect`, ...), or
 * through the `effect` barrel. esbuild keeps a whole module reached through the barrel's
 * `export * as X`, so the barrel app is the larger one; both are measured.
 */
const appSource = (
  operations: ReadonlyArray<readonly [string, string]>,
  barrel = false,
  transport: FetchLayer = "FetchHttpClient"
): string => `
${
  barrel
    ? `import { Effect, Layer, Redacted } from "effect"`
    : `import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"`
}
${transport === "FetchHttpClient" ? `import { FetchHttpClient } from "effect/http"\n` : ""}import { ${transport === "FetchTransport" ? "FetchTransport, " : ""}UltraCartClient, ${operations.map(([name]) => name).join(", ")} } from "@uc-conversation/core"

const layer = UltraCartClient.layer({ simpleKey: Redacted.make(String(globalThis.localStorage?.getItem("key"))) }).pipe(
  Layer.provide(${transport}.layer)
)
const id = String(globalThis.location?.hash)
const program = Effect.all([${operations.map(([name, args]) => `${name}(${args})`).join(", ")}])
Effect.runPromise(program.pipe(Effect.provide(layer))).then((result) => console.log(result))
`

const floorSource = (barrel = false): string => `
${
  barrel
    ? `import { Effect, Schema } from "effect"`
    : `import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"`
}
import { FetchHttpClient, HttpClient, HttpClientResponse } from "effect/http"

const Body = Schema.Struct({ success: Schema.optionalKey(Schema.Boolean), conversation: Schema.optionalKey(Schema.Struct({ conversation_uuid: Schema.optionalKey(Schema.String) })) })
const program = HttpClient.get(String(globalThis.location?.href)).pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(Body)))
Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer))).then((result) => console.log(result))
`

/**
 * The root README's usage, as written there: the `ConversationApi` service and the Node adapter's
 * `ConversationApiNode.layerConfig` (Node's fetch, configuration from the environment). Bundled for
 * platform node, where the adapter runs.
 */
const readmeUsageSource = (): string => `
import * as Effect from "effect/Effect"
import { ConversationApi } from "@uc-conversation/core"
import { ConversationApiNode } from "@uc-conversation/node"

const program = Effect.gen(function* () {
  const api = yield* ConversationApi
  const { conversations } = yield* api.getConversations({ medium: "websocket", _limit: 50 })
  yield* api.joinConversation({ conversation_uuid: String(conversations?.[0]?.conversation_uuid) })
})
program.pipe(Effect.provide(ConversationApiNode.layerConfig), Effect.runPromise)
`

/** Sizes of one bundle, in bytes. */
export interface BundleSize {
  readonly name: string
  readonly minified: number
  readonly gzipped: number
  /** The largest input packages by minified bytes, for "where does it go". */
  readonly top: ReadonlyArray<readonly [string, number]>
}

const packageOf = (input: string): string => {
  // The last node_modules segment names the package (pnpm nests them under .pnpm/<id>/node_modules/).
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(input)
  if (match === null) return input
  const [, pkg = input, rest = ""] = match
  // effect is one package; its modules are what matter.
  return pkg === "effect" ? `effect/${rest.replace(/^dist\//, "")}` : pkg
}

const topInputs = (metafile: Metafile, outfile: string): Array<readonly [string, number]> => {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outfile))?.[1]
  const byPackage = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = input.includes("packages/core/") ? "@uc-conversation/core" : packageOf(input)
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput)
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)
}

const dir = join(workDir, "bundle")

/**
 * A what-if, not how we ship: core's JIT schema compiler replaced by a no-op, to show what the
 * compiler costs in bytes (decoders then stay interpreted).
 */
const withoutJit: Plugin = {
  name: "without-schema-jit",
  setup(context) {
    context.onResolve({ filter: /^effect\/schema\/SchemaJITCompiler$/ }, () => ({
      path: "schema-jit-noop",
      namespace: "what-if"
    }))
    context.onLoad({ filter: /.*/, namespace: "what-if" }, () => ({
      contents: "export const enable = () => {}",
      loader: "js"
    }))
  }
}

const bundle = async (
  name: string,
  source: string,
  plugins: Array<Plugin> = [],
  platform: "browser" | "node" = "browser"
): Promise<BundleSize> => {
  mkdirSync(dir, { recursive: true })
  const entry = join(dir, `${name}.ts`)
  const outfile = `${name}.min.js`
  writeFileSync(entry, source)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    write: false,
    metafile: true,
    plugins,
    outfile: join(dir, outfile),
    logLevel: "error"
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  writeFileSync(join(dir, outfile), code)
  return {
    name,
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    top: topInputs(result.metafile, outfile)
  }
}

/** Everything the bundle table shows. */
export interface BundleReport {
  readonly esbuild: string
  readonly floor: BundleSize
  readonly one: BundleSize
  /** The one-operation app over core's FetchTransport.layer instead of FetchHttpClient.layer. */
  readonly oneFetchTransport: BundleSize
  /** How many operations the "all" app calls (every one the generated index exports). */
  readonly operationCount: number
  readonly all: BundleSize
  /** (all − one) / (operationCount − 1), gzipped bytes. */
  readonly averageMarginalGzip: number
  /** Each further operation added alone to the one-operation app: gzipped bytes it adds. */
  readonly marginal: ReadonlyArray<readonly [string, number]>
  /** The same app importing Effect through the `effect` barrel. */
  readonly barrel: {
    readonly floor: BundleSize
    readonly one: BundleSize
    readonly all: BundleSize
  }
  /** The one-operation app without the JIT compiler (see withoutJit). */
  readonly oneWithoutJit: BundleSize
  /** The root README's usage: `ConversationApi` + the Node adapter's layer (platform node). */
  readonly readmeUsage: BundleSize
}

/** Builds every bundle the report needs. */
export const measureBundles = async (): Promise<BundleReport> => {
  const [first, ...rest] = OPERATION_CALLS
  if (first === undefined) throw new Error("no operations")
  const every = allOperationCalls()
  const floor = await bundle("floor-effect-fetch-schema", floorSource())
  const one = await bundle("one-operation", appSource([first]))
  const oneFetchTransport = await bundle(
    "one-operation-fetch-transport",
    appSource([first], false, "FetchTransport")
  )
  const all = await bundle("all-operations", appSource(every))
  const marginal: Array<readonly [string, number]> = []
  for (const op of rest) {
    const size = await bundle(`plus-${op[0]}`, appSource([first, op]))
    marginal.push([op[0], size.gzipped - one.gzipped])
  }
  const barrel = {
    floor: await bundle("barrel-floor", floorSource(true)),
    one: await bundle("barrel-one-operation", appSource([first], true)),
    all: await bundle("barrel-all-operations", appSource(every, true))
  }
  return {
    esbuild: esbuildVersion,
    floor,
    one,
    oneFetchTransport,
    operationCount: every.length,
    all,
    averageMarginalGzip: (all.gzipped - one.gzipped) / Math.max(1, every.length - 1),
    marginal,
    barrel,
    oneWithoutJit: await bundle("what-if-one-operation-without-jit", appSource([first]), [withoutJit]),
    readmeUsage: await bundle("readme-usage-node", readmeUsageSource(), [], "node")
  }
}
