/**
 * `pnpm release:dry`: rehearses a release in a scratch copy of the repository and never touches the
 * working tree. Copy -> install -> changeset version -> build -> changeset pack -> publint + attw on
 * every tarball -> ecosystem projects (Node, Bun, Deno) on the tarballs -> changeset publish-plan.
 *
 *   node scripts/release/release-dry.ts [--ref <git-ref>] [--keep] [--ask-registry]
 *
 * No step reaches a package registry: the scratch install is `pnpm install --offline` (the store
 * the workspace install filled), the ecosystem projects install from a loopback registry built from
 * the workspace (scripts/ecosystem/registry.ts), and the publish plan is computed against an empty
 * loopback registry (so it lists every package, as if nothing were published yet, and says so).
 * With --ask-registry the plan asks the configured registry which versions are already published.
 *
 * Without --ref it copies what the maintainer sees (tracked files plus untracked, not ignored ones,
 * e.g. a changeset not committed yet); with --ref it copies that commit, as a fresh clone would.
 * Exits 1 on the first failing step.
 */
import { mkdir, readdir, readFile } from "node:fs/promises"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"
import { startLocalRegistry } from "../ecosystem/registry.ts"
import { check, exec, stopAll } from "./exec.ts"
import { syncJsrVersions } from "./jsr-version.ts"
import { hasTypedEntrypoint, lintFlagsOf, lintTarball } from "./package-lint.ts"
import { copyRepo, makeScratchDir } from "./scratch-copy.ts"
import { listWorkspacePackages, publishable, type WorkspacePackage } from "./workspace.ts"

/** Options of {@link releaseDry}. */
export interface ReleaseDryOptions {
  /** Repository root to rehearse. */
  readonly root: string
  /** Copy this commit instead of the working tree. */
  readonly ref?: string | undefined
  /** Leave the scratch directory in place (its path is printed). */
  readonly keep?: boolean
  /** Ask the configured registry what is already published (the plan); otherwise no registry is asked. */
  readonly askRegistry?: boolean
  /** Where progress lines go. */
  readonly log?: (line: string) => void
}

const pendingChangesets = async (root: string): Promise<ReadonlyArray<string>> =>
  (await readdir(join(root, ".changeset"))).filter((f) => f.endsWith(".md") && f !== "README.md").sort()

const copyRef = async (root: string, ref: string, dest: string): Promise<void> => {
  await mkdir(dest, { recursive: true })
  // git archive | tar: exactly the commit's tree, as a fresh clone has it.
  await check(["sh", "-c", 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', "sh", root, ref, dest], {
    cwd: root
  })
}

const indent = (text: string): string =>
  text
    .trim()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")

/** The first `## version` section of a CHANGELOG.md (the one `changeset version` just wrote). */
export const latestSection = (changelog: string): string => {
  const start = changelog.indexOf("\n## ")
  if (start < 0) return "(no changelog entry)"
  const end = changelog.indexOf("\n## ", start + 1)
  return changelog.slice(start + 1, end < 0 ? undefined : end).trim()
}

/** Lines of `changeset publish-plan` worth showing: the plan itself, not the registry lookups. */
export const planLines = (output: string): string => {
  const lines = output.split("\n")
  const start = lines.findIndex((l) => /^(Packages to publish|No unpublished packages)/.test(l))
  return (start < 0 ? lines : lines.slice(start)).filter((l) => l.trim() !== "").join("\n")
}

