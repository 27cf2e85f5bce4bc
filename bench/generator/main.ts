/**
 * Generator benchmark: wall time and peak RSS of one cold generation, median of N runs, for
 * uc-generate and three peers, on the conversation spec, openai.openapi.yaml and the
 * conversation spec multiplied ×10/×50/×100. Writes bench/.work/generator/results.json and the
 * "Generator" section of bench/RESULTS.md.
 *
 * Usage: node bench/generator/main.ts [--runs 5] [--tools a,b] [--specs x,y] [--write]
 *
 * A run filtered by --tools or --specs does not touch bench/RESULTS.md (its table would be
 * partial): it prints the section instead, and writes only results.json. --write writes it anyway.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg, totalmem } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { formatResults } from "../formatResults.ts"
import { measure, median, type Sample } from "./measure.ts"
import { ensurePeers } from "./peers.ts"
import { countOf, writeSynthetic } from "./synthetic.ts"

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, "../..")
const work = join(repo, "bench/.work/generator")
const peers = join(repo, "bench/.work/generator-peers")
const jar = join(repo, "spec/.openapi-generator/jars/7.25.0.jar")
const node = process.execPath

const { values } = parseArgs({
  // `pnpm bench:generator -- --runs 5` passes the `--` on: it separates nothing here.
  args: process.argv.slice(2).filter((arg, i) => i > 0 || arg !== "--"),
  options: {
    runs: { type: "string", default: "5" },
    tools: { type: "string" },
    specs: { type: "string" },
    write: { type: "boolean", default: false },
    // Re-renders the section from the last complete run's results.json (no generation runs).
    render: { type: "boolean", default: false }
  }
})
const runs = Math.max(1, Number(values.runs))

interface Tool {
  readonly id: string
  readonly label: string
  readonly command: (spec: string, out: string) => ReadonlyArray<string>
  /** The generator prints its output: stdout goes to `<out>/client.ts`. */
  readonly stdout: boolean
}

const ucGenerate = (spec: string, out: string, ...flags: ReadonlyArray<string>): ReadonlyArray<string> => [
  node,
  join(repo, "generator/bin/uc-generate.js"),
  "--spec",
  spec,
  "--out",
  out,
  "--quiet",
  ...flags
]

const tools: ReadonlyArray<Tool> = [
  {
    id: "uc-generate",
    label: "uc-generate (this repo; validator verdict cached)",
    command: (spec, out) => ucGenerate(spec, out),
    stdout: false
  },
  {
    id: "uc-generate-no-cache",
    label: "uc-generate --no-cache (validates every run)",
    command: (spec, out) => ucGenerate(spec, out, "--no-cache"),
    stdout: false
  },
  {
    id: "effect-openapi-generator",
    label: "@effect/openapi-generator 4.0.0-beta.107",
    command: (spec) => [
      node,
      join(peers, "node_modules/.bin/openapigen"),
      "--spec",
      spec,
      "--name",
      "Client"
    ],
    stdout: true
  },
  {
    id: "hey-api",
    label: "@hey-api/openapi-ts 0.99.0",
    command: (spec, out) => [node, join(peers, "node_modules/.bin/openapi-ts"), "-i", spec, "-o", out, "-s"],
    stdout: false
  },
  {
    id: "typescript-fetch",
    label: "openapi-generator-cli 7.25.0 typescript-fetch",
    command: (spec, out) => [
      "java",
      "-jar",
      jar,
      "generate",
      "-g",
      "typescript-fetch",
      "-i",
      spec,
      "-o",
      out,
      "--skip-validate-spec"
    ],
    stdout: false
  }
]

interface Spec {
  readonly id: string
  readonly path: string
  readonly operations: number
  readonly schemas: number
}

