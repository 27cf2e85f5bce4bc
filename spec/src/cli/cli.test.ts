import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type CliRun, fixture, REPO_ROOT, runTool } from "../test-support/cli.ts"

const SPEC = "spec/conversation.openapi.yaml"
const UPSTREAM = fixture("upstream/ultracart-conversation-4.1.136.yaml")
const SEED = fixture("upstream/ultracart-conversation-upstream.json")
const scratch = mkdtempSync(join(tmpdir(), "uc-spec-cli-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Each kind of bad input, with the pointer (and position) its one-line error must name. */
const BAD_INPUTS = [
  { name: "a missing file", file: fixture("does-not-exist.yaml"), where: "#/: file not found" },
  {
    name: "invalid YAML",
    file: fixture("invalid-syntax.yaml"),
    where: "#/paths/~1conversation~1conversations/get/responses (line 10:7): invalid YAML"
  },
  {
    name: "invalid JSON",
    file: fixture("invalid-syntax.json"),
    where: "#/paths/~1conversation~1conversations/get/operationId (line 6:49): invalid JSON"
  },
  {
    name: "an unresolvable $ref",
    file: fixture("unresolvable-ref.yaml"),
    where:
      '#/paths/~1conversation~1conversations/get/responses/200/content/application~1json/schema/$ref: unresolvable $ref "#/components/schemas/Missing"'
  },
  {
    name: "no Conversation operations",
    file: fixture("no-conversation.yaml"),
    where: "#/paths: no Conversation operations"
  }
] as const

const expectOneLineError = (run: CliRun, tool: string, file: string, where: string): void => {
  expect(run.status).toBe(1)
  expect(run.stdout).toBe("")
  const lines = run.stderr.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  expect(lines[0]?.startsWith(`${tool}: error: ${file}${where}`)).toBe(true)
}

describe.concurrent.each(BAD_INPUTS)("bad input: $name", ({ file, where }) => {
  it("spec:validate reports one line and exits 1", async () => {
    expectOneLineError(await runTool("validate", [file]), "spec:validate", file, where)
  })

  it("spec:sync reports one line, exits 1 and writes nothing", async () => {
    // A directory of its own: concurrent tests write temp files into the shared scratch.
    const dir = mkdtempSync(join(scratch, "bad-"))
    const out = join(dir, `never-${file.replace(/\W/g, "_")}.yaml`)
    expectOneLineError(await runTool("sync", [file, "--out", out]), "spec:sync", file, where)
    expect(existsSync(out)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })

  it("spec:sync refuses it as the current spec too, writing nothing", async () => {
    const out = join(scratch, `never-current-${file.replace(/\W/g, "_")}.yaml`)
    const run = await runTool("sync", [UPSTREAM, "--current", file, "--out", out])
    expect(run.status).toBe(1)
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr.startsWith(`spec:sync: error: ${file}${where}`)).toBe(true)
    expect(existsSync(out)).toBe(false)
  })

  it("spec:diff reports one line and exits 1, on either side", async () => {
    expectOneLineError(await runTool("diff", [file, SPEC]), "spec:diff", file, where)
    expectOneLineError(await runTool("diff", [SPEC, file, "--json"]), "spec:diff", file, where)
  })
})

describe.concurrent("spec:validate", () => {
  it("runs the real openapi-generator-cli JAR and @readme/openapi-parser on the committed spec", async () => {
    const run = await runTool("validate", [])
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/\$ java -jar \S+\/7\.25\.0\.jar version\n/)
    expect(run.stdout).toContain("openapi-generator-cli version: 7.25.0")
    expect(run.stdout).toMatch(
      /\$ java -jar \S+\/7\.25\.0\.jar validate -i \S+\/spec\/conversation\.openapi\.yaml\n/
    )
    expect(run.stdout).toContain("No validation issues detected.")
    expect(run.stdout).toContain("@readme/openapi-parser 9.0.0: valid")
    expect(run.stdout).toContain(
      "141 operations (141 Conversation), 180 schemas; every $ref resolves; x-uc-* rules hold"
    )
    expect(run.stdout.trimEnd().endsWith(`OK ${SPEC}`)).toBe(true)
  })

  it("fails when both validators reject a document", async () => {
    const file = fixture("rejected-by-validators.yaml")
    const run = await runTool("validate", [file])
    expect(run.status).toBe(1)
    expect(run.stdout).toContain("attribute info.title is missing")
    expect(run.stdout).toContain("@readme/openapi-parser 9.0.0: INVALID")
    expect(run.stderr).toBe(
      `spec:validate: error: ${file}: rejected by openapi-generator-cli and @readme/openapi-parser\n`
    )
  })

  it("fails with one line naming the provisioning command when the JAR is missing", async () => {
    const run = await runTool("validate", [], { OPENAPI_GENERATOR_JAR: "/nonexistent/7.25.0.jar" })
    expect(run.status).toBe(1)
    expect(run.stderr).toBe(
      "spec:validate: error: openapi-generator-cli 7.25.0 JAR not found at /nonexistent/7.25.0.jar; provision it: " +
        "cd <repo> && source scripts/toolchain.sh && source scripts/provision.sh && ensure_openapi_generator_jar\n"
    )
  })

  it("exits 2 on a usage error", async () => {
    const run = await runTool("validate", ["a", "b"])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("usage: spec:validate")
  })
})

describe.concurrent("spec:sync", () => {
  it("writes the committed spec from the upstream extract", async () => {
    const dir = mkdtempSync(join(scratch, "synced-"))
    const out = join(dir, "synced.yaml")
    const run = await runTool("sync", [UPSTREAM, "--out", out])
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(`spec:sync: wrote ${out} (141 operations, 180 schemas) from ${UPSTREAM}\n`)
    expect(run.stderr).not.toContain("warning")
    expect(run.stderr).toContain(
      "spec:sync: note: patch spec/patches/heatmap-data-double-array.json applied ("
    )
    expect(readFileSync(out, "utf8")).toBe(readFileSync(join(REPO_ROOT, SPEC), "utf8"))
    expect(readdirSync(dir)).toEqual(["synced.yaml"])
  })

  it("--check passes on the committed spec and fails on a stale one", async () => {
    expect((await runTool("sync", [UPSTREAM, "--check"])).status).toBe(0)
    const stale = join(scratch, "stale.yaml")
    writeFileSync(
      stale,
      readFileSync(join(REPO_ROOT, SPEC), "utf8").replace("x-uc-retry-safe: false", "x-uc-retry-safe: true")
    )
    const run = await runTool("sync", [UPSTREAM, "--out", stale, "--check"])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`${stale} differs`)
  })

  it("converts a Swagger 2.0 upstream, overlaying a given current spec", async () => {
    const current = join(scratch, "current.yaml")
    writeFileSync(
      current,
      [
        "openapi: 3.1.0",
        "info: {title: t, version: '1'}",
        "x-uc-sync-operations: [getConversation]",
        "paths:",
        "  /conversation/conversations/{conversation_uuid}:",
        "    get: {operationId: getConversation, tags: [conversation], x-uc-retry-safe: true}",
        ""
      ].join("\n")
    )
    const out = join(scratch, "from-swagger2.yaml")
    const noPatches = mkdtempSync(join(scratch, "no-patches-"))
    const run = await runTool("sync", [
      fixture("swagger2.json"),
      "--current",
      current,
      "--out",
      out,
      "--patches",
      noPatches
    ])
    expect(run.status).toBe(0)
    expect(run.stderr).toBe(
      "spec:sync: note: 1 Conversation operation(s) upstream are not selected and were left out: getAgentKeepAlive\n"
    )
    const text = readFileSync(out, "utf8")
    expect(text).toContain("openapi: 3.1.0")
    expect(text).toContain("operationId: getConversation\n      x-uc-retry-safe: true")
    expect(text).not.toContain("getAgentKeepAlive")
    expect(text).not.toContain("order_read")
  })

  it("warns about a broken $ref outside the selection and exits 0", async () => {
    const current = join(scratch, "legacy-current.yaml")
    writeFileSync(
      current,
      readFileSync(join(REPO_ROOT, SPEC), "utf8").replace(
        "x-uc-sync-select:\n  tag: conversation\n  exclude: []\n",
        "x-uc-sync-operations: [getConversation]\n"
      )
    )
    const out = join(scratch, "legacy-out.yaml")
    const noPatches = mkdtempSync(join(scratch, "no-patches-"))
    const run = await runTool("sync", [UPSTREAM, "--current", current, "--out", out, "--patches", noPatches])
    expect(run.status).toBe(0)
    expect(run.stderr).toContain(
      `spec:sync: warning: ${UPSTREAM}#/components/schemas/ConversationAgentStatusHeatmapResponse/properties/data/items/$ref: ` +
        'unresolvable $ref "#/components/schemas/double[]" outside the selection (no selected operation reaches it): ignored\n'
    )
    expect(run.stdout).toBe(`spec:sync: wrote ${out} (1 operations, 12 schemas) from ${UPSTREAM}\n`)
  })

  it("fails at the pointer of a broken $ref inside the selection, writing nothing", async () => {
    const out = join(scratch, "never-unpatched.yaml")
    const noPatches = mkdtempSync(join(scratch, "no-patches-"))
    const run = await runTool("sync", [UPSTREAM, "--out", out, "--patches", noPatches])
    expect(run.status).toBe(1)
    expect(run.stderr).toBe(
      `spec:sync: error: ${UPSTREAM}#/components/schemas/ConversationAgentStatusHeatmapResponse/properties/data/items/$ref: ` +
        'unresolvable $ref "#/components/schemas/double[]"\n'
    )
    expect(existsSync(out)).toBe(false)
  })

  it("warns loudly about a patch that no longer applies, and still writes", async () => {
    const out = join(scratch, "seed-out.yaml")
    const current = join(scratch, "seed-current.yaml")
    writeFileSync(
      current,
      readFileSync(join(REPO_ROOT, SPEC), "utf8").replace(
        "x-uc-sync-select:\n  tag: conversation\n  exclude: []\n",
        "x-uc-sync-operations: [getConversation]\n"
      )
    )
    const run = await runTool("sync", [SEED, "--current", current, "--out", out])
    expect(run.status).toBe(0)
    expect(run.stderr).toContain(
      "spec:sync: warning: patch spec/patches/heatmap-data-double-array.json NO LONGER APPLIES: its test at " +
        `${SEED}#/components/schemas/ConversationAgentStatusHeatmapResponse/properties/data/items failed, so the defect it repairs is gone upstream (fixed?); nothing of it was applied. Check the upstream fix and remove the patch.\n`
    )
    expect(existsSync(out)).toBe(true)
  })

  it.each([
    {
      name: "an operation that is not RFC 6902",
      patch: {
        reason: "r",
        where: "w",
        upstream: "1",
        operations: [
          { op: "test", path: "/a", value: 1 },
          { op: "frobnicate", path: "/a" }
        ]
      },
      where: "#/operations/1: invalid JSON Patch operation: "
    },
    {
      name: "no reason",
      patch: { where: "w", upstream: "1", operations: [{ op: "test", path: "/a", value: 1 }] },
      where: "#/reason: must be a non-empty string"
    },
    {
      name: "no leading test",
      patch: { reason: "r", where: "w", upstream: "1", operations: [{ op: "remove", path: "/a" }] },
      where: '#/operations/0: must be a "test" operation'
    },
    {
      name: "a path that is not a JSON pointer",
      patch: { reason: "r", where: "w", upstream: "1", operations: [{ op: "test", path: "a", value: 1 }] },
      where: "#/operations/0: invalid JSON Patch operation: "
    }
  ])(
    "refuses a malformed patch file ($name) with its file and pointer, writing nothing",
    async ({ patch, where }) => {
      const dir = mkdtempSync(join(scratch, "bad-patches-"))
      const file = join(dir, "bad.json")
      writeFileSync(file, JSON.stringify(patch))
      const out = join(scratch, `never-${patch.operations.length}-${where.length}.yaml`)
      const run = await runTool("sync", [UPSTREAM, "--out", out, "--patches", dir])
      expectOneLineError(run, "spec:sync", file, where)
      expect(existsSync(out)).toBe(false)
    }
  )

  it("refuses a patch file that is not valid JSON, at its line", async () => {
    const dir = mkdtempSync(join(scratch, "bad-patches-"))
    const file = join(dir, "bad.json")
    writeFileSync(file, '{"reason": "r",\n "operations": [}\n')
    const out = join(scratch, "never-json.yaml")
    const run = await runTool("sync", [UPSTREAM, "--out", out, "--patches", dir])
    expectOneLineError(run, "spec:sync", file, "#/operations (line 3:1): invalid JSON")
    expect(existsSync(out)).toBe(false)
  })

  it("exits 2 without an upstream file", async () => {
    expect((await runTool("sync", [])).status).toBe(2)
    expect((await runTool("sync", [UPSTREAM, "--bogus"])).status).toBe(2)
  })
})

