import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { isObject } from "@uc-conversation/spec"
import { expect, it } from "vitest"
import { seededPathValues } from "../test/sampleRequests.ts"
import { startMockServer } from "./index.ts"
import { handlers } from "./internal/operations.ts"
import { engineFor } from "./internal/resources/engine.ts"
import { DEFAULT_SEED } from "./internal/seed.ts"
import { loadSpec } from "./internal/spec.ts"

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
const schemathesis = process.env.SCHEMATHESIS_BIN || join(repoRoot, ".toolchain/venv/bin/schemathesis")
const config = fileURLToPath(new URL("../schemathesis.toml", import.meta.url))
/** Fixed so a CI failure reproduces; set UC_MOCK_SCHEMATHESIS_SEED to explore other cases. */
const seed = process.env.UC_MOCK_SCHEMATHESIS_SEED || "1"

/**
 * Operations that refuse some schema-valid requests by UltraCart's documented rules, with the 400
 * the mock (like UltraCart) answers: a number not offered for purchase ("must be from the available
 * phone number search results"), `resolve_only` with nothing to resolve, an unknown autocomplete
 * field, an inverted date range, an SMS unsubscribe on a websocket conversation.
 */
const REFUSES_BY_RULE = [
  "purchasePbxPhoneNumber",
  "startConversation",
  "getConversationsAutocomplete",
  "getConversationsSearch",
  "smsUnsubscribeConversation"
]
/** schemathesis' default expected statuses for positive_data_acceptance, plus UltraCart's 400. */
const ACCEPTED_OR_400 = ["2XX", "3XX", "400", "401", "403", "404", "409", "429", "5XX"]

/**
 * The checked-in settings plus one `[[operations]]` section per operation, derived from the spec:
 * - path identifiers pinned to seeded resources (a twin engine with the mock's seed knows them),
 *   so positive cases reach real success answers; a DELETE gets another item than the rest, and
 *   may see its item already gone (400) after its first case;
 * - operations that declare no 400 at all (upstream lists only 200 for several newer ones) skip
 *   status_code_conformance: their 400 for bad input is UltraCart's answer, just undeclared.
 */
const generatedConfig = (): string => {
  const spec = loadSpec()
  const twin = engineFor(spec, DEFAULT_SEED)
  const sections = spec.operations.flatMap((operation) => {
    const lines = ["[[operations]]", `include-operation-id = ${JSON.stringify(operation.operationId)}`]
    // Hand-handled operations keep the checked-in pins (their resources live in the conversation store).
    const seeded = handlers[operation.operationId] === undefined ? seededPathValues(twin, operation) : {}
    const pins = Object.entries(seeded).map(
      ([name, value]) => `${JSON.stringify(`path.${name}`)} = ${JSON.stringify(value)}`
    )
    if (pins.length > 0) lines.push(`parameters = { ${pins.join(", ")} }`)
    if (operation.method === "DELETE" || REFUSES_BY_RULE.includes(operation.operationId))
      lines.push(
        "[operations.checks.positive_data_acceptance]",
        `expected-statuses = ${JSON.stringify(ACCEPTED_OR_400)}`
      )
    const responses = isObject(operation.operation.responses) ? operation.operation.responses : {}
    if (!("400" in responses)) lines.push("[operations.checks.status_code_conformance]", "enabled = false")
    return lines.length > 2 ? [lines.join("\n")] : []
  })
  // Every check, as `--checks all` would, but in the file so the sections above can turn one off
  // (a CLI `--checks` outranks per-operation settings).
  return `${readFileSync(config, "utf8")}\n[checks]\nenabled = true\n\n${sections.join("\n\n")}\n`
}

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
  const configFile = join(workdir, "schemathesis.toml")
  try {
    writeFileSync(configFile, generatedConfig())
    const seeded = mock.addConversation({}).conversation_uuid
    const { code, output } = await run(
      schemathesis,
      [
        "--config-file",
        configFile,
        "run",
        loadSpec().path,
        "--url",
        mock.baseUrl,
        "-H",
        `x-ultracart-simple-key: ${mock.simpleKey}`,
        "-H",
        "X-UltraCart-Api-Version: 2017-03-01",
        // Bounded by count and seed, never by time: the same cases run however loaded the machine is.
        "--max-examples",
        "10",
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
    // The one warning allowed: "validation mismatch" for operations whose 400 is the documented
    // answer (a DELETE repeated on an item already gone, a rule above); anything else fails.
    expect(result, output).toMatch(/No issues found|= 1 warning in/)
    const warnings = /={3,} WARNINGS ={3,}\n([\s\S]*?)\n={3,} SUMMARY/.exec(output)?.[1] ?? ""
    for (const line of warnings.split("\n").filter((l) => l.trim() !== "")) {
      const listed = /^\s+- ([A-Z]+) (\S+)$/.exec(line)
      if (listed === null) {
        expect(line, output).toMatch(/^Schema validation mismatch: |^💡 /)
        continue
      }
      const [, method, path] = listed
      const operation = loadSpec().operations.find((o) => o.method === method && o.pathTemplate === path)
      expect(method === "DELETE" || REFUSES_BY_RULE.includes(operation?.operationId ?? ""), line).toBe(true)
    }
    expect(output).toMatch(new RegExp(`Tested: ${loadSpec().operations.length}\\b`))
    // The credential must not leak into schemathesis' output either.
    expect(output).not.toContain(mock.simpleKey)
    console.log(`schemathesis: ${summary![0]} (seed ${seed}); ${result?.replace(/=+/g, "").trim()}`)
  } finally {
    rmSync(workdir, { recursive: true, force: true })
    await mock.close()
  }
  // A hang detector, not a speed check: ~60 s alone for the 141 operations on two loaded cores.
}, 900_000)
