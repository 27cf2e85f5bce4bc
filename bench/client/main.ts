/**
 * `pnpm bench`: every client benchmark, then the client section of bench/RESULTS.md.
 * Bounded: each suite has a time limit and a request budget; the whole run targets < 12 min on 2 cores
 * that nothing else is using (other load stretches it: 909 s at a load average of 13).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { formatResults } from "../formatResults.ts"
import { ULTRACART_HEADERS } from "./clients/client.ts"
import { generateTypescriptFetch } from "./clients/typescript-fetch.ts"
import { SINGLE_UUID } from "./fixtures/conversation.ts"
import { binary, runSuite } from "./harness/child-process.ts"
import { summariseProfile } from "./harness/cpu-profile.ts"
import { loadAverage, machineInfo } from "./harness/machine.ts"
import { benchRoot, workDir } from "./harness/paths.ts"
import { startStaticServer } from "./harness/server-process.ts"
import { type Ceiling, ensureWrk, measureCeiling } from "./harness/wrk.ts"
import { replaceBetween } from "./report/markdown.ts"
import {
  type AnatomySuite,
  type BenchResults,
  type DecodeSuite,
  type MemoryRun,
  type OverheadSuite,
  type ProfileRun,
  renderClientSection,
  type SequentialSuite,
  type ThroughputSuite
} from "./report/render.ts"
import { measureBundles } from "./suites/bundle.ts"
import { measureColdStart } from "./suites/coldstart.ts"

const started = performance.now()
const step = (what: string): void => {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${what}\n`)
}
const MINUTES = 60_000
const SEQUENTIAL = "client/suites/sequential.ts"
const DENO_RUN = ["run", "-A", "--node-modules-dir=manual"]
const THROUGHPUT = "client/suites/throughput.node.ts"
const FETCH_RUNTIME = "client/suites/throughput.fetch-runtime.ts"
const DECODE = "client/suites/decode.node.ts"
const MEMORY = "client/suites/memory.node.ts"
/** Memory runs per client: each is a fresh process, so the figure is a median over processes. */
const MEMORY_ROUNDS = 5
const ANATOMY = "client/suites/anatomy.node.ts"
const OVERHEAD = "client/suites/overhead.node.ts"
const PROFILE = "client/suites/profile.node.ts"

const profileClient = async (baseUrl: string, client: string): Promise<ProfileRun> => {
  const dir = join(workDir, "profiles")
  mkdirSync(dir, { recursive: true })
  const profileFile = join(dir, `${client}.cpuprofile`)
  rmSync(profileFile, { force: true })
  const run = await runSuite<{ client: string; rps: number }>(
    `profile-${client}`,
    process.execPath,
    [PROFILE],
    { baseUrl, client, durationMs: 3000, profileFile },
    MINUTES
  )
  return {
    ...run,
    file: `bench/.work/profiles/${client}.cpuprofile`,
    summary: summariseProfile(profileFile, 12)
  }
}

const analysisPath = join(benchRoot, "client/ANALYSIS.md")
const readAnalysis = (): string => (existsSync(analysisPath) ? readFileSync(analysisPath, "utf8") : "")

/** Saves the raw results and rewrites the client section of RESULTS.md (only between our markers). */
const writeResults = (results: BenchResults): void => {
  writeFileSync(join(workDir, "results.json"), JSON.stringify(results, null, 1))
  const resultsPath = join(benchRoot, "RESULTS.md")
  const current = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : "# Benchmark results\n"
  writeFileSync(
    resultsPath,
    replaceBetween(current, "<!-- client:begin -->", "<!-- client:end -->", renderClientSection(results))
  )
  formatResults(join(benchRoot, ".."), resultsPath)
  step(`wrote ${resultsPath}`)
}

// `--render-only`: re-render RESULTS.md from the last run's bench/.work/results.json (after
// editing ANALYSIS.md or the renderer) without measuring again.
if (process.argv.includes("--render-only")) {
  const saved = JSON.parse(readFileSync(join(workDir, "results.json"), "utf8")) as BenchResults
  writeResults({ ...saved, analysis: readAnalysis() })
  process.exit(0)
}

