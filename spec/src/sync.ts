import { documentTo31 } from "./convert.ts"
import { SpecError } from "./errors.ts"
import {
  DEFAULT_ERROR_HEADER,
  DEFAULT_SYNC_SELECT,
  ERROR_HEADER,
  hasTag,
  isUcExtension,
  PAGINATION,
  SYNC_OPERATIONS,
  SYNC_SELECT,
  type SyncSelect,
  syncOperations,
  syncSelectOf
} from "./extensions.ts"
import { isObject, type Json, type JsonObject, objectAt, stringAt } from "./json.ts"
import {
  HTTP_METHODS,
  listOperations,
  type OperationRef,
  requireConversationOperations
} from "./operations.ts"
import { overlayExtensions } from "./overlay.ts"
import { operationParameters } from "./parameters.ts"
import { applyPatches, type PatchOutcome, type SpecPatch } from "./patches.ts"
import { child, getAt } from "./pointer.ts"
import { findRefs, reachableComponents, refPointer } from "./refs.ts"

type Mutable = Record<string, Json>

/** Input of {@link syncDocument}. */
export interface SyncInput {
  /** The upstream document, already converted to OAS 3.x (see `toOpenApi3`). */
  readonly upstream: JsonObject
  readonly upstreamFile: string
  /** The current spec whose `x-uc-*` extensions and selection rule are carried over; absent on first sync. */
  readonly current: JsonObject | undefined
  /** The committed repairs of upstream defects (`spec/patches/*.json`), applied before selection. */
  readonly patches?: ReadonlyArray<SpecPatch>
}

/** Result of {@link syncDocument}: the new spec, human notes and warnings (stderr material, not errors). */
export interface SyncResult {
  readonly doc: JsonObject
  readonly notes: ReadonlyArray<string>
  /** Things a maintainer must act on that do not stop sync: stale patches, broken refs outside the selection. */
  readonly warnings: ReadonlyArray<string>
  /** What happened to each patch. */
  readonly patches: ReadonlyArray<PatchOutcome>
}

/** How sync chose the operations. */
type Selection =
  | { readonly kind: "tag"; readonly rule: SyncSelect; readonly recorded: boolean }
  | { readonly kind: "list"; readonly ids: ReadonlyArray<string> }

/** The selection rule of the current spec: `x-uc-sync-select`, else the former allow-list, else the default tag rule. */
const selectionOf = (current: JsonObject | undefined): Selection => {
  const rule = syncSelectOf(current)
  if (rule) return { kind: "tag", rule, recorded: true }
  const ids = syncOperations(current)
  if (ids) return { kind: "list", ids }
  return { kind: "tag", rule: DEFAULT_SYNC_SELECT, recorded: false }
}

const resolves = (doc: JsonObject, ref: string): boolean => {
  const target = refPointer(ref)
  return target !== undefined && getAt(doc, target) !== undefined
}

/** Query parameters that look like offset paging: a limit and an offset. */
const PAGING_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["_limit", "_offset"],
  ["limit", "offset"]
]

/** Notes on selected operations that look paged but state no `x-uc-pagination` (reviewed values live in the spec). */
const pagingNotes = (doc: JsonObject): Array<string> =>
  listOperations(doc).flatMap((op) => {
    if (op.operation[PAGINATION] !== undefined) return []
    const query = new Set(
      operationParameters(doc, op).parameters.flatMap((p) => (p.in === "query" ? [p.name] : []))
    )
    const pair = PAGING_PAIRS.find(([l, o]) => query.has(l) && query.has(o))
    return pair
      ? [
          `${op.id}: has query parameters ${pair[0]}/${pair[1]} but no ${PAGINATION}; review it (needs review)`
        ]
      : []
  })

/** Why a void operation gets a 204; it is the description sync writes on that response. */
export const VOID_RESPONSE_DESCRIPTION =
  "No content. UltraCart declares no success response for this operation (only error statuses); " +
  "spec:sync adds this 204 so that a bodiless 2xx is a declared outcome (contract testers such as " +
  "schemathesis accept it) and clients treat any 2xx as void."

const ERROR_HEADER_OBJECT: JsonObject = {
  description: "Contains human readable error message",
  schema: { type: "string" }
}

