/** Renders the client section of bench/RESULTS.md from one run's results. */
import type { Operation } from "../clients/client.ts"
import type { ProfileSummary } from "../harness/cpu-profile.ts"
import type { LatencySummary, SequentialSettings } from "../harness/latency.ts"
import type { MachineInfo } from "../harness/machine.ts"
import { median, ratio, spread } from "../harness/stats.ts"
import type { Ceiling } from "../harness/wrk.ts"
import type { BundleReport, BundleSize } from "../suites/bundle.ts"
import type { ColdStartVariant } from "../suites/coldstart.ts"
import type { ThroughputCell, ThroughputSettings } from "../suites/throughput-runner.ts"
import { fixed, kB, table, times, verdict } from "./markdown.ts"

/** One runtime's throughput suite output. */
export interface ThroughputSuite {
  readonly runtime: string
  readonly settings: ThroughputSettings
  readonly cells: ReadonlyArray<ThroughputCell>
}

/** The `rateLimit` option as the suite passed it (core's `RateLimit`, restated to keep core out of the renderer). */
export type RateLimitOption =
  | "off"
  | {
      readonly maxConcurrent?: number
      readonly buckets?: ReadonlyArray<{ readonly limit: number; readonly seconds: number }>
    }

/** The option as TypeScript source: `rateLimit: { maxConcurrent: 1, buckets: [{ limit: 1e9, seconds: 3600 }] }`. */
export const rateLimitText = (option: RateLimitOption): string => {
  if (option === "off") return 'rateLimit: "off"'
  const big = (n: number) => (n >= 1e6 ? n.toExponential().replace("e+", "e") : String(n))
  const fields: Array<string> = []
  if (option.maxConcurrent !== undefined) fields.push(`maxConcurrent: ${option.maxConcurrent}`)
  if (option.buckets !== undefined) {
    const buckets = option.buckets.map((b) => `{ limit: ${big(b.limit)}, seconds: ${b.seconds} }`)
    fields.push(`buckets: [${buckets.join(", ")}]`)
  }
  return `rateLimit: { ${fields.join(", ")} }`
}

/** One runtime's sequential-latency suite output (client/suites/sequential.ts). */
export interface SequentialSuite {
  readonly runtime: string
  readonly settings: SequentialSettings
  /** The scheduler's budget after the run: every call of the scheduled clients, counted. */
  readonly scheduler: {
    /** The `rateLimit` option the scheduled clients were given. */
    readonly option: RateLimitOption
    readonly maxConcurrent: number
    readonly counted: number
  }
  readonly cells: ReadonlyArray<{
    readonly client: string
    readonly operation: Operation
    readonly latency: LatencySummary
  }>
}

/** The decode suite output. */
export interface DecodeSuite {
  readonly bytes: number
  readonly messages: number
  readonly iterations: number
  readonly variants: ReadonlyArray<{ readonly name: string; readonly ms: ReadonlyArray<number> }>
}

/** One memory run. */
export interface MemoryRun {
  readonly client: string
  readonly concurrency: number
  readonly warmup: number
  readonly completed: number
  readonly answered: number
  readonly seconds: number
  readonly start: MemorySnapshot
  readonly before: MemorySnapshot
  readonly after: MemorySnapshot
  /** Two further counted batches of the same size, after the measured one. */
  readonly later: ReadonlyArray<{
    readonly completed: number
    readonly answered: number
    readonly memory: MemorySnapshot
  }>
}

/** process.memoryUsage() fields the memory table shows, in bytes. */
export interface MemorySnapshot {
  readonly rss: number
  readonly heapUsed: number
  readonly heapTotal: number
  readonly external: number
}

/** The anatomy suite output: one entry per step. */
export interface AnatomySuite {
  readonly steps: ReadonlyArray<{
    readonly name: string
    readonly cpuMicros: ReadonlyArray<number>
    readonly rps: ReadonlyArray<number>
  }>
}

/** The in-memory overhead suite output. */
export interface OverheadSuite {
  readonly calls: number
  readonly steps: ReadonlyArray<{ readonly name: string; readonly cpuMicros: ReadonlyArray<number> }>
}

