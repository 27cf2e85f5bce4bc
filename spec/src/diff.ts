import { compareGeneric, emit } from "./diff/generic.ts"
import { compareOperation } from "./diff/operation.ts"
import { compareSchema, schemaDirections } from "./diff/schema.ts"
import { compareSecurityScheme } from "./diff/security.ts"
import type { Bump, Change, ChangeKind, Diff, DiffReport } from "./diff/types.ts"
import { type JsonObject, jsonEqual, objectAt } from "./json.ts"
import { listOperations } from "./operations.ts"
import { child } from "./pointer.ts"

export type { Bump, Change, ChangeKind, DiffReport } from "./diff/types.ts"

const BUMPS: Record<ChangeKind, Bump> = { breaking: "major", additive: "minor", docs: "patch" }

/** The bump a list of changes implies: the largest of its kinds, `none` when empty. */
export const impliedBump = (changes: ReadonlyArray<Change>): Bump =>
  (["major", "minor", "patch"] as const).find((b) => changes.some((c) => BUMPS[c.kind] === b)) ?? "none"

/**
 * Classifies every difference between two OpenAPI 3.1 documents as breaking, additive or
 * docs-only (rules in spec/README.md). Operations are matched by operationId, parameters by
 * (in, name), schemas by component name and fields by property name.
 */
export const diffDocuments = (oldDoc: JsonObject, newDoc: JsonObject): DiffReport => {
  const d: Diff = { oldDoc, newDoc, changes: [] }

  const opsA = listOperations(oldDoc)
  const opsB = listOperations(newDoc)
  for (const a of opsA) {
    const b = opsB.find((o) => o.id === a.id)
    if (b) compareOperation(d, a, b)
    else
      emit(
        d,
        "breaking",
        "operation-removed",
        `${a.id}: operation removed (${a.method.toUpperCase()} ${a.path})`,
        a.pointer,
        "old",
        { operationId: a.id }
      )
  }
  for (const b of opsB.filter((o) => !opsA.some((a) => a.id === o.id))) {
    emit(
      d,
      "additive",
      "operation-added",
      `${b.id}: operation added (${b.method.toUpperCase()} ${b.path})`,
      b.pointer,
      "new",
      { operationId: b.id }
    )
  }

  const sa = objectAt(objectAt(oldDoc, "components"), "schemas") ?? {}
  const sb = objectAt(objectAt(newDoc, "components"), "schemas") ?? {}
  const da = schemaDirections(oldDoc)
  const db = schemaDirections(newDoc)
  for (const name of Object.keys(sa)) {
    const at = child("/components/schemas", name)
    if (!Object.hasOwn(sb, name)) {
      emit(d, "breaking", "schema-removed", `schema ${name}: removed`, at, "old", { schema: name })
      continue
    }
    const directions = new Set([...(da.get(`schemas/${name}`) ?? []), ...(db.get(`schemas/${name}`) ?? [])])
    compareSchema(d, sa[name], sb[name], at, { schema: name }, directions)
  }
  for (const name of Object.keys(sb).filter((n) => !Object.hasOwn(sa, n))) {
    emit(d, "additive", "schema-added", `schema ${name}: added`, child("/components/schemas", name), "new", {
      schema: name
    })
  }

  // everything else: security schemes, servers, info, root extensions, other components
  const schemesA = objectAt(objectAt(oldDoc, "components"), "securitySchemes") ?? {}
  const schemesB = objectAt(objectAt(newDoc, "components"), "securitySchemes") ?? {}
  for (const name of new Set([...Object.keys(schemesA), ...Object.keys(schemesB)])) {
    const at = child("/components/securitySchemes", name)
    if (!Object.hasOwn(schemesA, name))
      emit(d, "additive", "security-scheme-added", `security scheme ${name}: added`, at, "new", {})
    else if (!Object.hasOwn(schemesB, name))
      emit(d, "breaking", "security-scheme-removed", `security scheme ${name}: removed`, at, "old", {})
    else compareSecurityScheme(d, schemesA[name], schemesB[name], at, name)
  }
  for (const k of new Set([...Object.keys(oldDoc), ...Object.keys(newDoc)])) {
    if (k === "paths") continue
    if (k === "info") {
      if (!jsonEqual(oldDoc.info, newDoc.info))
        emit(d, "docs", "docs-changed", "info changed", "/info", "new", {})
    } else if (k === "components") {
      const ca = objectAt(oldDoc, "components") ?? {}
      const cb = objectAt(newDoc, "components") ?? {}
      for (const kind of new Set([...Object.keys(ca), ...Object.keys(cb)])) {
        if (kind !== "schemas" && kind !== "securitySchemes")
          compareGeneric(d, ca[kind], cb[kind], child("/components", kind), {})
      }
    } else if (k === "security") {
      if (!jsonEqual(oldDoc.security, newDoc.security)) {
        emit(
          d,
          "breaking",
          "security-changed",
          "document security requirements changed",
          "/security",
          "new",
          {}
        )
      }
    } else compareGeneric(d, oldDoc[k], newDoc[k], child("", k), {})
  }

  const changes = d.changes
  return {
    bump: impliedBump(changes),
    counts: {
      breaking: changes.filter((c) => c.kind === "breaking").length,
      additive: changes.filter((c) => c.kind === "additive").length,
      docs: changes.filter((c) => c.kind === "docs").length
    },
    changes
  }
}

/** The human summary the CLI prints: a headline, then the changes grouped by kind. */
export const formatReport = (report: DiffReport, oldFile: string, newFile: string): string => {
  const { counts } = report
  const lines = [
    `${oldFile} → ${newFile}: ${report.bump === "none" ? "no changes" : `${report.bump} bump`} ` +
      `(${counts.breaking} breaking, ${counts.additive} additive, ${counts.docs} docs-only)`
  ]
  for (const [kind, title] of [
    ["breaking", "Breaking"],
    ["additive", "Additive"],
    ["docs", "Docs-only"]
  ] as const) {
    const group = report.changes.filter((c) => c.kind === kind)
    if (group.length === 0) continue
    lines.push(`${title}:`)
    for (const c of group) lines.push(`  - ${c.message}  [${c.rule} ${c.side}#${c.pointer || "/"}]`)
  }
  return `${lines.join("\n")}\n`
}