const isErrorStatus = (status: string): boolean => /^[45]/.test(status) || status === "default"
const isSuccessStatus = (status: string): boolean => /^2/.test(status)

/** Operations: 204 on void ones, the error header on every error response. */
const normaliseResponses = (operation: JsonObject, errorHeader: string): JsonObject => {
  const responses = objectAt(operation, "responses") ?? {}
  const hasSuccess = Object.keys(responses).some((s) => isSuccessStatus(s) || s === "default")
  const out: Mutable = hasSuccess ? {} : { "204": { description: VOID_RESPONSE_DESCRIPTION } }
  for (const [status, response] of Object.entries(responses)) {
    if (isErrorStatus(status) && isObject(response) && response.$ref === undefined) {
      const headers = objectAt(response, "headers") ?? {}
      out[status] = Object.hasOwn(headers, errorHeader)
        ? response
        : { ...response, headers: { ...headers, [errorHeader]: ERROR_HEADER_OBJECT } }
    } else out[status] = response
  }
  return { ...operation, responses: out }
}

/** Security requirements narrowed to the schemes and scopes in `used`; empty ones dropped. */
const narrowRequirements = (
  list: Json | undefined,
  used: ReadonlyMap<string, ReadonlySet<string>>
): Array<Json> =>
  (Array.isArray(list) ? list : []).flatMap((req: Json) => {
    if (!isObject(req)) return []
    const entries = Object.entries(req)
    if (entries.length === 0 || !entries.every(([scheme]) => used.has(scheme))) return []
    return [
      Object.fromEntries(
        entries.map(([scheme, scopes]) => [
          scheme,
          (Array.isArray(scopes) ? scopes : []).filter(
            (s) => typeof s === "string" && used.get(scheme)?.has(s)
          )
        ])
      )
    ]
  })

/** Security schemes in use, OAuth2 flows narrowed to the scopes in use. */
const narrowSchemes = (schemes: JsonObject, used: ReadonlyMap<string, ReadonlySet<string>>): JsonObject => {
  const out: Mutable = {}
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!used.has(name) || !isObject(scheme)) continue
    const flows = objectAt(scheme, "flows")
    if (scheme.type !== "oauth2" || !flows) {
      out[name] = scheme
      continue
    }
    const scopes = used.get(name) ?? new Set()
    const narrowed: Mutable = {}
    for (const [flowName, flow] of Object.entries(flows)) {
      if (!isObject(flow)) continue
      const all = objectAt(flow, "scopes") ?? {}
      narrowed[flowName] = {
        ...flow,
        scopes: Object.fromEntries(Object.entries(all).filter(([s]) => scopes.has(s)))
      }
    }
    out[name] = { ...scheme, flows: narrowed }
  }
  return out
}

/**
 * Extracts this project's spec from a full upstream UltraCart document.
 *
 * Selection: exactly the operationIds listed in the current spec's `x-uc-sync-operations`
 * (every Conversation-tagged operation when there is no current spec). Then: every component
 * they reach, the security schemes they use (OAuth2 narrowed to their scopes), a `204` on
 * operations without a success response, the error header on every error response, OAS 3.0 →
 * 3.1, and the current spec's `x-uc-*` extensions laid over the result.
 */
