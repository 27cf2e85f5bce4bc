/**
 * The spec package's sync, validate and diff, composed the way `spec:update` needs them: all in
 * memory, so nothing is written until the new document is known to be valid.
 */
import { relative } from "node:path"
import {
  type Change,
  checkDocument,
  type DiffReport,
  diffDocuments,
  impliedBump,
  type JsonObject,
  listOperations,
  loadDocument,
  loadPatches,
  PATCHES_DIR,
  type PatchOutcome,
  requireConversationOperations,
  SpecError,
  SYNC_OPERATIONS,
  SYNC_SELECT,
  syncDocument,
  syncOperations,
  syncSelectOf,
  toOpenApi3,
  toYaml
} from "@uc-conversation/spec"

/** A path as messages show it: relative to the working directory when inside it. */
const shown = (file: string): string => {
  const rel = relative(process.cwd(), file)
  return rel.startsWith("..") || rel === "" ? file : rel
}

/** Input of {@link syncAndDiff}. */
export interface SyncAndDiffInput {
  /** The upstream document, as the user named it (messages show it this way). */
  readonly upstreamFile: string
  /** The committed spec. */
  readonly currentFile: string
  /** The patch directory (default `spec/patches`). */
  readonly patchesDir?: string
  /**
   * Upstream Conversation operations to adopt: taken out of `x-uc-sync-select.exclude` (or, for a
   * spec still on the former allow-list, added to `x-uc-sync-operations`).
   */
  readonly addOperations?: ReadonlyArray<string>
  /**
   * Operations to drop: added to `x-uc-sync-select.exclude` (or removed from the former allow-list).
   * Sync refuses an upstream that lacks an operation of the current spec, so a removal upstream is
   * accepted only when named here (and then reported as breaking).
   */
  readonly removeOperations?: ReadonlyArray<string>
}

/** What sync and diff found, nothing written yet. */
export interface SyncAndDiff {
  /** The new spec, byte for byte as `spec:sync` would write it. */
  readonly text: string
  readonly report: DiffReport
  /** Sync's remarks (defaults it applied, extensions it dropped, patches applied). */
  readonly notes: ReadonlyArray<string>
  /** What needs attention but did not stop sync (stale patches, broken refs outside the selection). */
  readonly warnings: ReadonlyArray<string>
  /** Each patch's outcome. */
  readonly patches: ReadonlyArray<PatchOutcome>
  /** Upstream Conversation operations not selected (excluded, or outside the former allow-list). */
  readonly leftOut: ReadonlyArray<string>
}

/**
 * The report without changes to `x-uc-sync-operations`: that list is sync's own configuration, not
 * API. Adopting an operation changes it, and the operation itself is already reported as added.
 */
export const withoutBookkeeping = (report: DiffReport): DiffReport => {
  const bookkeeping = (p: string) =>
    [SYNC_OPERATIONS, SYNC_SELECT].some((k) => p === `/${k}` || p.startsWith(`/${k}/`))
  const changes = report.changes.filter((c) => !bookkeeping(c.pointer))
  if (changes.length === report.changes.length) return report
  const count = (kind: Change["kind"]) => changes.filter((c) => c.kind === kind).length
  return {
    bump: impliedBump(changes),
    counts: { breaking: count("breaking"), additive: count("additive"), docs: count("docs") },
    changes
  }
}

/**
 * Syncs `upstreamFile` against the current spec, validates the result and diffs it with the current
 * spec. Throws a `SpecError` (one line via `toLine()`) when the upstream document is unusable.
 */
export const syncAndDiff = async (input: SyncAndDiffInput): Promise<SyncAndDiff> => {
  const { upstreamFile, currentFile } = input
  const patches = await loadPatches(input.patchesDir ?? PATCHES_DIR, shown)
  const current = (await loadDocument(currentFile)).doc
  const upstream = await toOpenApi3((await loadDocument(upstreamFile)).doc, upstreamFile)
  const conversation = requireConversationOperations(upstream, upstreamFile).map((o) => o.id)

  const rule = syncSelectOf(current)
  const listed = rule ? listOperations(current).map((o) => o.id) : (syncOperations(current) ?? [])
  const adding = (input.addOperations ?? []).filter((id) => !listed.includes(id))
  const unknown = adding.filter((id) => !conversation.includes(id))
  if (unknown.length > 0) {
    throw new SpecError(
      upstreamFile,
      "/paths",
      `--add-operation ${unknown.join(", ")}: no such Conversation operation upstream`
    )
  }
  const removing = input.removeOperations ?? []
  const notListed = removing.filter((id) => !listed.includes(id))
  if (notListed.length > 0) {
    throw new SpecError(
      currentFile,
      rule ? "/paths" : `/${SYNC_OPERATIONS}`,
      `--remove-operation ${notListed.join(", ")}: not ${rule ? "an operation of the current spec" : `in ${SYNC_OPERATIONS}`}`
    )
  }
  const kept = listed.filter((id) => !removing.includes(id))
  const base: JsonObject =
    adding.length === 0 && removing.length === 0
      ? current
      : rule
        ? {
            ...current,
            [SYNC_SELECT]: {
              tag: rule.tag,
              exclude: [...rule.exclude.filter((id) => !adding.includes(id)), ...removing]
            }
          }
        : { ...current, [SYNC_OPERATIONS]: [...kept, ...adding] }

  const {
    doc,
    notes,
    warnings,
    patches: outcomes
  } = syncDocument({ upstream, upstreamFile, current: base, patches })
  checkDocument(doc, upstreamFile)
  const selected = new Set(listOperations(doc).map((o) => o.id))
  return {
    text: toYaml(doc),
    report: withoutBookkeeping(diffDocuments(current, doc)),
    notes,
    warnings,
    patches: outcomes,
    leftOut: conversation.filter((id) => !selected.has(id))
  }
}