/** A summarised CPU profile of one client. */
export interface ProfileRun {
  readonly client: string
  readonly rps: number
  readonly file: string
  readonly summary: ProfileSummary
}

/** Everything one `pnpm bench` measured. */
export interface BenchResults {
  readonly machine: MachineInfo
  readonly commands: ReadonlyArray<readonly [string, string]>
  readonly server: { readonly singleBytes: number; readonly listBytes: number }
  readonly ceiling: ReadonlyArray<Ceiling>
  readonly peer: { readonly spec: string; readonly command: string }
  /** The headline: sequential latency per runtime, scheduler on. */
  readonly sequential: ReadonlyArray<SequentialSuite>
  readonly throughput: ReadonlyArray<ThroughputSuite>
  readonly decode: DecodeSuite
  readonly bundle: BundleReport
  readonly coldStart: ReadonlyArray<ColdStartVariant>
  readonly memory: ReadonlyArray<MemoryRun>
  readonly anatomy: AnatomySuite
  readonly overhead: OverheadSuite
  readonly profiles: ReadonlyArray<ProfileRun>
  /** Hand-written analysis (bench/client/ANALYSIS.md), included verbatim. */
  readonly analysis: string
  readonly totalSeconds: number
  /** Load averages when the run ended. */
  readonly loadAverageEnd: string
}

const RAW_FETCH = "raw fetch + JSON.parse"
const PEER = "openapi-generator typescript-fetch"
const isOurs = (client: string): boolean => client.startsWith("ours")
const MiB = 2 ** 20

const medianRps = (cell: ThroughputCell | undefined): number =>
  cell === undefined ? Number.NaN : median(cell.runs.map((r) => r.rps))

const find = (suite: ThroughputSuite, client: string, operation: string, concurrency: number) =>
  suite.cells.find((c) => c.client === client && c.operation === operation && c.concurrency === concurrency)

const throughputTables = (suite: ThroughputSuite): string => {
  const hasPeer = suite.cells.some((c) => c.client === PEER)
  const parts: Array<string> = []
  for (const operation of suite.settings.operations) {
    const rows = suite.settings.concurrencies.flatMap((concurrency) =>
      suite.cells
        .filter((c) => c.operation === operation && c.concurrency === concurrency)
        .map((cell) => {
          const rps = spread(cell.runs.map((r) => r.rps))
          const row = [
            concurrency === 1 ? "1 (sequential)" : `${concurrency} (UltraCart forbids)`,
            isOurs(cell.client) ? `**${cell.client}**` : cell.client,
            fixed(rps.median),
            `${fixed(rps.min)}–${fixed(rps.max)}`,
            fixed(median(cell.runs.map((r) => r.p50)), 2),
            fixed(median(cell.runs.map((r) => r.p99)), 2),
            fixed(median(cell.runs.map((r) => r.cpuMicrosPerRequest))),
            times(ratio(rps.median, medianRps(find(suite, RAW_FETCH, operation, concurrency))))
          ]
          if (hasPeer)
            row.push(times(ratio(rps.median, medianRps(find(suite, PEER, operation, concurrency)))))
          return row
        })
    )
    const header = [
      "concurrency",
      "client",
      "req/s (median)",
      "req/s min–max",
      "p50 ms",
      "p99 ms",
      "client CPU µs/req",
      "× raw fetch"
    ]
    if (hasPeer) header.push("× typescript-fetch")
    parts.push(`#### ${suite.runtime}: \`${operation}\`\n\n${table(header, rows)}`)
  }
  return parts.join("\n\n")
}

/** Per-round ratios a/b of two clients' runs (runs of the same round ran back to back). */
const pairedRatios = (
  a: ThroughputCell,
  b: ThroughputCell,
  pick: (run: ThroughputCell["runs"][number]) => number
) =>
  a.runs.flatMap((run, i) => {
    const other = b.runs[i]
    return other === undefined ? [] : [ratio(pick(run), pick(other))]
  })

const targetCell = (ours: ThroughputCell, baseline: ThroughputCell | undefined, target: number): string => {
  if (baseline === undefined) return "—"
  const rps = spread(pairedRatios(ours, baseline, (r) => r.rps))
  const cpu = median(pairedRatios(baseline, ours, (r) => r.cpuMicrosPerRequest))
  return `${times(rps.median)} (${times(rps.min)}–${times(rps.max)}) ${verdict(rps.median >= target)}; CPU ${times(cpu)}`
}

