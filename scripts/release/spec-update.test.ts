/**
 * spec:update end to end, one upstream-shaped fixture per kind of change, each in its own scratch
 * copy of the repository: the real CLI, the real generator, tsc on the regenerated client and
 * `changeset version` on the changeset it wrote.
 */
import { spawn } from "node:child_process"
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { changesetBump } from "./bump-policy.ts"
import { check, exec } from "./exec.ts"
import { type FixtureCase, materialize, readUpstream } from "./fixtures.ts"
import { makeSpecScratch } from "./spec-scratch.ts"
import { specUpdate } from "./spec-update.ts"

const root = resolve(import.meta.dirname, "../..")
const fixedGroup = [
  "@uc-conversation/core",
  "@uc-conversation/node",
  "@uc-conversation/bun",
  "@uc-conversation/deno"
]

let inputs: string
let env: NodeJS.ProcessEnv
const cleanups: Array<() => Promise<void>> = []
beforeAll(async () => {
  inputs = await mkdtemp(join(tmpdir(), "uc-spec-update-inputs-"))
  cleanups.push(() => rm(inputs, { recursive: true, force: true }))
  // Every scratch copy builds the same generator from the same files: one turbo cache for all of
  // them, warmed once here, turns a dozen identical tsc builds into cache hits.
  // UC_BOOTSTRAPPED: this process runs on the toolchain already; the root scripts' bootstrap
  // (scripts/run.sh) must not reinstall in a copy whose node_modules mirror the original.
  env = { ...process.env, TURBO_CACHE_DIR: join(inputs, "turbo-cache"), UC_BOOTSTRAPPED: "1" }
  const warm = await makeSpecScratch(root)
  cleanups.push(warm.remove)
  await check(["pnpm", "run", "generate"], { cwd: warm.dir, env })
})
afterAll(async () => {
  for (const c of cleanups) await c()
})

const scratch = async (): Promise<string> => {
  const s = await makeSpecScratch(root)
  cleanups.push(s.remove)
  return s.dir
}

const upstreamFile = async (name: string, text: string): Promise<string> => {
  const file = join(inputs, `${name}.json`)
  await writeFile(file, text)
  return file
}

const runSpecUpdate = (dir: string, args: ReadonlyArray<string>) =>
  exec(["node", "scripts/release/spec-update.ts", ...args], { cwd: dir, env, timeout: 280_000 })

/** `git status --porcelain` of the scratch copy: what spec:update wrote. */
const gitStatus = async (dir: string): Promise<ReadonlyArray<string>> => {
  const { stdout } = await check(["git", "status", "--porcelain", "--untracked-files=all"], { cwd: dir })
  return stdout.split("\n").filter((l) => l !== "")
}

const newChangesets = (status: ReadonlyArray<string>) =>
  status.filter((l) => l.startsWith("?? .changeset/")).map((l) => l.slice(3))

interface Case {
  readonly fixture: FixtureCase
  readonly args?: ReadonlyArray<string>
  readonly implied: "major" | "minor" | "patch"
  readonly headline: string
  readonly lines: ReadonlyArray<string>
  /** The "Sync defaults that need review" lines of the changeset, if any. */
  readonly review?: ReadonlyArray<string>
  /** A generated file that must have changed, and a string it must now contain (or lack). */
  readonly generated: { readonly file: string; readonly contains?: string; readonly lacks?: string }
}