const machine = machineInfo()
step("generating the typescript-fetch client with openapi-generator")
const peer = await generateTypescriptFetch()
step("starting the static server")
const server = await startStaticServer()
const failures: Array<string> = []
let results: BenchResults
try {
  const config = { baseUrl: server.baseUrl, tsFetchBundle: peer.bundle }
  step("server ceiling (wrk)")
  ensureWrk()
  const ceiling = [
    measureCeiling(`${server.baseUrl}/conversation/conversations/${SINGLE_UUID}`, ULTRACART_HEADERS, 5),
    measureCeiling(`${server.baseUrl}/conversation/conversations?_limit=100&_offset=0`, ULTRACART_HEADERS, 5)
  ].filter((c): c is Ceiling => c !== undefined)
  step("sequential latency (headline): node")
  const sequential: Array<SequentialSuite> = [
    await runSuite<SequentialSuite>("sequential-node", process.execPath, [SEQUENTIAL], config, 3 * MINUTES)
  ]
  step("sequential latency (headline): bun")
  sequential.push(
    await runSuite<SequentialSuite>("sequential-bun", binary("bun"), [SEQUENTIAL], config, 3 * MINUTES)
  )
  step("sequential latency (headline): deno")
  sequential.push(
    await runSuite<SequentialSuite>(
      "sequential-deno",
      binary("deno"),
      [...DENO_RUN, SEQUENTIAL],
      config,
      3 * MINUTES
    )
  )
  step("throughput: node")
  const node = await runSuite<ThroughputSuite>(
    "throughput-node",
    process.execPath,
    [THROUGHPUT],
    config,
    4 * MINUTES
  )
  step("throughput: bun")
  const bun = await runSuite<ThroughputSuite>(
    "throughput-bun",
    binary("bun"),
    [FETCH_RUNTIME],
    config,
    3 * MINUTES
  )
  step("throughput: deno")
  const deno = await runSuite<ThroughputSuite>(
    "throughput-deno",
    binary("deno"),
    [...DENO_RUN, FETCH_RUNTIME],
    config,
    3 * MINUTES
  )
  step("decoding")
  const decode = await runSuite<DecodeSuite>(
    "decode",
    process.execPath,
    [DECODE],
    { ...config, tsFetchBundleUrl: new URL(`file://${peer.bundle}`).href },
    2 * MINUTES
  )
  step("bundle size")
  const bundle = await measureBundles()
  step("cold start")
  const coldStart = await measureColdStart(server.baseUrl, 7)
  const memory: Array<MemoryRun> = []
  const memoryClients = ["ours-node", "raw-undici", "ours-fetch", "effect-floor", "raw-fetch"]
  for (let round = 0; round < MEMORY_ROUNDS; round++) {
    for (let i = 0; i < memoryClients.length; i++) {
      const client = memoryClients[(i + round) % memoryClients.length] ?? "ours-node"
      step(`memory: ${client} (${round + 1}/${MEMORY_ROUNDS})`)
      const run = await runSuite<MemoryRun>(
        `memory-${client}-${round}`,
        process.execPath,
        ["--expose-gc", MEMORY],
        { ...config, client },
        2 * MINUTES
      )
      for (const b of [run, ...run.later]) {
        if (b.answered !== b.completed || b.completed !== 10_000) {
          failures.push(`memory ${client}: ${b.completed} completed, ${b.answered} answered`)
        }
      }
      memory.push(run)
    }
  }
  step("anatomy of a request")
  const anatomy = await runSuite<AnatomySuite>("anatomy", process.execPath, [ANATOMY], config, 2 * MINUTES)
  step("runtime overhead without the network")
  const overhead = await runSuite<OverheadSuite>(
    "overhead",
    process.execPath,
    [OVERHEAD],
    config,
    2 * MINUTES
  )
  const profiles: Array<ProfileRun> = []
  for (const client of ["ours-node", "ours-fetch"]) {
    step(`cpu profile: ${client}`)
    profiles.push(await profileClient(server.baseUrl, client))
  }
  results = {
    machine,
    commands: [
      ["everything (from the repo root)", "pnpm bench"],
      ["typescript-fetch generation", peer.command],
      ["sequential latency (headline), Node", `node ${SEQUENTIAL} '<config json>'`],
      ["sequential latency (headline), Bun", `bun ${SEQUENTIAL} '<config json>'`],
      ["sequential latency (headline), Deno", `deno ${DENO_RUN.join(" ")} ${SEQUENTIAL} '<config json>'`],
      ["throughput, Node", `node ${THROUGHPUT} '<config json>'`],
      ["throughput, Bun", `bun ${FETCH_RUNTIME} '<config json>'`],
      ["throughput, Deno", `deno run -A --node-modules-dir=manual ${FETCH_RUNTIME} '<config json>'`],
      ["decoding", `node ${DECODE} '<config json>'`],
      ["memory", `node --expose-gc ${MEMORY} '<config json>'`],
      ["anatomy of a request", `node ${ANATOMY} '<config json>'`],
      ["runtime overhead without the network", `node ${OVERHEAD} '<config json>'`],
      [
        "CPU profiles",
        `node --cpu-prof --cpu-prof-dir=bench/.work/profiles/<client> ${PROFILE} '<config json>'`
      ],
      [
        "bundle size, cold start",
        "run inside bench/client/main.ts: esbuild's API for bundles; node bench/.work/coldstart/<variant>.mjs spawned per cold start"
      ]
    ],
    server: { singleBytes: server.singleBytes, listBytes: server.listBytes },
    ceiling,
    peer: {
      spec: peer.spec.includes("/spec/") ? "spec/conversation.openapi.yaml" : peer.spec,
      command: peer.command
    },
    sequential,
    throughput: [node, bun, deno],
    decode,
    bundle,
    coldStart,
    memory,
    anatomy,
    overhead,
    profiles,
    analysis: readAnalysis(),
    totalSeconds: (performance.now() - started) / 1000,
    loadAverageEnd: loadAverage()
  }
} finally {
  await server.stop()
}

writeResults(results)
if (failures.length > 0) {
  process.stderr.write(`failed checks:\n${failures.join("\n")}\n`)
  process.exit(1)
}