const throughputTargets = (suites: ReadonlyArray<ThroughputSuite>): string => {
  const rows: Array<Array<string>> = []
  for (const suite of suites) {
    for (const operation of suite.settings.operations) {
      for (const concurrency of suite.settings.concurrencies) {
        for (const cell of suite.cells.filter(
          (c) => isOurs(c.client) && c.operation === operation && c.concurrency === concurrency
        )) {
          rows.push([
            suite.runtime,
            `\`${operation}\``,
            String(concurrency),
            cell.client,
            targetCell(cell, find(suite, RAW_FETCH, operation, concurrency), 0.85),
            targetCell(cell, find(suite, PEER, operation, concurrency), 1)
          ])
        }
      }
    }
  }
  return [
    "Each ratio is the median over rounds of ours ÷ baseline req/s, each round's runs back to back (min–max over rounds in brackets). \"CPU\" is the baseline's client CPU µs per request ÷ ours: how many times cheaper the baseline is per request, a figure that other load on the machine moves much less.",
    "",
    table(
      [
        "runtime",
        "operation",
        "c",
        "client",
        "vs raw fetch (target ≥ 0.85×)",
        "vs typescript-fetch (target ≥ 1.0×)"
      ],
      rows
    )
  ].join("\n")
}

const WHAT_IF = "what-if: "
const signedMicros = (value: number): string =>
  Number.isFinite(value) ? `${value >= 0 ? "+" : "−"}${fixed(Math.abs(value))}` : "n/a"

type SequentialCell = SequentialSuite["cells"][number]

/** `a − b` at one percentile: pooled, then per round (rounds ran interleaved, so round i pairs with round i). */
const addedMicros = (a: SequentialCell, b: SequentialCell, pick: "p50" | "p99"): string => {
  const perRound = a.latency.rounds.flatMap((round, i) => {
    const other = b.latency.rounds[i]
    return other === undefined ? [] : [round[pick] - other[pick]]
  })
  const pooled = signedMicros(a.latency[pick] - b.latency[pick])
  if (perRound.length === 0) return pooled
  return `${pooled} (${signedMicros(Math.min(...perRound))} … ${signedMicros(Math.max(...perRound))})`
}

/**
 * The headline table (ours with the scheduler on against raw fetch, per runtime and operation)
 * and the scheduler's share (the same adapter with `rateLimit: "off"`, a what-if).
 */
