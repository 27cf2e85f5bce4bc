import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { expect, it } from "vitest"
import { startMockServer } from "./index.ts"
import { loadSpec } from "./internal/spec.ts"

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const schemathesis = process.env.SCHEMATHESIS_BIN || join(repoRoot, ".toolchain/venv/bin/schemathesis")
const config = fileURLToPath(new URL("../schemathesis.toml", import.meta.url))
/** Fixed so a CI failure reproduces; set UC_MOCK_SCHEMATHESIS_SEED to explore other cases. */
const seed = process.env.UC_MOCK_SCHEMATHESIS_SEED || "1"

const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { cwd: string; env: NodeJS.ProcessEnv }
): Promise<{ code: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    // Asynchronous on purpose: the mock answers from this very process while schemathesis runs.
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, output }))
  })

it("schemathesis (every check, coverage + fuzzing + stateful) finds no issue against the mock", async () => {
  if (!existsSync(schemathesis)) {
    throw new Error(
      `schemathesis is not installed at ${schemathesis}. Install it with:\n` +
        `  cd ${repoRoot} && source scripts/toolchain.sh && source scripts/provision.sh && ensure_schemathesis\n` +
        "or point SCHEMATHESIS_BIN at a schemathesis binary (version pinned in .toolchain/requirements.txt)."
    )
  }
  // Off explicitly: schemathesis sends hundreds of requests back to back, far past UltraCart's
  // hourly budget; conformance is about shapes, and the limits have their own suite (rateLimit.test.ts).
  const mock = await startMockServer({ port: 0, rateLimit: "off" })
  const workdir = mkdtempSync(join(tmpdir(), "uc-mock-schemathesis-"))
  try {
    const seeded = mock.addConversation({}).conversation_uuid
    const { code, output } = await run(
      schemathesis,
      [
        "--config-file",
        config,
        "run",
        loadSpec().path,
        "--url",
        mock.baseUrl,
        "-H",
        `x-ultracart-simple-key: ${mock.simpleKey}`,
        "-H",
        "X-UltraCart-Api-Version: 2017-03-01",
        "--checks",
        "all",
        // Bounded by count and seed, never by time: the same cases run however loaded the machine is.
        "--max-examples",
        "20",
        "--seed",
        seed,
        "--workers",
        "1",
        // Hypothesis' too_slow health check times data generation on the wall clock; every other
        // health check stays on.
        "--suppress-health-check",
        "too_slow",
        // Only a hang detector: the mock answers in milliseconds, the suite runs beside nine others.
        "--request-timeout",
        "120",
        "--no-color"
      ],
      { cwd: workdir, env: { ...process.env, UC_MOCK_CONVERSATION_UUID: seeded } }
    )
    const summary = /(\d+) generated, (\d+) passed/.exec(output)
    const result = output.split("\n").find((line) => /={3,} .* in [\d.]+s =+/.test(line))
    expect(code, output).toBe(0)
    expect(summary, output).not.toBeNull()
    const [, generated, passed] = summary!
    expect(Number(generated)).toBeGreaterThan(100)
    expect(passed).toBe(generated)
    expect(result, output).toMatch(/No issues found/)
    expect(output).toMatch(/Tested: 11/)
    // The credential must not leak into schemathesis' output either.
    expect(output).not.toContain(mock.simpleKey)
    console.log(`schemathesis: ${summary![0]} (seed ${seed}); ${result?.replace(/=+/g, "").trim()}`)
  } finally {
    rmSync(workdir, { recursive: true, force: true })
    await mock.close()
  }
  // A hang detector, not a speed check: ~23 s alone, 37 s with the whole `npm test` graph at load 15.
}, 900_000)
