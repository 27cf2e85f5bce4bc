/**
 * `pnpm spec:update <upstream-file>`: the maintainer's whole loop in one command.
 * sync → diff against the current spec → regenerate the client → write a changeset for the fixed
 * group with the bump the diff implies → print what happened.
 *
 *   node scripts/release/spec-update.ts <upstream-file> [--add-operation <id>]... [--remove-operation <id>]...
 *
 * Exit 0: updated, or nothing changed (then nothing is written). Exit 1: the upstream document is
 * unusable (one line says why, nothing written) or regeneration failed (spec and generated client
 * restored). Exit 2: usage.
 */
import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import { join, relative, resolve } from "node:path"
import { parseArgs } from "node:util"
import { isSpecError, writeFileAtomic } from "@uc-conversation/spec"
import { type Bump, changesetBump } from "./bump-policy.ts"
import { readFixedGroup, renderChangeset, writeChangeset } from "./changeset-file.ts"
import { exec, stopAll } from "./exec.ts"
import { capture, changedFiles, restore, type Snapshot } from "./snapshot.ts"
import { type SyncAndDiff, syncAndDiff } from "./spec-sync.ts"
import { changeLine, formatSummary } from "./summary.ts"
import { listWorkspacePackages } from "./workspace.ts"

/** The package whose version the bump policy reads; the generated client lives in it. */
const CORE = "@uc-conversation/core"
/**
 * Packages outside the fixed group that publish the spec itself (mock-server copies it into dist/
 * and validates requests against it), so their behaviour moves with it. Each is bumped by the
 * same policy, applied to its own version.
 */
const SHIPS_THE_SPEC: ReadonlyArray<string> = ["@uc-conversation/mock-server"]
const SPEC = "spec/conversation.openapi.yaml"
const GENERATED = "packages/core/src/generated"

/** Options of {@link specUpdate}. */
export interface SpecUpdateOptions {
  /** Repository root. */
  readonly root: string
  /** The upstream document. */
  readonly upstream: string
  /** Upstream Conversation operations to adopt (see `syncAndDiff`). */
  readonly addOperations?: ReadonlyArray<string>
  /** Operations to drop, e.g. ones UltraCart removed (see `syncAndDiff`). */
  readonly removeOperations?: ReadonlyArray<string>
  /** Regenerates the client from the spec; rejects on failure. Default: `pnpm run generate` in root. */
  readonly regenerate?: (root: string) => Promise<void>
  /** Where progress lines go. */
  readonly log?: (line: string) => void
  /** Date in the changeset's name. */
  readonly now?: Date
}

/** How {@link specUpdate} ended. */
export type SpecUpdateResult =
  | { readonly status: "invalid"; readonly reason: string }
  | { readonly status: "unchanged" }
  | { readonly status: "regenerate-failed"; readonly reason: string; readonly output?: string }
  | {
      readonly status: "updated"
      readonly report: SyncAndDiff["report"]
      /** Undefined when the spec's bytes moved but no API change was classified (no changeset then). */
      readonly bump: Bump | undefined
      readonly changeset: string | undefined
      readonly changed: ReadonlyArray<string>
    }

/** A regeneration that failed: `message` is one line, `output` what the generator printed. */
export class RegenerateFailed extends Error {
  readonly output: string
  constructor(message: string, output: string) {
    super(message)
    this.name = "RegenerateFailed"
    this.output = output
  }
}

/** The line of a generator run that says what went wrong (uc-generate prints `error UCG_E…`). */
export const generatorError = (output: string): string => {
  const lines = output.split("\n").map((l) => l.trim())
  return (
    lines.find((l) => /^error\b|\bUCG_E\d+/.test(l)) ?? lines.filter((l) => l !== "").at(-1) ?? "no output"
  )
}

/** `pnpm run generate` at the root: builds the generator if needed, then regenerates core. */
export const pnpmGenerate = async (root: string): Promise<void> => {
  // This process already runs on the project's toolchain with the workspace installed; the root
  // script's bootstrap (scripts/run.sh) must not reinstall, least of all in a scratch copy.
  const result = await exec(["pnpm", "run", "generate"], {
    cwd: root,
    env: { ...process.env, UC_BOOTSTRAPPED: "1" },
    timeout: 300_000
  })
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim()
    throw new RegenerateFailed(`pnpm generate exited with ${result.code}: ${generatorError(output)}`, output)
  }
}

const oneLine = (e: unknown): string => {
  if (isSpecError(e)) return e.toLine()
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim()
}