export const sequentialSection = (suites: ReadonlyArray<SequentialSuite>): string => {
  const first = suites[0]
  const options = [...new Set(suites.map((s) => rateLimitText(s.scheduler.option)))]
  const headline: Array<Array<string>> = []
  const share: Array<Array<string>> = []
  for (const suite of suites) {
    for (const operation of ["getConversation", "getConversations"] as const) {
      const cells = suite.cells.filter((c) => c.operation === operation)
      const raw = cells.find((c) => c.client === RAW_FETCH)
      if (raw === undefined) continue
      const off = cells.find((c) => c.client.startsWith(WHAT_IF))
      for (const cell of cells.filter((c) => isOurs(c.client))) {
        headline.push([
          suite.runtime,
          `\`${operation}\``,
          `**${cell.client}**`,
          fixed(raw.latency.p50),
          fixed(cell.latency.p50),
          `**${addedMicros(cell, raw, "p50")}**`,
          fixed(raw.latency.p99),
          fixed(cell.latency.p99),
          `**${addedMicros(cell, raw, "p99")}**`,
          times(ratio(cell.latency.p50, raw.latency.p50)),
          `${times(ratio(raw.latency.p50, cell.latency.p50))} ${verdict(raw.latency.p50 / cell.latency.p50 >= 0.9)}`,
          fixed(cell.latency.calls)
        ])
        if (off?.client.includes(cell.client)) {
          share.push([
            suite.runtime,
            `\`${operation}\``,
            cell.client,
            fixed(cell.latency.p50),
            fixed(off.latency.p50),
            addedMicros(cell, off, "p50"),
            fixed(cell.latency.p99),
            fixed(off.latency.p99),
            addedMicros(cell, off, "p99")
          ])
        }
      }
    }
  }
  const counted = suites.map((s) => `${fixed(s.scheduler.counted)} on ${s.runtime.split(" ")[0]}`).join(", ")
  const calls = first?.settings.calls
  return [
    `UltraCart answers one request at a time per application (a concurrent second one gets a 429) and at most 1,000 an hour, so what an application feels is the time each call adds, not req/s. Each runtime runs in its own process against the static server: raw \`fetch\` + JSON.parse, and our client through that runtime's adapter (on all three core's FetchTransport, which calls the runtime's fetch directly; the Node adapter's \`/undici\` entry is measured in section 1), on Node also core + FetchHttpClient and core + FetchTransport, with full args encoding, policy, schema decoding and **the rate-limit scheduler on**: ${options.map((o) => `\`${o}\``).join(" / ")}, UltraCart's default shape (one request in flight; an hour and a day window) with each window's limit raised from 1,000 and 10,000 to 10⁹ so the loop is never made to wait. Every call still queues for the one slot, is admitted, counted in both windows and released; each suite checks that the scheduler counted every call it made (${counted}).`,
    "",
    `Calls are interleaved one at a time in one process: each iteration calls every client once, the order rotated every iteration. ${first?.settings.warmupCalls ?? 0} warm-up calls per client and operation, then ${first?.settings.rounds ?? 0} rounds of ${fixed(calls?.getConversation ?? 0)} (\`getConversation\`) or ${fixed(calls?.getConversations ?? 0)} (\`getConversations\`) calls per client. Each call is timed alone with \`performance.now()\` around the awaited call (request, body, decoding). p50 and p99 are nearest-rank over every timed call, in µs; **added** is ours − raw fetch at the same percentile, with the min … max of the same difference over the ${first?.settings.rounds ?? 0} rounds in brackets (a pooled p99 is not the median of the rounds' p99s, so it can fall outside that range; each round's p99 rests on its few slowest calls); **latency ÷ raw** is ours p50 ÷ raw fetch p50 (1.00× = no overhead; higher is slower); **raw ÷ ours** is its inverse, the throughput sense of the target (≥ 0.9× means ours' latency is at most raw's ÷ 0.9).`,
    "",
    table(
      [
        "runtime",
        "operation",
        "client (scheduler on)",
        "raw fetch p50 µs",
        "ours p50 µs",
        "added p50 µs",
        "raw fetch p99 µs",
        "ours p99 µs",
        "added p99 µs",
        "latency ÷ raw (p50)",
        "raw ÷ ours (p50; target ≥ 0.9×)",
        "timed calls"
      ],
      headline
    ),
    "",
    `The scheduler's share: the same adapter with \`rateLimit: "off"\` (a what-if, not a configuration for UltraCart), timed in the same interleaved loop. The difference is what queueing for the slot and counting the windows costs per call.`,
    "",
    table(
      [
        "runtime",
        "operation",
        "client",
        "scheduler on p50 µs",
        "off p50 µs",
        "scheduler's p50 µs",
        "on p99 µs",
        "off p99 µs",
        "scheduler's p99 µs"
      ],
      share
    )
  ].join("\n")
}

const decodeSection = (decode: DecodeSuite): string => {
  const parse = decode.variants.find((v) => v.name === "JSON.parse")
  const parseMs = median(parse?.ms ?? [])
  const rows = decode.variants.map((v) => {
    const s = spread(v.ms)
    const added = s.median - parseMs
    return [
      v.name,
      fixed(s.median, 2),
      `${fixed(s.min, 2)}–${fixed(s.max, 2)}`,
      v === parse ? "—" : fixed(added, 2),
      v === parse ? "—" : times(ratio(added, parseMs))
    ]
  })
  const ours = decode.variants.find((v) => v.name.includes("ours") && !v.name.includes("what-if"))
  const oursAdded = ratio(median(ours?.ms ?? []) - parseMs, parseMs)
  return [
    `ConversationResponse with ${decode.messages.toLocaleString("en-US")} messages (${kB(decode.bytes)} of JSON); each sample is the process CPU time of ${decode.iterations} iterations ÷ ${decode.iterations}, ${parse?.ms.length ?? 0} samples per variant, variants alternating.`,
    "",
    table(
      ["variant", "ms per body (median)", "min–max", "added over JSON.parse (ms)", "added ÷ JSON.parse"],
      rows
    ),
    "",
    `Target: decoding adds ≤ 1.0× JSON.parse's time — measured **${times(oursAdded)}** ${verdict(oursAdded <= 1)}.`
  ].join("\n")
}

