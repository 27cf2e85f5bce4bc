/**
 * Cold start: a fresh Node process from spawn to its first completed request (import, layer,
 * request, decode), ours against raw fetch. The entry scripts in client/coldstart/ are
 * compiled to plain .mjs first so type stripping costs no side anything; runs alternate.
 */
import { spawn } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { basename, join } from "node:path"
import { transform } from "esbuild"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { benchRoot, workDir } from "../harness/paths.ts"

/** Timings of one variant over every run, in milliseconds. */
export interface ColdStartVariant {
  readonly name: string
  readonly script: string
  /** performance.now() in the child when the first response was decoded (time since process start). */
  readonly readyMs: Array<number>
  /** Wall time in the parent from spawn to exit. */
  readonly wallMs: Array<number>
}

const LABELS: Readonly<Record<string, string>> = {
  "raw-fetch": "raw fetch + JSON.parse",
  "ours-node": "ours (Node adapter, fetch)",
  "ours-node-undici": "ours (Node adapter /undici), app imports `effect/Effect`",
  "ours-fetch": "ours (core + FetchHttpClient)",
  "ours-node-subpaths": "ours (Node adapter), app imports `effect/Effect`",
  "ours-transport": "ours (core + FetchTransport), app imports `effect/Effect`"
}

const runOnce = (script: string, baseUrl: string): Promise<{ readyMs: number; wallMs: number }> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, BENCH_BASE_URL: baseUrl, BENCH_UUID: SINGLE_UUID },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    const timer = setTimeout(() => child.kill(), 30_000)
    child.on("exit", (code) => {
      clearTimeout(timer)
      const wallMs = performance.now() - t0
      if (code !== 0) reject(new Error(`${basename(script)} exited with ${code}`))
      else resolve({ readyMs: (JSON.parse(out) as { readyMs: number }).readyMs, wallMs })
    })
  })

/** Compiles the entries and runs each `rounds` times, alternating. */
export const measureColdStart = async (baseUrl: string, rounds: number): Promise<Array<ColdStartVariant>> => {
  const source = join(benchRoot, "client/coldstart")
  const out = join(workDir, "coldstart")
  mkdirSync(out, { recursive: true })
  const variants: Array<ColdStartVariant> = []
  for (const file of readdirSync(source)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .reverse()) {
    const { code } = await transform(readFileSync(join(source, file), "utf8"), {
      loader: "ts",
      format: "esm"
    })
    const script = join(out, file.replace(/\.ts$/, ".mjs"))
    writeFileSync(script, code)
    const key = file.replace(/\.ts$/, "")
    variants.push({ name: LABELS[key] ?? key, script: `client/coldstart/${file}`, readyMs: [], wallMs: [] })
  }
  // One untimed run each warms the OS file cache, so the first timed run is not an outlier.
  for (const v of variants) await runOnce(join(out, basename(v.script).replace(/\.ts$/, ".mjs")), baseUrl)
  for (let round = 0; round < rounds; round++) {
    for (const v of variants) {
      const { readyMs, wallMs } = await runOnce(
        join(out, basename(v.script).replace(/\.ts$/, ".mjs")),
        baseUrl
      )
      v.readyMs.push(readyMs)
      v.wallMs.push(wallMs)
    }
  }
  return variants
}