describe.concurrent("spec:diff", () => {
  it("prints the JSON report with the implied bump", async () => {
    const run = await runTool("diff", [SEED, SPEC, "--json"])
    expect(run.status).toBe(0)
    const report = JSON.parse(run.stdout) as {
      old: string
      new: string
      bump: string
      counts: Record<string, number>
      changes: ReadonlyArray<Record<string, unknown>>
    }
    expect(report.old).toBe(SEED)
    expect(report.new).toBe(SPEC)
    expect(report.bump).toBe("major")
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        kind: "additive",
        rule: "response-added",
        operationId: "joinConversation",
        status: "204",
        pointer: "/paths/~1conversation~1conversations~1{conversation_uuid}~1join/put/responses/204",
        side: "new"
      })
    )
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: "breaking", rule: "security-scheme-removed", side: "old" })
    )
    const total = report.counts.breaking! + report.counts.additive! + report.counts.docs!
    expect(total).toBe(report.changes.length)
  })

  it("prints a human summary by default", async () => {
    const run = await runTool("diff", [SPEC, SPEC])
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(`${SPEC} → ${SPEC}: no changes (0 breaking, 0 additive, 0 docs-only)\n`)
  })

  it("exits 2 unless given two files", async () => {
    expect((await runTool("diff", [SPEC])).status).toBe(2)
  })
})