const bundleRow = (label: string, size: BundleSize): Array<string> => [
  label,
  kB(size.minified),
  kB(size.gzipped, 2),
  size.top
    .slice(0, 5)
    .map(([name, bytes]) => `${name} ${kB(bytes)}`)
    .join(", ")
]

const bundleSection = (b: BundleReport): string => {
  const worst = Math.max(...b.marginal.map(([, bytes]) => bytes))
  const header = ["app", "minified", "min + gzip", "largest inputs (minified bytes in output)"]
  return [
    `esbuild ${b.esbuild}, \`bundle + minify\`, ESM, platform browser, target es2022; gzip level 9 (zlib). Entry sources are written to bench/.work/bundle/.`,
    "",
    table(header, [
      bundleRow("floor: effect HttpClient + FetchHttpClient + one Schema (no uc-conversation code)", b.floor),
      bundleRow(
        "**one operation** (`getConversation` + `UltraCartClient.layer` + `FetchHttpClient.layer`)",
        b.one
      ),
      bundleRow(
        "**one operation** over core's `FetchTransport.layer` (what the Bun and Deno adapters and the facade use)",
        b.oneFetchTransport
      ),
      bundleRow(`**all ${b.operationCount} operations** (every one the generated index exports)`, b.all)
    ]),
    "",
    table(
      ["further operation (added to the one-operation app)", "gzip bytes added"],
      b.marginal.map(([name, bytes]) => [`\`${name}\``, fixed(bytes)])
    ),
    "",
    `- One operation: **${kB(b.one.gzipped, 2)}** with FetchHttpClient, **${kB(b.oneFetchTransport.gzipped, 2)}** with FetchTransport, against the ≤ 50 kB target ${verdict(Math.min(b.one.gzipped, b.oneFetchTransport.gzipped) <= 50_000)} (Effect's own floor above: ${kB(b.floor.gzipped, 2)}).`,
    `- Per further operation: **${fixed(b.averageMarginalGzip)} B** on average ((all ${b.operationCount} − one) ÷ ${b.operationCount - 1}); of the ${b.marginal.length} added alone, at most ${fixed(worst)} B; target ≤ 0.5 kB ${verdict(b.averageMarginalGzip <= 500)}.`,
    "",
    'The same apps importing Effect through its barrel (`import { Effect } from "effect"`), which esbuild cannot tree-shake below whole modules, and a what-if without core\'s JIT schema compiler (decoders interpreted; section 2 shows what that costs in time):',
    "",
    table(header, [
      bundleRow("floor, barrel imports", b.barrel.floor),
      bundleRow("one operation, app imports the barrel", b.barrel.one),
      bundleRow(`all ${b.operationCount} operations, app imports the barrel`, b.barrel.all),
      bundleRow("what-if: one operation without SchemaJITCompiler", b.oneWithoutJit)
    ]),
    "",
    "The root README's usage as written (`ConversationApi` service + `ConversationApiNode.layerConfig`: Node's fetch, configuration from the environment), bundled for platform node:",
    "",
    table(header, [bundleRow("README usage (`ConversationApi` + Node adapter layer)", b.readmeUsage)])
  ].join("\n")
}

