/**
 * The spec package's sync, validate and diff, composed the way `spec:update` needs them: all in
 * memory, so nothing is written until the new document is known to be valid.
 */
import {
  type Change,
  checkDocument,
  type DiffReport,
  diffDocuments,
  impliedBump,
  type JsonObject,
  loadDocument,
  requireConversationOperations,
  SpecError,
  SYNC_OPERATIONS,
  syncDocument,
  syncOperations,
  toOpenApi3,
  toYaml
} from "@uc-conversation/spec"

/** Input of {@link syncAndDiff}. */
export interface SyncAndDiffInput {
  /** The upstream document, as the user named it (messages show it this way). */
  readonly upstreamFile: string
  /** The committed spec. */
  readonly currentFile: string
  /**
   * Upstream Conversation operations to adopt into `x-uc-sync-operations`. Sync only carries the
   * operations that list names, so a new upstream operation is left out unless named here.
   */
  readonly addOperations?: ReadonlyArray<string>
  /**
   * Operations to drop from `x-uc-sync-operations`. Sync refuses an upstream that lacks a listed
   * operation, so a removal upstream is accepted only when named here (and then reported as breaking).
   */
  readonly removeOperations?: ReadonlyArray<string>
}

/** What sync and diff found, nothing written yet. */
export interface SyncAndDiff {
  /** The new spec, byte for byte as `spec:sync` would write it. */
  readonly text: string
  readonly report: DiffReport
  /** Sync's remarks (defaults it applied, extensions it dropped). */
  readonly notes: ReadonlyArray<string>
  /** Upstream Conversation operations still outside `x-uc-sync-operations`. */
  readonly leftOut: ReadonlyArray<string>
}

/**
 * The report without changes to `x-uc-sync-operations`: that list is sync's own configuration, not
 * API. Adopting an operation changes it, and the operation itself is already reported as added.
 */
export const withoutBookkeeping = (report: DiffReport): DiffReport => {
  const changes = report.changes.filter((c) => c.pointer !== `/${SYNC_OPERATIONS}`)
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
  const current = (await loadDocument(currentFile)).doc
  const upstream = await toOpenApi3((await loadDocument(upstreamFile)).doc, upstreamFile)
  const conversation = requireConversationOperations(upstream, upstreamFile).map((o) => o.id)

  const listed = syncOperations(current) ?? []
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
      `/${SYNC_OPERATIONS}`,
      `--remove-operation ${notListed.join(", ")}: not in ${SYNC_OPERATIONS}`
    )
  }
  const kept = listed.filter((id) => !removing.includes(id))
  const base: JsonObject =
    adding.length === 0 && removing.length === 0
      ? current
      : { ...current, [SYNC_OPERATIONS]: [...kept, ...adding] }

  const { doc, notes } = syncDocument({ upstream, upstreamFile, current: base })
  checkDocument(doc, upstreamFile)
  const allowed = new Set([...kept, ...adding])
  return {
    text: toYaml(doc),
    report: withoutBookkeeping(diffDocuments(current, doc)),
    notes,
    leftOut: conversation.filter((id) => !allowed.has(id))
  }
}