const cases: ReadonlyArray<Case> = [
  {
    fixture: "docs-only",
    implied: "patch",
    headline: "Spec update from UltraCart (docs only): 1 change to `getConversationMessages`.",
    lines: ["- **Docs** `getConversationMessages`: description changed"],
    generated: { file: "operations/getConversationMessages.gen.ts", contains: "epoch milliseconds" }
  },
  {
    fixture: "optional-field",
    implied: "minor",
    headline: "Spec update from UltraCart (additive): 1 change to `Conversation`.",
    lines: ["- **Additive** `Conversation.conversation_webchat_queue_uuid`: added"],
    generated: { file: "models.gen.ts", contains: "conversation_webchat_queue_uuid" }
  },
  {
    // tag selection: a new conversation operation upstream is adopted without being named
    fixture: "new-operation",
    implied: "minor",
    headline:
      "Spec update from UltraCart (additive): 3 changes to `getAgentPresence`, `ConversationAgentPresence` and `ConversationAgentPresenceResponse`.",
    lines: [
      "- **Additive** `getAgentPresence`: operation added (GET /conversation/agent/presence)",
      "- **Additive** schema `ConversationAgentPresence`: added",
      "- **Additive** schema `ConversationAgentPresenceResponse`: added"
    ],
    review: ["- getAgentPresence: x-uc-retry-safe defaulted to true from its method (GET); needs review"],
    generated: { file: "operations/getAgentPresence.gen.ts", contains: '"/conversation/agent/presence"' }
  },
  {
    fixture: "removed-field",
    implied: "major",
    headline: "Spec update from UltraCart (breaking): 1 change to `ConversationParticipant`.",
    lines: ["- **Breaking** `ConversationParticipant.timezone`: removed"],
    // ConversationParticipant's own timezone (other schemas of the 141 operations have one too)
    generated: {
      file: "models.gen.ts",
      lacks:
        "  timezone: /*#__PURE__*/ Schema.optionalKey(/*#__PURE__*/ Nullish(Schema.String)),\n  unread_messages"
    }
  },
  {
    fixture: "required-parameter",
    implied: "major",
    headline: "Spec update from UltraCart (breaking): 1 change to `leaveConversation`.",
    lines: [
      "- **Breaking** `leaveConversation` query parameter `conversation_participant_arn`: added, required"
    ],
    generated: {
      file: "operations/leaveConversation.gen.ts",
      contains: '{ name: "conversation_participant_arn", in: "query", required: true'
    }
  },
  {
    fixture: "removed-operation",
    args: ["--remove-operation", "getConversationWebchatQueueStatuses"],
    implied: "major",
    headline:
      "Spec update from UltraCart (breaking): 5 changes to `getConversationWebchatQueueStatuses`, `ConversationWebchatQueueStatus`, `ConversationWebchatQueueStatusAgent`, `ConversationWebchatQueueStatusesResponse` and `ConversationWebchatQueueStatusQueueEntry`.",
    lines: [
      "- **Breaking** `getConversationWebchatQueueStatuses`: operation removed (GET /conversation/conversations/queues/statuses)",
      "- **Breaking** schema `ConversationWebchatQueueStatus`: removed",
      "- **Breaking** schema `ConversationWebchatQueueStatusAgent`: removed",
      "- **Breaking** schema `ConversationWebchatQueueStatusesResponse`: removed",
      "- **Breaking** schema `ConversationWebchatQueueStatusQueueEntry`: removed"
    ],
    generated: { file: "ConversationApi.gen.ts", lacks: "getConversationWebchatQueueStatuses" }
  }
]

describe.concurrent("spec:update on one fixture per kind of change", () => {
  for (const c of cases) {
    it(`${c.fixture}: ${c.implied} change -> changeset, regenerated client compiles, changelog names it`, async () => {
      const dir = await scratch()
      const coreManifest = JSON.parse(await readFile(join(dir, "packages/core/package.json"), "utf8"))
      const version: string = coreManifest.version
      const bump = changesetBump(c.implied, version)
      const mockManifest = JSON.parse(await readFile(join(dir, "packages/mock-server/package.json"), "utf8"))
      const mockBump = changesetBump(c.implied, mockManifest.version)
      const generatedFile = join(dir, "packages/core/src/generated", c.generated.file)
      const before = await readFile(generatedFile, "utf8").catch(() => "")

      const run = await runSpecUpdate(dir, [
        await upstreamFile(c.fixture, await materialize(c.fixture)),
        ...(c.args ?? [])
      ])
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`semver implies ${c.implied}`)

      // what it wrote: the spec, the generated client, one changeset
      const status = await gitStatus(dir)
      expect(status).toContain(" M spec/conversation.openapi.yaml")
      expect(status.some((l) => l.includes("packages/core/src/generated/"))).toBe(true)
      const written = newChangesets(status)
      expect(written).toHaveLength(1)
      const changeset = await readFile(join(dir, written[0]!), "utf8")
      expect(changeset).toBe(
        `---\n${fixedGroup.map((p) => `"${p}": ${bump}\n`).join("")}"@uc-conversation/mock-server": ${mockBump}\n---\n\n` +
          `${c.headline}\n\n${c.lines.join("\n")}` +
          `${c.review === undefined ? "" : `\n\nSync defaults that need review:\n\n${c.review.join("\n")}`}\n`
      )

      // the regenerated client reflects the change and compiles with the hand-written runtime
      const after = await readFile(generatedFile, "utf8")
      expect(after).not.toBe(before)
      if (c.generated.contains !== undefined) expect(after).toContain(c.generated.contains)
      if (c.generated.lacks !== undefined) expect(after).not.toContain(c.generated.lacks)
      await check(["pnpm", "exec", "tsc", "-p", "packages/core/tsconfig.build.json", "--noEmit"], {
        cwd: dir
      })

      // changeset version: every package of the fixed group moves, and its CHANGELOG names the change
      await check(["pnpm", "exec", "changeset", "version"], { cwd: dir })
      const bumped = JSON.parse(await readFile(join(dir, "packages/core/package.json"), "utf8")).version
      const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number)
      const expected =
        bump === "major"
          ? `${major + 1}.0.0`
          : bump === "minor"
            ? `${major}.${minor + 1}.0`
            : `${major}.${minor}.${patch + 1}`
      expect(bumped).toBe(expected)
      const changelog = await readFile(join(dir, "packages/core/CHANGELOG.md"), "utf8")
      expect(changelog).toContain(`## ${expected}`)
      expect(changelog).toContain(`- ${c.headline}`)
      for (const line of c.lines) expect(changelog).toContain(`  ${line}`)
      // the mock server ships the spec, so it is released with it and says why
      expect(await readFile(join(dir, "packages/mock-server/CHANGELOG.md"), "utf8")).toContain(
        `- ${c.headline}`
      )
    })
  }
})