const coldStartSection = (variants: ReadonlyArray<ColdStartVariant>): string => {
  const raw = variants.find((v) => v.name === RAW_FETCH)
  const rawReady = median(raw?.readyMs ?? [])
  const rows = variants.map((v) => {
    const ready = spread(v.readyMs)
    const wall = spread(v.wallMs)
    return [
      `${v.name} (\`${v.script}\`)`,
      fixed(ready.median, 1),
      `${fixed(ready.min, 1)}–${fixed(ready.max, 1)}`,
      fixed(wall.median, 1),
      `${fixed(wall.min, 1)}–${fixed(wall.max, 1)}`,
      v === raw
        ? "—"
        : `+${fixed(ready.median - rawReady, 1)} ms (${times(ratio(ready.median, rawReady))}) ${verdict(ready.median <= 3 * rawReady)}`
    ]
  })
  return [
    `Each run spawns \`node <script>.mjs\` (the entry compiled from TypeScript with esbuild \`transform\`, packages imported from node_modules as an app would) and waits for one \`getConversation\`. "ready" is \`performance.now()\` in the child when the decoded body is in hand (time since process start); "wall" is spawn → exit seen by the parent. ${raw?.readyMs.length ?? 0} runs each, alternating, after one untimed run each.`,
    "",
    table(
      [
        "variant",
        "ready ms (median)",
        "ready min–max",
        "wall ms (median)",
        "wall min–max",
        "vs raw fetch (ready; target ≤ 3.0×)"
      ],
      rows
    )
  ].join("\n")
}

const memorySection = (runs: ReadonlyArray<MemoryRun>): string => {
  const mib = (bytes: number) => fixed(bytes / MiB, 1)
  const signed = (value: number) => `${value >= 0 ? "+" : ""}${fixed(value, 1)}`
  const clients = [...new Set(runs.map((r) => r.client))]
  const summary = clients.map((client) => {
    const own = runs.filter((r) => r.client === client)
    const growth = spread(own.map((r) => (r.after.rss - r.before.rss) / MiB))
    const settled = spread(own.map((r) => ((r.later.at(-1)?.memory.rss ?? r.after.rss) - r.after.rss) / MiB))
    const lost = own.reduce(
      (sum, r) => sum + [r, ...r.later].reduce((n, b) => n + (b.completed - b.answered), 0),
      0
    )
    const requests = own.reduce((sum, r) => sum + [r, ...r.later].reduce((n, b) => n + b.completed, 0), 0)
    const ours = isOurs(client)
    return [
      ours ? `**${client}**` : client,
      String(own.length),
      `${signed(growth.median)} ${ours ? verdict(growth.median < 10 && lost === 0) : ""}`.trim(),
      `${signed(growth.min)} … ${signed(growth.max)}`,
      own.map((r) => signed((r.after.rss - r.before.rss) / MiB)).join(", "),
      `${signed(settled.median)} (${signed(settled.min)} … ${signed(settled.max)})`,
      `${fixed(requests)} / ${lost === 0 ? "0" : `**${lost}**`}`,
      mib(median(own.map((r) => r.before.rss))),
      `${mib(median(own.map((r) => r.before.heapUsed)))} → ${mib(median(own.map((r) => r.after.heapUsed)))}`,
      `${mib(median(own.map((r) => r.before.heapTotal)))} → ${mib(median(own.map((r) => r.after.heapTotal)))}`
    ]
  })
  const first = runs[0]
  const perClient = clients.length === 0 ? 0 : runs.length / clients.length
  return [
    `Node with \`--expose-gc\`, ${perClient} fresh processes per client (clients alternating round by round), \`getConversation\` at concurrency ${first?.concurrency ?? 64}. In each process: 100 requests, GC; ${fixed(first?.warmup ?? 0)} warm-up requests, GC, RSS ("after warm-up"); the measured ${fixed(first?.completed ?? 0)} requests, GC, RSS; then two more batches of ${fixed(first?.completed ?? 0)} to show whether RSS keeps climbing. Every GC is two \`gc()\` calls 50 ms apart. The static server's counter is reset before each batch and must match what the client completed.`,
    "",
    "RSS climbs during the first 20–30k requests for every client, raw ones included, while V8 and malloc size their pools; the warm-up covers that. A leak would show as JS heap or RSS rising batch after batch; allocator noise shows as a step in one batch that the next batches do not repeat.",
    "",
    table(
      [
        "client",
        "runs",
        "growth over the measured 10k (MiB, median; target < 10)",
        "min … max",
        "every run",
        "then over 20k more (median, min … max)",
        "requests / lost",
        "RSS after warm-up (MiB, median)",
        "JS heap used (MiB): warm-up → 10k",
        "V8 heap committed (MiB): warm-up → 10k"
      ],
      summary
    )
  ].join("\n")
}