const prepareSpecs = (): ReadonlyArray<Spec> => {
  const conversation = join(repo, "spec/conversation.openapi.yaml")
  mkdirSync(join(work, "specs"), { recursive: true })
  // The same document as JSON: the issue's figures compare both forms, and JSON is what every peer reads.
  const asJson = join(work, "specs", "conversation.json")
  writeSynthetic(conversation, 1, asJson, { suffix: false })
  const paths: Array<[string, string]> = [
    ["conversation", conversation],
    ["conversation (JSON)", asJson],
    // UltraCart's own YAML as published (4.1.136), defects included: which tools read it at all.
    ["UltraCart upstream YAML", join(repo, "spec/fixtures/upstream/ultracart-conversation-4.1.136.yaml")]
  ]
  for (const factor of [5, 10]) {
    const path = join(work, "specs", `conversation-x${factor}.json`)
    writeSynthetic(conversation, factor, path)
    paths.push([`conversation ×${factor}`, path])
  }
  paths.push(["openai", join(repo, "generator/test/scale/openai.openapi.yaml")])
  return paths.map(([id, path]) => ({ id, path, ...countOf(path) }))
}

const outputSize = (dir: string): { files: number; bytes: number } => {
  let files = 0
  let bytes = 0
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile() && /\.(ts|md)$/.test(entry.name)) {
        files++
        bytes += statSync(full).size
      }
    }
  }
  if (existsSync(dir)) walk(dir)
  return { files, bytes }
}

/** The last run's figures, rendered again (after a change to the section's wording). */
const render = (): void => {
  const saved = JSON.parse(readFileSync(join(work, "results.json"), "utf8")) as {
    commit: string
    runs: number
    elapsedS: number
    machine: Record<string, string | number>
    results: ReadonlyArray<Row>
  }
  const specs = prepareSpecs().filter((s) => saved.results.some((row) => row.spec === s.id))
  const used = tools.filter((t) => saved.results.some((row) => row.tool === t.id))
  writeSection(renderSection({ ...saved, specs, tools: used }))
}

const main = (): void => {
  if (values.render === true) {
    render()
    return
  }
  ensurePeers(here, peers)
  const selectedTools = tools.filter(
    (t) => values.tools === undefined || values.tools.split(",").includes(t.id)
  )
  const allSpecs = prepareSpecs()
  const specs = allSpecs.filter((s) => values.specs === undefined || values.specs.split(",").includes(s.id))
  const samples = new Map<string, Array<Sample>>()
  const sizes = new Map<string, { files: number; bytes: number }>()
  // uc-generate caches a passing validator verdict per document (what the maintainer's loop
  // hits: spec:update, generate, generate --check). The cached row runs against a cache warmed
  // here, once, untimed; the --no-cache row shows a document seen for the first time.
  process.env.UC_CONVERSATION_CACHE_DIR = join(work, "cache")
  rmSync(join(work, "cache"), { recursive: true, force: true })
  for (const spec of specs) {
    const [, ...args] = ucGenerate(spec.path, join(work, "warm"))
    spawnSync(node, args, { stdio: "ignore" })
  }
  const loadBefore = loadavg()
  const started = Date.now()
  // Round-robin: every round runs every tool on every spec, so background load spreads evenly.
  for (let round = 1; round <= runs; round++) {
    for (const spec of specs) {
      for (const tool of selectedTools) {
        const out = join(work, "out", tool.id, spec.id.replace(/\W+/g, "-"))
        rmSync(out, { recursive: true, force: true })
        mkdirSync(out, { recursive: true })
        const sample = measure(
          tool.command(spec.path, out),
          work,
          join(work, "rss.txt"),
          tool.stdout ? join(out, "client.ts") : undefined
        )
        const key = `${spec.id}\t${tool.id}`
        samples.set(key, [...(samples.get(key) ?? []), sample])
        if (round === 1) sizes.set(key, outputSize(out))
        console.info(
          `round ${round}/${runs} ${spec.id} ${tool.id}: ${sample.ok ? "ok" : `FAILED (${sample.stderrTail})`} ${Math.round(sample.wallMs)} ms, ${Math.round(sample.peakRssKb / 1024)} MB`
        )
      }
    }
  }
  const elapsedS = Math.round((Date.now() - started) / 1000)
  const results = specs.flatMap((spec) =>
    selectedTools.map((tool) => {
      const list = samples.get(`${spec.id}\t${tool.id}`) ?? []
      const ok = list.filter((s) => s.ok)
      return {
        spec: spec.id,
        tool: tool.id,
        runs: list.length,
        failures: list.length - ok.length,
        wallMsMedian: ok.length === 0 ? null : Math.round(median(ok.map((s) => s.wallMs))),
        wallMsMin: ok.length === 0 ? null : Math.round(Math.min(...ok.map((s) => s.wallMs))),
        wallMsMax: ok.length === 0 ? null : Math.round(Math.max(...ok.map((s) => s.wallMs))),
        peakRssMbMedian: ok.length === 0 ? null : Math.round(median(ok.map((s) => s.peakRssKb)) / 1024),
        output: sizes.get(`${spec.id}\t${tool.id}`),
        error: ok.length === list.length ? undefined : list.find((s) => !s.ok)?.stderrTail
      }
    })
  )
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim()
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    java: (spawnSync("java", ["-version"], { encoding: "utf8" }).stderr ?? "").split("\n")[0] ?? "",
    loadBefore: loadBefore.map((l) => l.toFixed(1)).join(" "),
    loadAfter: loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")
  }
  writeFileSync(
    join(work, "results.json"),
    `${JSON.stringify({ commit, runs, elapsedS, machine, results }, null, 2)}\n`
  )
  const section = renderSection({ commit, runs, elapsedS, machine, results, specs, tools: selectedTools })
  const complete = selectedTools.length === tools.length && specs.length === allSpecs.length
  if (complete || values.write === true) writeSection(section)
  else console.info(`${section}\n(a filtered run: bench/RESULTS.md left as it was; --write writes it)`)
}