export const syncDocument = (input: SyncInput): SyncResult => {
  const { upstreamFile: file, current } = input
  const notes: Array<string> = []
  const warnings: Array<string> = []

  // committed repairs first, so that selection and every check below see the repaired document
  const patched = applyPatches(input.upstream, input.patches ?? [])
  const upstream = patched.doc
  for (const outcome of patched.outcomes) {
    if (outcome.status === "stale") {
      warnings.push(
        outcome.defectGone
          ? `patch ${outcome.file} NO LONGER APPLIES: its test at ${file}#${outcome.pointer} failed, so the defect it repairs is gone upstream (fixed?); nothing of it was applied. Check the upstream fix and remove the patch.`
          : `patch ${outcome.file} NO LONGER APPLIES: ${file}#${outcome.pointer}: ${outcome.message}; nothing of it was applied. Update or remove the patch.`
      )
    }
  }

  const conversationOps = requireConversationOperations(upstream, file)
  const allOps = listOperations(upstream)
  const selection = selectionOf(current)
  const { picked: selectedOps, lost } = selectOperations(selection, allOps, current, file, notes)
  const selected = new Set(selectedOps.map((o) => o.id))
  const skipped = conversationOps.filter((o) => !selected.has(o.id))
  if (skipped.length > 0) {
    notes.push(
      `${skipped.length} Conversation operation(s) upstream are not selected and were left out: ${skipped.map((o) => o.id).join(", ")}`
    )
  }

  // paths in upstream order; inside a path item, non-operation members are kept as they are
  const errorHeader = stringAt(current, ERROR_HEADER) ?? DEFAULT_ERROR_HEADER
  const paths: Mutable = {}
  for (const [path, item] of Object.entries(objectAt(upstream, "paths") ?? {})) {
    if (!isObject(item)) continue
    const ops = HTTP_METHODS.filter((m) => {
      const op = item[m]
      return isObject(op) && selected.has(stringAt(op, "operationId") ?? `${m.toUpperCase()} ${path}`)
    })
    if (ops.length === 0) continue
    const out: Mutable = {}
    for (const [key, value] of Object.entries(item)) {
      const isMethod = (HTTP_METHODS as ReadonlyArray<string>).includes(key)
      if (!isMethod) out[key] = value
      else if ((ops as ReadonlyArray<string>).includes(key) && isObject(value)) {
        out[key] = normaliseResponses(value, errorHeader)
      }
    }
    paths[path] = out
  }

  // security in use: each selected operation's own list, or the document's when it has none
  const used = new Map<string, Set<string>>()
  for (const op of allOps.filter((o) => selected.has(o.id))) {
    const reqs = Array.isArray(op.operation.security) ? op.operation.security : upstream.security
    for (const req of Array.isArray(reqs) ? reqs : []) {
      if (!isObject(req)) continue
      for (const [scheme, scopes] of Object.entries(req)) {
        const set = used.get(scheme) ?? new Set<string>()
        for (const s of Array.isArray(scopes) ? scopes : []) if (typeof s === "string") set.add(s)
        used.set(scheme, set)
      }
    }
  }

  // components reachable from the kept paths, each kind and entry in upstream order; an
  // unresolvable $ref on the way fails here, at its pointer
  const reached = reachableComponents(
    upstream,
    file,
    // the kept path items, so that methods left out of a path do not pull in their schemas
    Object.entries(paths).map(([p, item]) => ({ node: item, at: child("/paths", p) }))
  )
  if (lost.length > 0 && selection.kind === "tag") {
    // after the walk above, so that a defect in the selected document is reported first
    throw new SpecError(
      file,
      "/paths",
      `operation(s) of the current spec no longer selected upstream (tag "${selection.rule.tag}"): ` +
        `${lost.join(", ")} (removed, renamed or re-tagged upstream? add them to ` +
        `${SYNC_SELECT}.exclude deliberately)`
    )
  }
  // what the selection does not reach may be broken upstream: a warning, not a failure
  const keptPrefixes = [
    ...Object.entries(paths).flatMap(([p, item]) =>
      Object.keys(item as JsonObject).map((k) => child("/paths", p, k))
    ),
    ...reached
  ]
  const isKept = (pointer: string) => keptPrefixes.some((k) => pointer === k || pointer.startsWith(`${k}/`))
  // broken refs of the document as published (before the patches): outside the selection they
  // are reported, never fatal; inside it, a patch must have repaired them (else the walk above failed)
  for (const site of findRefs(input.upstream)) {
    if (resolves(input.upstream, site.ref) || isKept(site.pointer)) continue
    const repaired = patched.outcomes.find(
      (o) =>
        o.status === "applied" &&
        o.pointers.some((p) => site.pointer === p || site.pointer.startsWith(`${p}/`))
    )
    warnings.push(
      `${file}#${site.pointer}: unresolvable $ref "${site.ref}" outside the selection (no selected operation reaches it): ignored` +
        (repaired ? `; patch ${repaired.file} repairs it anyway` : "")
    )
  }
  for (const outcome of patched.outcomes) {
    if (outcome.status !== "applied") continue
    const inside = outcome.pointers.some(isKept)
    notes.push(
      inside
        ? `patch ${outcome.file} applied (${outcome.pointers.join(", ")})`
        : `patch ${outcome.file} applied, but touches nothing selected (${outcome.pointers.join(", ")})`
    )
  }
  const components: Mutable = {}
  for (const [kind, entries] of Object.entries(objectAt(upstream, "components") ?? {})) {
    if (!isObject(entries)) continue
    const kept =
      kind === "securitySchemes"
        ? narrowSchemes(entries, used)
        : Object.fromEntries(
            Object.entries(entries).filter(([name]) => reached.has(child("/components", kind, name)))
          )
    if (Object.keys(kept).length > 0) components[kind] = kept
  }

  const usedTags = new Set(
    allOps
      .filter((o) => selected.has(o.id))
      .flatMap((o) => (Array.isArray(o.operation.tags) ? o.operation.tags : []))
  )
  const root: Mutable = {}
  for (const [key, value] of Object.entries(upstream)) {
    if (key === "paths") root.paths = paths
    else if (key === "components") root.components = components
    else if (key === "security") root.security = narrowRequirements(value, used)
    else if (key === "tags" && Array.isArray(value)) {
      root.tags = value.filter((t: Json) => isObject(t) && usedTags.has(t.name ?? null))
    } else if (!isUcExtension(key)) root[key] = value
  }
  if (!Object.hasOwn(root, "paths")) root.paths = paths

  const recorded: readonly [string, Json] =
    selection.kind === "list"
      ? [SYNC_OPERATIONS, [...selection.ids]]
      : [SYNC_SELECT, { tag: selection.rule.tag, exclude: [...selection.rule.exclude] }]
  const overlaid = overlayExtensions(documentTo31(root), current, recorded, notes)
  notes.push(...pagingNotes(overlaid))
  return { doc: overlaid, notes, warnings, patches: patched.outcomes }
}

