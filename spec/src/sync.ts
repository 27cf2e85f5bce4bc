import { documentTo31 } from "./convert.ts"
import { SpecError } from "./errors.ts"
import {
  DEFAULT_ERROR_HEADER,
  ERROR_HEADER,
  isUcExtension,
  SYNC_OPERATIONS,
  syncOperations
} from "./extensions.ts"
import { isObject, type Json, type JsonObject, objectAt, stringAt } from "./json.ts"
import { HTTP_METHODS, listOperations, requireConversationOperations } from "./operations.ts"
import { overlayExtensions } from "./overlay.ts"
import { child } from "./pointer.ts"
import { checkRefs, reachableComponents } from "./refs.ts"

type Mutable = Record<string, Json>

/** Input of {@link syncDocument}. */
export interface SyncInput {
  /** The upstream document, already converted to OAS 3.x (see `toOpenApi3`). */
  readonly upstream: JsonObject
  readonly upstreamFile: string
  /** The current spec whose `x-uc-*` extensions and allow-list are carried over; absent on first sync. */
  readonly current: JsonObject | undefined
}

/** Result of {@link syncDocument}: the new spec and human notes (stderr material, not errors). */
export interface SyncResult {
  readonly doc: JsonObject
  readonly notes: ReadonlyArray<string>
}

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
  const { upstream, upstreamFile: file, current } = input
  const notes: Array<string> = []
  checkRefs(upstream, file)
  const conversationOps = requireConversationOperations(upstream, file)
  const allOps = listOperations(upstream)

  const allowList = syncOperations(current) ?? conversationOps.map((o) => o.id)
  if (!current) notes.push(`no current spec: selecting all ${allowList.length} Conversation operations`)
  const missing = allowList.filter((id) => !allOps.some((o) => o.id === id))
  if (missing.length > 0) {
    throw new SpecError(
      file,
      "/paths",
      `operation(s) listed in ${SYNC_OPERATIONS} not found upstream: ${missing.join(", ")} ` +
        `(removed or renamed upstream? edit ${SYNC_OPERATIONS} deliberately)`
    )
  }
  const selected = new Set(allowList)
  const skipped = conversationOps.filter((o) => !selected.has(o.id))
  if (skipped.length > 0) {
    notes.push(
      `${skipped.length} Conversation operation(s) upstream are not in ${SYNC_OPERATIONS} and were left out`
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

  // components reachable from the kept paths, each kind and entry in upstream order
  const reached = reachableComponents(
    upstream,
    file,
    // the kept path items, so that methods left out of a path do not pull in their schemas
    Object.entries(paths).map(([p, item]) => ({ node: item, at: child("/paths", p) }))
  )
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

  const overlaid = overlayExtensions(documentTo31(root), current, allowList, notes)
  return { doc: overlaid, notes }
}