interface Row {
  readonly spec: string
  readonly tool: string
  readonly failures: number
  readonly wallMsMedian: number | null
  readonly wallMsMin: number | null
  readonly wallMsMax: number | null
  readonly peakRssMbMedian: number | null
  readonly output: { files: number; bytes: number } | undefined
  readonly error: string | undefined
}

const renderSection = (r: {
  commit: string
  runs: number
  elapsedS: number
  machine: Record<string, string | number>
  results: ReadonlyArray<Row>
  specs: ReadonlyArray<Spec>
  tools: ReadonlyArray<Tool>
}): string => {
  const cell = (row: Row | undefined): string => {
    if (row === undefined) return "–"
    if (row.wallMsMedian === null) return "refused (why: below)"
    return `${(row.wallMsMedian / 1000).toFixed(2)} s (${(row.wallMsMin ?? 0) / 1000}–${(row.wallMsMax ?? 0) / 1000}) · ${row.peakRssMbMedian} MB${row.failures > 0 ? ` · ${row.failures} failed` : ""}`
  }
  const find = (spec: string, tool: string): Row | undefined =>
    r.results.find((x) => x.spec === spec && x.tool === tool)
  const header = `| spec | ${r.tools.map((t) => t.label).join(" | ")} |`
  const sep = `| --- | ${r.tools.map(() => "---").join(" | ")} |`
  // Paired in one run: uc-generate's median over @effect/openapi-generator's (target ≤ 1.0×).
  const ratio = (spec: string, tool: string): string => {
    const ours = find(spec, tool)?.wallMsMedian
    const peer = find(spec, "effect-openapi-generator")?.wallMsMedian
    return ours == null || peer == null ? "–" : `${(ours / peer).toFixed(2)}×`
  }
  const rows = r.specs.map(
    (s) =>
      `| ${s.id} | ${r.tools.map((t) => cell(find(s.id, t.id))).join(" | ")} | ${ratio(s.id, "uc-generate")} | ${ratio(s.id, "uc-generate-no-cache")} |`
  )
  const reads = r.tools.map((t) => {
    const row = find("UltraCart upstream YAML", t.id)
    // A tool's error text as one table cell: one line, no column separator.
    const why = (row?.error ?? "failed").replace(/\s+/g, " ").replaceAll("|", "\\|").trim()
    const verdict = row === undefined ? "not run" : row.wallMsMedian === null ? `no: ${why}` : "yes"
    return `| ${t.label} | ${verdict} |`
  })
  const sizeRows = r.specs.map(
    (s) =>
      `| ${s.id} | ${r.tools
        .map((t) => {
          const o = find(s.id, t.id)?.output
          return o === undefined ? "–" : `${o.files} files, ${Math.round(o.bytes / 1024)} KiB`
        })
        .join(" | ")} |`
  )
  const rel = (p: string): string => (p.startsWith(repo) ? relative(repo, p) : p)
  const commands = r.tools.map(
    (t) =>
      `| ${t.label} | \`${t
        .command("<spec>", "<out>")
        .map((part) => (part === process.execPath ? "node" : rel(part)))
        .join(" ")}${t.stdout ? " > <out>/client.ts" : ""}\` |`
  )
  const m = r.machine
  return `<!-- generator:begin -->
## Generator

Generated by \`pnpm bench:generator\` at commit \`${r.commit}\` (whole run: ${r.elapsedS} s). One cold process per
generation (parse + generate + write), all tools run round-robin so background load spreads evenly.
Each cell: median wall time of ${r.runs} runs (min–max) · median peak RSS (GNU time \`%M\`).

Machine: ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.java}. Load average before / after:
${m.loadBefore} / ${m.loadAfter} (other engineers' jobs share this machine, so absolute times are noisy;
the ratios between tools in one row are the figure to read).

Specs (the ×N ones are the conversation spec copied N times: paths under \`/v<i>\`, operationIds and
schemas suffixed \`V<i>\`, \`$ref\`s rewritten):

| spec | file | size | operations | schemas |
| --- | --- | --- | --- | --- |
${r.specs.map((s) => `| ${s.id} | \`${rel(s.path)}\` | ${Math.round(statSync(s.path).size / 1024)} KiB | ${s.operations} | ${s.schemas} |`).join("\n")}