describe.concurrent("spec:update when there is nothing to do or the input is bad", () => {
  it("says the spec is unchanged and writes nothing for the upstream the spec was synced from", async () => {
    const dir = await scratch()
    const run = await runSpecUpdate(dir, [
      await upstreamFile("unchanged", `${JSON.stringify(await readUpstream(), null, 2)}\n`)
    ])
    expect(run.code).toBe(0)
    // each committed patch is reported as applied; nothing else is said
    const lines = run.stdout.trimEnd().split("\n")
    expect(lines.at(-1)).toBe("spec:update: spec unchanged: nothing written")
    expect(lines.slice(0, -1)).toHaveLength(5)
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(/^spec:update: note: patch spec\/patches\/[a-z-]+\.json applied \(/)
    }
    expect(await gitStatus(dir)).toEqual([])
  })

  it("leaves a new upstream operation out when x-uc-sync-select excludes it, and says how to adopt it", async () => {
    const dir = await scratch()
    const spec = join(dir, "spec/conversation.openapi.yaml")
    const text = await readFile(spec, "utf8")
    await writeFile(spec, text.replace("  exclude: []\n", "  exclude:\n    - getAgentPresence\n"))
    const before = await gitStatus(dir)
    expect(before).toEqual([" M spec/conversation.openapi.yaml"])
    const run = await runSpecUpdate(dir, [
      await upstreamFile("new-op-excluded", await materialize("new-operation"))
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      "(left out): getAgentPresence (adopt one with --add-operation <operationId>)"
    )
    expect(run.stdout).toContain("spec:update: spec unchanged: nothing written")
    expect(await gitStatus(dir)).toEqual(before)
  })

  it("refuses an invalid upstream in one line, exit 1, nothing written", async () => {
    const dir = await scratch()
    const doc = (await readUpstream()) as { components: { schemas: Record<string, unknown> } }
    delete doc.components.schemas.ConversationParticipant
    const inputsToTry = [
      await upstreamFile("truncated", (await materialize("docs-only")).slice(0, 5000)),
      await upstreamFile("dangling-ref", JSON.stringify(doc)),
      join(inputs, "does-not-exist.json")
    ]
    for (const file of inputsToTry) {
      const run = await runSpecUpdate(dir, [file])
      expect(run.code, file).toBe(1)
      expect(run.stdout, file).toBe("")
      expect(run.stderr.trimEnd().split("\n"), file).toHaveLength(1)
      expect(run.stderr, file).toMatch(
        /^spec:update: invalid upstream document, nothing written: .+\.json#\//
      )
      expect(await gitStatus(dir), file).toEqual([])
    }
  })

  it("restores the spec and the generated client when regeneration fails", async () => {
    const dir = await scratch()
    const result = await specUpdate({
      root: dir,
      upstream: await upstreamFile("regen-fails", await materialize("optional-field")),
      log: () => {},
      regenerate: async (r) => {
        // a generator that dies half way: one file rewritten, one added, then a failure
        await writeFile(join(r, "packages/core/src/generated/models.gen.ts"), "export const broken =")
        await writeFile(join(r, "packages/core/src/generated/stray.gen.ts"), "")
        throw new Error("uc-generate: exited with 1")
      }
    })
    expect(result).toEqual({ status: "regenerate-failed", reason: "uc-generate: exited with 1" })
    expect(await gitStatus(dir)).toEqual([])
  })

  it("restores the spec and the generated client when interrupted half way", async () => {
    const dir = await scratch()
    const marker = join(inputs, "interrupted.marker")
    const upstream = await upstreamFile("interrupted", await materialize("removed-field"))
    // a regeneration that has rewritten one file when the user hits Ctrl-C (or CI kills the job)
    const script = join(inputs, "interrupted.ts")
    await writeFile(
      script,
      [
        `import { writeFile } from "node:fs/promises"`,
        `import { specUpdate } from ${JSON.stringify(join(dir, "scripts/release/spec-update.ts"))}`,
        `await specUpdate({ root: ${JSON.stringify(dir)}, upstream: ${JSON.stringify(upstream)}, log: () => {},`,
        `  regenerate: async (root) => {`,
        `    await writeFile(root + "/packages/core/src/generated/models.gen.ts", "export const half =")`,
        `    await writeFile(${JSON.stringify(marker)}, "")`,
        // Stalls until SIGTERM, or until this test's process is gone (its stdin pipe closes), so a
        // killed test run leaves no orphan behind.
        `    await new Promise(() => process.stdin.resume().once("end", () => process.exit(1)))`,
        `  } })`
      ].join("\n")
    )
    const child = spawn("node", [script], { cwd: dir, stdio: ["pipe", "ignore", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString()
    })
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
    while (
      !(await stat(marker).then(
        () => true,
        () => false
      ))
    )
      await new Promise((r) => setTimeout(r, 50))
    expect((await gitStatus(dir)).length).toBeGreaterThan(0)
    child.kill("SIGTERM")
    expect(await exited).toBe(130)
    expect(stderr).toBe("spec:update: SIGTERM: restoring the spec and the generated client\n")
    expect(await gitStatus(dir)).toEqual([])
  })

  it("restores everything when the generator rejects what sync accepted", async () => {
    const dir = await scratch()
    const doc = (await readUpstream()) as {
      paths: Record<string, { delete?: { parameters: Array<unknown> } }>
    }
    // an OpenAPI violation sync passes through and the generator's validator refuses
    doc.paths["/conversation/conversations/{conversation_uuid}/leave"]?.delete?.parameters.push({
      in: "query",
      name: "reason",
      schema: { type: "string" },
      style: "sideways"
    })
    const run = await runSpecUpdate(dir, [await upstreamFile("generator-rejects", JSON.stringify(doc))])
    expect(run.code).toBe(1)
    expect(run.stderr.split("\n")[0]).toMatch(
      /^spec:update: regeneration failed, spec and client restored: pnpm generate exited with 1: error UCG_E\d+ /
    )
    expect(await gitStatus(dir)).toEqual([])
  })

  it("refuses an upstream that dropped an operation of the spec unless told to remove it", async () => {
    const dir = await scratch()
    const run = await runSpecUpdate(dir, [
      await upstreamFile("op-gone", await materialize("removed-operation"))
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^spec:update: invalid upstream document, nothing written: .+#\/paths: operation\(s\) of the current spec no longer selected upstream \(tag "conversation"\): getConversationWebchatQueueStatuses .+ \(to accept the removal: --remove-operation <operationId>\)\n$/
    )
    expect(await gitStatus(dir)).toEqual([])
  })

  it("refuses --add-operation for an operation upstream does not have", async () => {
    const dir = await scratch()
    const run = await runSpecUpdate(dir, [
      await upstreamFile("bad-add", await materialize("docs-only")),
      "--add-operation",
      "getAgentPresence"
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("--add-operation getAgentPresence: no such Conversation operation upstream")
    expect(await gitStatus(dir)).toEqual([])
  })
})
