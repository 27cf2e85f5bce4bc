import { existsSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { toOpenApi3 } from "../convert.ts"
import { DEFAULT_SPEC, displayPath } from "../files.ts"
import type { JsonObject } from "../json.ts"
import { loadDocument } from "../load.ts"
import { listOperations, requireConversationOperations } from "../operations.ts"
import { loadPatches, PATCHES_DIR } from "../patches.ts"
import { checkRefs } from "../refs.ts"
import { toYaml, writeFileAtomic } from "../serialize.ts"
import { syncDocument } from "../sync.ts"
import { EXIT, parseArgs, runCli, UsageError } from "./args.ts"

/** The current spec must itself be sound: its overlay and allow-list are about to be trusted. */
const loadCurrent = async (file: string): Promise<JsonObject> => {
  const { doc } = await loadDocument(file)
  checkRefs(doc, file)
  requireConversationOperations(doc, file)
  return doc
}

const USAGE = "spec:sync <upstream-file> [--out file] [--current file] [--patches dir] [--check]"

await runCli("spec:sync", USAGE, async () => {
  const { positional, options } = parseArgs(process.argv.slice(2), ["out", "current", "patches"], ["check"])
  const [upstreamFile] = positional
  if (upstreamFile === undefined || positional.length > 1) throw new UsageError("expected one upstream file")
  const outOption = options.get("out")
  const out = typeof outOption === "string" ? outOption : displayPath(DEFAULT_SPEC)
  const currentOption = options.get("current")
  const currentFile = typeof currentOption === "string" ? currentOption : displayPath(DEFAULT_SPEC)

  const patchesOption = options.get("patches")
  // patch files are read first: a malformed one stops sync before anything is written
  const patches = await loadPatches(
    typeof patchesOption === "string" ? patchesOption : PATCHES_DIR,
    displayPath
  )
  const upstream = await loadDocument(upstreamFile)
  // an explicitly named current spec must exist; the default one may not (first sync)
  const current =
    typeof currentOption === "string" || existsSync(currentFile) ? await loadCurrent(currentFile) : undefined
  const { doc, notes, warnings } = syncDocument({
    upstream: await toOpenApi3(upstream.doc, upstreamFile),
    upstreamFile,
    current,
    patches
  })
  for (const note of notes) process.stderr.write(`spec:sync: note: ${note}\n`)
  for (const warning of warnings) process.stderr.write(`spec:sync: warning: ${warning}\n`)
  const text = toYaml(doc)
  const summary = `${listOperations(doc).length} operations, ${Object.keys((doc.components as { schemas?: object } | undefined)?.schemas ?? {}).length} schemas`

  if (options.has("check")) {
    const existing = existsSync(out) ? await readFile(out, "utf8") : undefined
    if (existing === text) {
      process.stdout.write(`spec:sync: ${out} is up to date (${summary})\n`)
      return EXIT.ok
    }
    process.stderr.write(
      `spec:sync: ${out} differs from sync(${upstreamFile}); run pnpm spec:sync to update it\n`
    )
    return EXIT.failure
  }
  await writeFileAtomic(out, text)
  process.stdout.write(`spec:sync: wrote ${out} (${summary}) from ${upstreamFile}\n`)
  return EXIT.ok
})