${header} cached ÷ @effect/openapi-generator | --no-cache ÷ @effect/openapi-generator |
${sep} --- | --- |
${rows.join("\n")}

Which tools read UltraCart's YAML as published (\`spec/fixtures/upstream/ultracart-conversation-4.1.136.yaml\`):

| tool | reads it |
| --- | --- |
${reads.join("\n")}

uc-generate parses the file and then refuses it, on purpose: a \`$ref\` of UltraCart's points at no
schema (\`#/components/schemas/double[]\`), and a bad document is an error with its JSON pointer, not
partial output. UltraCart's document reaches this repo through \`npm run spec:sync\` / \`spec:update\`,
which read it as published, ignore that \`$ref\` (no selected operation reaches it, with a warning)
and apply the patches in \`spec/patches/\`; \`spec/conversation.openapi.yaml\` (the first rows) is
the result.

Output size (first run, .ts and .md files):

${header}
${sep}
${sizeRows.join("\n")}

Commands (from \`bench/.work/generator\`; peers are installed by the script into \`bench/.work/generator-peers\`
with npm, outside the workspace, because @effect/openapi-generator 4.0.0-beta.107 needs effect 4.0.0-beta.107 and
@hey-api/openapi-ts needs TypeScript 5's compiler API):

| tool | command |
| --- | --- |
| everything (repo root) | \`pnpm bench:generator\` (options: \`-- --runs 5 --tools uc-generate,hey-api --specs openai\`; a filtered run prints instead of writing unless \`--write\`; \`-- --render\` writes the last complete run's section again) |
${commands.join("\n")}

Notes: uc-generate validates the document (@readme/openapi-parser) on a worker thread beside IR and emit, and
keeps a passing verdict in a cache keyed by the document (by the file's bytes when it refers to no other file, so
a cached run starts no worker), the rules, the validator's version and its own validating code (\`--no-cache\`
turns it off; the cached row's cache is warmed once, untimed, before the rounds).
It writes one module per operation plus models, service, metadata, index and api.md; @effect/openapi-generator prints one module to stdout;
openapi-generator runs with \`--skip-validate-spec\` (it rejects openai.openapi.yaml otherwise).
<!-- generator:end -->`
}

const writeSection = (section: string): void => {
  const file = join(repo, "bench/RESULTS.md")
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n"
  const begin = current.indexOf("<!-- generator:begin -->")
  const end = current.indexOf("<!-- generator:end -->")
  const next =
    begin >= 0 && end > begin
      ? `${current.slice(0, begin)}${section}${current.slice(end + "<!-- generator:end -->".length)}`
      : `${current.trimEnd()}\n\n${section}\n`
  writeFileSync(file, next)
  formatResults(repo, file)
  console.info(`wrote the Generator section of ${relative(repo, file)}`)
}

main()
