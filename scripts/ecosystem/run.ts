/**
 * Ecosystem tests: install the packed packages into scratch projects outside the workspace, the
 * way a user does, and run a small program against the mock server in Node (ESM), Bun and Deno.
 *
 *   node scripts/ecosystem/run.ts                      # pack the workspace packages, then test
 *   node scripts/ecosystem/run.ts --tarballs <dir>     # reuse tarballs (e.g. `changeset pack`)
 *   node scripts/ecosystem/run.ts --runtime node,deno --keep
 *
 * Exits non-zero when any project fails; prints one line per runtime with its wall time.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { startWorkspaceMockServer } from "./mock.ts"
import { packed, packWorkspace, readTarballs, repoRoot } from "./pack.ts"
import { type Runtime, runProject, runtimes } from "./project.ts"
import { startLocalRegistry } from "./registry.ts"

const { values } = parseArgs({
  options: {
    tarballs: { type: "string" },
    runtime: { type: "string", default: runtimes.join(",") },
    keep: { type: "boolean", default: false }
  }
})

const selected = values.runtime.split(",").map((name) => {
  if (!(runtimes as ReadonlyArray<string>).includes(name)) {
    throw new Error(`unknown runtime "${name}" (expected one of ${runtimes.join(", ")})`)
  }
  return name as Runtime
})

const scratch = await mkdtemp(join(tmpdir(), "uc-ecosystem-"))
const started = performance.now()
let failed = 0
try {
  const tarballs =
    values.tarballs === undefined
      ? await packWorkspace(join(scratch, "tarballs"))
      : await readTarballs(values.tarballs)
  // Every install reads from a registry on loopback built from the workspace's own install.
  const registry = await startLocalRegistry({
    packed: packed.map((name) => ({
      tarball: tarballs[name],
      workspaceDir: join(repoRoot, "packages", name)
    })),
    extra: ["effect", "@types/node"],
    resolveFrom: repoRoot
  })
  const npmrc = join(scratch, "empty.npmrc")
  await writeFile(npmrc, "")
  await writeFile(`${npmrc}.global`, "")
  const mock = await startWorkspaceMockServer()
  try {
    const served = [...registry.versions.values()].reduce((n, v) => n + v.length, 0)
    console.log(`ecosystem registry: ${registry.url} serves ${served} package versions from the workspace`)
    // Installs are disk bound and independent: run the projects side by side.
    const results = await Promise.all(
      selected.map((runtime) =>
        runProject({ runtime, dir: join(scratch, runtime), tarballs, mock, registry, npmrc })
      )
    )
    for (const result of results) {
      const seconds = (result.millis / 1000).toFixed(1)
      if (result.ok) {
        console.log(`ecosystem ${result.runtime}: ok (${seconds}s) ${result.summary}`)
      } else {
        failed++
        console.error(`ecosystem ${result.runtime}: FAILED (${seconds}s)\n${result.summary}`)
      }
    }
    if (registry.misses.length > 0) {
      console.log(`ecosystem registry: not served (404): ${[...new Set(registry.misses)].join(", ")}`)
    }
  } finally {
    await mock.close()
    await registry.close()
  }
} finally {
  if (values.keep) console.log(`scratch projects kept in ${scratch}`)
  else await rm(scratch, { recursive: true, force: true })
}
const total = ((performance.now() - started) / 1000).toFixed(1)
console.log(`${selected.length - failed} passed, ${failed} failed (ecosystem, ${total}s)`)
process.exitCode = failed === 0 ? 0 : 1