interface AnatomyStep {
  readonly name: string
  readonly cpuMicros: ReadonlyArray<number>
  readonly rps?: ReadonlyArray<number>
}

/**
 * Rows marked ↳ add one thing to the row above; "ours" rows are compared with the last Effect
 * row (so Δ is what our runtime adds on top); "what-if" rows show only absolute figures.
 */
const anatomyTable = (steps: ReadonlyArray<AnatomyStep>): string => {
  const first = steps[0]
  const base = median(first?.cpuMicros ?? [])
  const hasRps = steps.some((step) => step.rps !== undefined)
  let previous = base
  const rows = steps.map((step) => {
    const cpu = median(step.cpuMicros)
    const signed = (d: number) => `${d >= 0 ? "+" : ""}${fixed(d, 1)}`
    const delta = step === first || step.name.startsWith("what-if") ? "—" : signed(cpu - previous)
    if (!step.name.startsWith("ours") && !step.name.startsWith("what-if")) previous = cpu
    const row = [step.name.replace(/^ {2}/, "↳ "), fixed(cpu, 1), delta, times(ratio(cpu, base))]
    if (hasRps) row.push(fixed(median(step.rps ?? [])))
    return row
  })
  const header = ["step", "CPU µs per request (median)", "Δ µs", `× first row`]
  if (hasRps) header.push("req/s (median)")
  return table(header, rows)
}

const anatomySection = (network: AnatomySuite, inMemory: OverheadSuite): string =>
  [
    `**Without the network** (\`client/suites/overhead.node.ts\`): an in-memory HttpClient answers every call with the ${"5 kB"} fixture; each step runs ${fixed(inMemory.calls)} sequential calls × ${inMemory.steps[0]?.cpuMicros.length ?? 0} alternating rounds; the figure is this process's CPU time ÷ calls. This is the steady measurement: it does not depend on what else the machine runs.`,
    "",
    anatomyTable(inMemory.steps),
    "",
    `**Over loopback** (\`client/suites/anatomy.node.ts\`): the same steps against the static server with FetchHttpClient, c=64, ${network.steps[0]?.cpuMicros.length ?? 0} alternating runs of 400 ms; CPU µs per request is this (client) process's user + system time ÷ requests.`,
    "",
    anatomyTable(network.steps)
  ].join("\n")

const profileSection = (runs: ReadonlyArray<ProfileRun>): string =>
  runs
    .map((run) => {
      const pct = (share: number) => `${(share * 100).toFixed(1)} %`
      return [
        `**${run.client}**, \`getConversation\` at c=64, V8 CPU profile of 3 s after a 1 s warm-up (${fixed(run.rps)} req/s while profiled; profile: \`${run.file}\`). Self time, idle excluded:`,
        "",
        table(
          ["package / module", "self", "function", "self"],
          Array.from(
            { length: Math.max(run.summary.packages.length, run.summary.functions.length) },
            (_, i) => {
              const pkg = run.summary.packages[i]
              const fn = run.summary.functions[i]
              return [
                pkg?.name ?? "",
                pkg === undefined ? "" : pct(pkg.share),
                fn === undefined ? "" : `\`${fn.name}\``,
                fn === undefined ? "" : pct(fn.share)
              ]
            }
          )
        )
      ].join("\n")
    })
    .join("\n\n")