/**
 * The upstream operations the rule selects, in upstream order, and (tag rule) the operations of
 * the current spec it no longer selects, which the caller refuses: a removal is accepted only
 * deliberately. Fails at `/paths` when an allow-listed operation is gone upstream.
 */
const selectOperations = (
  selection: Selection,
  allOps: ReadonlyArray<OperationRef>,
  current: JsonObject | undefined,
  file: string,
  notes: Array<string>
): { readonly picked: ReadonlyArray<OperationRef>; readonly lost: ReadonlyArray<string> } => {
  if (selection.kind === "list") {
    const missing = selection.ids.filter((id) => !allOps.some((o) => o.id === id))
    if (missing.length > 0) {
      throw new SpecError(
        file,
        "/paths",
        `operation(s) listed in ${SYNC_OPERATIONS} not found upstream: ${missing.join(", ")} ` +
          `(removed or renamed upstream? edit ${SYNC_OPERATIONS} deliberately)`
      )
    }
    const ids = new Set(selection.ids)
    return { picked: allOps.filter((o) => ids.has(o.id)), lost: [] }
  }
  const { rule } = selection
  const excluded = new Set(rule.exclude)
  const tagged = allOps.filter((o) => hasTag(o.operation, rule.tag))
  const picked = tagged.filter((o) => !excluded.has(o.id))
  if (!selection.recorded) {
    notes.push(
      `no selection rule in the current spec: selecting all ${picked.length} operations tagged "${rule.tag}"`
    )
  }
  const ids = new Set(picked.map((o) => o.id))
  const lost = (current ? listOperations(current) : [])
    .filter((o) => !ids.has(o.id) && !excluded.has(o.id))
    .map((o) => o.id)
  const gone = rule.exclude.filter((id) => !tagged.some((o) => o.id === id))
  if (gone.length > 0) {
    notes.push(
      `${SYNC_SELECT}.exclude names operation(s) not tagged "${rule.tag}" upstream: ${gone.join(", ")}`
    )
  }
  const known = new Set((current ? listOperations(current) : []).map((o) => o.id))
  const added = current && selection.recorded ? picked.filter((o) => !known.has(o.id)) : []
  if (added.length > 0) {
    notes.push(
      `${added.length} new upstream operation(s) selected by tag "${rule.tag}": ${added.map((o) => o.id).join(", ")}`
    )
  }
  return { picked, lost }
}