/** Runs the rehearsal; resolves true when every step passed. */
export const releaseDry = async (options: ReleaseDryOptions): Promise<boolean> => {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const scratch = await makeScratchDir("uc-release-dry")
  const repo = join(scratch.dir, "repo")
  const tarballDir = join(scratch.dir, "tarballs")
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", NO_COLOR: "1" }
  const step = async <A>(name: string, body: () => Promise<A>, describe: (a: A) => string): Promise<A> => {
    const t = performance.now()
    const a = await body()
    log(`release:dry ${name}: ${describe(a)} (${((performance.now() - t) / 1000).toFixed(1)}s)`)
    return a
  }
  // A cancelled run (Ctrl-C, turbo stopping the graph) still removes its scratch directory.
  let cancelled = false
  const onSignal = (signal: NodeJS.Signals) => {
    cancelled = true
    log(`release:dry ${signal}: stopping and removing ${scratch.dir}`)
    void stopAll()
      .then(() => scratch.remove())
      .finally(() => process.exit(130))
  }
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const
  if (options.keep !== true) for (const signal of signals) process.on(signal, onSignal)
  let ok = false
  try {
    await step(
      "copy",
      async () => {
        if (options.ref === undefined) return copyRepo(options.root, repo)
        await copyRef(options.root, options.ref, repo)
        return undefined
      },
      (n) => (n === undefined ? `${options.ref} -> ${repo}` : `${n} files of the working tree -> ${repo}`)
    )
    await step(
      "install",
      () =>
        // --offline: the workspace install already put every package in the store; a rehearsal
        // that reaches a registry fails on a flaky network for reasons that are not the release's.
        check(["pnpm", "install", "--frozen-lockfile", "--offline", "--reporter=silent"], {
          cwd: repo,
          env
        }),
      () => "pnpm install --frozen-lockfile --offline"
    )

    const before = publishable(await listWorkspacePackages(repo))
    const pending = await pendingChangesets(repo)
    const versioned = await step(
      "version",
      async () => {
        if (pending.length > 0) await check(["pnpm", "exec", "changeset", "version"], { cwd: repo, env })
        // the maintainer's next step (RELEASING.md): JSR manifests follow package.json
        const jsr = await syncJsrVersions(repo, true)
        return { now: publishable(await listWorkspacePackages(repo)), jsr }
      },
      ({ now, jsr }) => {
        const jsrNote = jsr.map((m) => `; ${m.file} ${m.jsrVersion} -> ${m.packageVersion}`).join("")
        if (pending.length === 0) return `no pending changesets; rehearsing the current versions${jsrNote}`
        const moved = now.flatMap((p) => {
          const old = before.find((b) => b.name === p.name)?.version
          return old !== undefined && old !== p.version ? [`${p.name} ${old} -> ${p.version}`] : []
        })
        return `${pending.length} changeset(s): ${moved.length === 0 ? "no version moved" : moved.join(", ")}${jsrNote}`
      }
    )
    const after = versioned.now

    if (pending.length > 0) {
      // What users will read: the newest section of each fixed-group package's changelog is the same, so core's.
      const changelog = await readFile(join(repo, "packages", "core", "CHANGELOG.md"), "utf8").catch(() => "")
      log(indent(latestSection(changelog)))
    }

    await step(
      "build",
      () =>
        check(["pnpm", "-r", ...after.flatMap((p) => ["--filter", p.name]), "run", "build"], {
          cwd: repo,
          env
        }),
      () => `${after.length} publishable packages`
    )

    const tarballs = await step(
      "pack",
      async () => {
        await check(["pnpm", "exec", "changeset", "pack", "--out-dir", tarballDir], { cwd: repo, env })
        const dir = join(tarballDir, "packages")
        return (await readdir(dir)).filter((f) => f.endsWith(".tgz")).map((f) => join(dir, f))
      },
      (files) => `${files.length} tarballs: ${files.map((f) => f.slice(f.lastIndexOf("/") + 1)).join(", ")}`
    )
    if (tarballs.length !== after.length) {
      throw new Error(
        `changeset pack wrote ${tarballs.length} tarballs for ${after.length} publishable packages`
      )
    }

    // Both only read the tarballs: the ecosystem installs run while publint and attw check them.
    const ecosystemRun = step(
      "ecosystem",
      () =>
        exec(
          ["node", join(repo, "scripts", "ecosystem", "run.ts"), "--tarballs", join(tarballDir, "packages")],
          {
            cwd: repo,
            env
          }
        ),
      (r) => (r.code === 0 ? "tarballs installed and ran in scratch projects" : "FAILED")
    )
    const lintFailures = await step(
      "lint",
      async () => {
        const results = await Promise.all(
          after.map(async (p: WorkspacePackage) => {
            const file = tarballs.find((t) =>
              t.endsWith(`${p.name.replace("@", "").replace("/", "-")}-${p.version}.tgz`)
            )
            if (file === undefined) return { name: p.name, ok: false, report: ["no tarball"] }
            const manifest = JSON.parse(await readFile(join(p.dir, "package.json"), "utf8"))
            return {
              name: p.name,
              ...(await lintTarball(file, lintFlagsOf(p.scripts), hasTypedEntrypoint(manifest), repo))
            }
          })
        )
        for (const r of results) log(`  ${r.ok ? "ok    " : "FAILED"} ${r.name}: ${r.report.join("; ")}`)
        return results.filter((r) => !r.ok).length
      },
      (failed) => (failed === 0 ? "publint + attw clean on every tarball" : `${failed} tarball(s) failed`)
    )
    const ecosystem = await ecosystemRun
    log(indent(`${ecosystem.stdout}\n${ecosystem.stderr}`))
    if (lintFailures > 0) throw new Error("publint/attw failed on a tarball (above)")
    if (ecosystem.code !== 0) throw new Error("the ecosystem projects failed (above)")

    const plan = await step(
      "publish-plan",
      async () => {
        if (options.askRegistry === true)
          return check(["pnpm", "exec", "changeset", "publish-plan"], { cwd: repo, env })
        // changeset reads an unreachable registry as "not published"; an empty registry on loopback
        // gives the same plan without waiting on a network, and the log says what it assumed.
        const empty = await startLocalRegistry({ packed: [], resolveFrom: repo })
        try {
          return await check(["pnpm", "exec", "changeset", "publish-plan"], {
            cwd: repo,
            env: { ...env, npm_config_registry: empty.url }
          })
        } finally {
          await empty.close()
        }
      },
      () =>
        options.askRegistry === true
          ? "what `changeset publish` would do"
          : "what `changeset publish` would do if nothing were published yet (no registry asked; --ask-registry asks)"
    )
    log(indent(planLines(plan.stdout)))
    ok = true
  } catch (e) {
    // after a cancel, the steps fail because their processes were stopped: not worth reporting
    if (!cancelled) log(`release:dry FAILED: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    for (const signal of signals) process.off(signal, onSignal)
    if (options.keep === true) log(`release:dry scratch kept in ${scratch.dir}`)
    else await scratch.remove()
  }
  if (!cancelled)
    log(`release:dry ${ok ? "ok" : "failed"} in ${((performance.now() - started) / 1000).toFixed(1)}s`)
  return ok
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      ref: { type: "string" },
      keep: { type: "boolean", default: false },
      "ask-registry": { type: "boolean", default: false }
    }
  })
  const root = resolve(import.meta.dirname, "../..")
  const { ref, keep } = values
  process.exitCode = (await releaseDry({ root, ref, keep, askRegistry: values["ask-registry"] })) ? 0 : 1
}