/** The whole client section (without its markers). */
export const renderClientSection = (r: BenchResults): string => {
  const m = r.machine
  const ceiling = r.ceiling.map((c) => [
    `\`${c.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, "")}\``,
    fixed(c.rps.median),
    `${fixed(c.rps.min)}–${fixed(c.rps.max)}`,
    `\`${c.command.replace(/http:\/\/127\.0\.0\.1:\d+/, "http://127.0.0.1:PORT")}\``
  ])
  return [
    "## Client benchmarks",
    "",
    `Generated by \`pnpm bench\` on ${m.date} at commit \`${m.commit}\` (whole run: ${fixed(r.totalSeconds)} s). Every comparison runs side by side: the same process with the clients alternating round by round, or alternating spawned processes. Each figure is the median of ≥ 5 runs, with min–max.`,
    "",
    "### Headline: sequential latency added per call, scheduler on",
    "",
    sequentialSection(r.sequential),
    "",
    "### Machine",
    "",
    table(
      ["nproc", "CPU", "memory", "kernel", "Node", "Bun", "Deno", "load average 1/5/15 min: start → end"],
      [
        [
          String(m.nproc),
          m.cpu,
          `${m.memoryGiB} GiB`,
          m.kernel,
          m.node,
          m.bun,
          m.deno,
          `${m.loadAverage} → ${r.loadAverageEnd}`
        ]
      ]
    ),
    "",
    "On a machine shared with other work (a load average above nproc), req/s and wall-clock figures move from run to run; the CPU-µs-per-request columns and section 6's in-memory table move much less.",
    "",
    "### Commands",
    "",
    table(
      ["what", "command"],
      r.commands.map(([what, command]) => [what, `\`${command}\``])
    ),
    "",
    "### The static server",
    "",
    `\`bench/client/server/static-server.ts\`: node:http in its own process on 127.0.0.1, bodies serialised once at start: \`getConversation\` → a ConversationResponse of ${kB(r.server.singleBytes)} (3 messages, 2 participants); \`getConversations\` → 100 ConversationSummary (${kB(r.server.listBytes)}). Fixtures: \`bench/client/fixtures/conversation.ts\` (seeded, identical every run).`,
    "",
    r.ceiling.length === 0
      ? "Its ceiling: wrk is not installed (`apt-get install wrk`), so take the raw undici row at c=64 below as the ceiling seen by a Node client."
      : `Its ceiling, measured with ${r.ceiling[0]?.tool} (1 thread, 64 connections, 2 s × ${r.ceiling[0]?.rps.runs} runs; wrk and the server share the machine's ${m.nproc} cores):\n\n${table(["route", "req/s (median)", "min–max", "command"], ceiling)}`,
    "",
    "### 1. Throughput under concurrency (a way of working UltraCart forbids; kept to catch regressions)",
    "",
    'UltraCart refuses concurrent requests from one application (429) and allows 1,000 requests an hour, so these req/s figures describe no real deployment: they are kept because under concurrency the client\'s CPU cost per request decides req/s, so a regression in it shows plainly here. Our client runs here with `rateLimit: "off"` (with UltraCart\'s limits the scheduler would hold every cell at one request in flight and 1,000 an hour); rows at concurrency 16 and 64 are marked "UltraCart forbids". The headline above is the figure that applies.',
    "",
    `Clients: raw \`undici.request\` + JSON.parse, raw \`fetch\` + JSON.parse, the openapi-generator \`typescript-fetch\` client (generated by the real JAR from \`${r.peer.spec}\` into bench/.work/, bundled with esbuild), and ours — a \`ManagedRuntime\` built once, then \`runPromise(getConversation(args))\` per request, with full args encoding, policy (headers, retry and timeout wrappers) and schema decoding of the body. Every client sends the same headers and is checked to return the fixture before timing. Per cell: ${r.throughput[0]?.settings.warmupMs ?? 0} ms warm-up, then ${r.throughput[0]?.settings.rounds ?? 0} runs of ${r.throughput[0]?.settings.durationMs ?? 0} ms, client order rotated each round.`,
    "",
    "#### Regression targets (ours against each baseline, scheduler off)",
    "",
    throughputTargets(r.throughput),
    "",
    r.throughput.map(throughputTables).join("\n\n"),
    "",
    "### 2. Decoding",
    "",
    decodeSection(r.decode),
    "",
    "### 3. Bundle size",
    "",
    bundleSection(r.bundle),
    "",
    "### 4. Cold start",
    "",
    coldStartSection(r.coldStart),
    "",
    "### 5. Memory",
    "",
    memorySection(r.memory),
    "",
    "### 6. Where our time goes",
    "",
    anatomySection(r.anatomy, r.overhead),
    "",
    profileSection(r.profiles),
    "",
    r.analysis.trim()
  ].join("\n")
}