/** Runs the loop; never throws for expected failures, it returns them. */
export const specUpdate = async (options: SpecUpdateOptions): Promise<SpecUpdateResult> => {
  const { root } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const specFile = join(root, SPEC)
  const shown = (path: string) => relative(root, path)

  let synced: SyncAndDiff
  try {
    synced = await syncAndDiff({
      upstreamFile: options.upstream,
      currentFile: specFile,
      ...(options.addOperations === undefined ? {} : { addOperations: options.addOperations }),
      ...(options.removeOperations === undefined ? {} : { removeOperations: options.removeOperations })
    })
  } catch (e) {
    return { status: "invalid", reason: oneLine(e) }
  }
  for (const note of synced.notes) log(`spec:update: note: ${note}`)
  for (const warning of synced.warnings) log(`spec:update: warning: ${warning}`)
  if (synced.leftOut.length > 0) {
    log(
      `spec:update: upstream Conversation operations not selected (left out): ${synced.leftOut.join(", ")}` +
        ` (adopt one with --add-operation <operationId>)`
    )
  }

  const currentText = await readFile(specFile, "utf8")
  if (synced.text === currentText) return { status: "unchanged" }

  const { report } = synced
  log(
    `spec:update: ${report.changes.length} change(s) (${report.counts.breaking} breaking, ` +
      `${report.counts.additive} additive, ${report.counts.docs} docs-only); semver implies ${report.bump}`
  )
  for (const change of report.changes) log(`  ${changeLine(change).slice(2)}`)

  // Everything below writes; on any failure the spec and generated client go back as they were.
  const snapshot = await capture([specFile, join(root, GENERATED)])
  const generatedDir = join(root, GENERATED)
  return interruptible(snapshot, async () => {
    let changed: ReadonlyArray<string>
    try {
      await writeFileAtomic(specFile, synced.text)
      await (options.regenerate ?? pnpmGenerate)(root)
      changed = await changedFiles(snapshot)
    } catch (e) {
      await restore(snapshot)
      return {
        status: "regenerate-failed",
        reason: oneLine(e),
        ...(e instanceof RegenerateFailed ? { output: e.output } : {})
      }
    }
    const generated = changed.filter((f) => f.startsWith(`${generatedDir}/`)).length
    log(`spec:update: wrote ${SPEC}; regenerated ${GENERATED} (${generated} generated file(s) changed)`)

    const versions = new Map((await listWorkspacePackages(root)).map((p) => [p.name, p.version]))
    const version = versions.get(CORE) ?? "0.0.0"
    const bump = report.bump === "none" ? undefined : changesetBump(report.bump, version)
    if (report.bump === "none" || bump === undefined) {
      log("spec:update: no API change was classified (formatting only): no changeset written")
      return { status: "updated", report, bump, changeset: undefined, changed }
    }
    const implied = report.bump
    const group = await readFixedGroup(root, CORE)
    const others = SHIPS_THE_SPEC.flatMap((name) => {
      const v = versions.get(name)
      const b = v === undefined ? undefined : changesetBump(implied, v)
      return b === undefined ? [] : [[name, b] as const]
    })
    const date = (options.now ?? new Date()).toISOString().slice(0, 10)
    const hash = createHash("sha256").update(synced.text).digest("hex").slice(0, 8)
    let changeset: string
    try {
      const text = renderChangeset(
        [...group.map((name) => [name, bump] as const), ...others],
        formatSummary(
          report,
          synced.notes.filter((n) => n.endsWith("needs review") || n.endsWith("(needs review)"))
        )
      )
      changeset = await writeChangeset(root, `spec-${date}-${hash}`, text)
    } catch (e) {
      await restore(snapshot)
      return { status: "regenerate-failed", reason: `writing the changeset failed: ${oneLine(e)}` }
    }
    const shifted = bump !== implied ? ` (${implied} shifted down: ${version} is pre-1.0)` : ""
    const rest = others.map(([name, b]) => `; ${b} for ${name} (ships the spec)`).join("")
    log(`spec:update: wrote ${shown(changeset)}: ${bump}${shifted} for ${group.join(", ")}${rest}`)
    return { status: "updated", report, bump, changeset, changed }
  })
}

/**
 * Runs the writing phase so that Ctrl-C or a kill (SIGINT, SIGTERM, SIGHUP) puts the snapshot back
 * before the process exits: an interrupted update leaves nothing half-written either.
 */
const interruptible = async <A>(snapshot: Snapshot, body: () => Promise<A>): Promise<A> => {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`spec:update: ${signal}: restoring the spec and the generated client\n`)
    // the generator runs in its own process group: stop it before putting the files back
    void stopAll()
      .then(() => restore(snapshot))
      .finally(() => process.exit(130))
  }
  for (const signal of signals) process.on(signal, onSignal)
  try {
    return await body()
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
  }
}

if (import.meta.main) {
  const usage =
    "usage: pnpm spec:update <upstream-file> [--add-operation <operationId>]... [--remove-operation <operationId>]..."
  const options = {
    "add-operation": { type: "string", multiple: true },
    "remove-operation": { type: "string", multiple: true }
  } as const
  let parsed: {
    positionals: Array<string>
    values: { "add-operation"?: Array<string> | undefined; "remove-operation"?: Array<string> | undefined }
  }
  try {
    parsed = parseArgs({ allowPositionals: true, options })
  } catch (e) {
    console.error(`spec:update: ${oneLine(e)}\n${usage}`)
    process.exit(2)
  }
  const [upstream, ...extra] = parsed.positionals
  if (upstream === undefined || extra.length > 0) {
    console.error(usage)
    process.exit(2)
  }
  // pnpm runs root scripts from the root; INIT_CWD is where the user typed the command. Messages
  // show the file relative to the repository when it is inside it, absolute otherwise.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), upstream)
  const inRepo = relative(process.cwd(), file)
  const result = await specUpdate({
    root: resolve(import.meta.dirname, "../.."),
    upstream: inRepo.startsWith("..") || inRepo === "" ? file : inRepo,
    ...(parsed.values["add-operation"] === undefined
      ? {}
      : { addOperations: parsed.values["add-operation"] }),
    ...(parsed.values["remove-operation"] === undefined
      ? {}
      : { removeOperations: parsed.values["remove-operation"] })
  })
  switch (result.status) {
    case "invalid":
      console.error(
        `spec:update: invalid upstream document, nothing written: ${result.reason}` +
          (/not found upstream|no longer selected upstream/.test(result.reason)
            ? " (to accept the removal: --remove-operation <operationId>)"
            : "")
      )
      process.exitCode = 1
      break
    case "unchanged":
      console.log("spec:update: spec unchanged: nothing written")
      break
    case "regenerate-failed":
      console.error(`spec:update: regeneration failed, spec and client restored: ${result.reason}`)
      if (result.output !== undefined) console.error(result.output.replace(/^/gm, "  | "))
      process.exitCode = 1
      break
    case "updated":
      console.log("spec:update: done. Review with `git diff`, then run `npm test`.")
  }
}
