/**
 * The changeset summary for a spec change: what lands in every package's CHANGELOG, so it names
 * the operations, parameters, schemas and fields that changed, most severe first.
 */
import type { Change, ChangeKind, DiffReport } from "@uc-conversation/spec"

const order: ReadonlyArray<ChangeKind> = ["breaking", "additive", "docs"]
const label: Record<ChangeKind, string> = { breaking: "Breaking", additive: "Additive", docs: "Docs" }

const code = (s: string): string => `\`${s.replaceAll("`", "'")}\``

/** What a change is about, from the diff's structured fields: `op` query parameter `p`, `Schema.field`, ... */
const subject = (c: Change): string | undefined => {
  const parts: Array<string> = []
  if (c.operationId !== undefined) parts.push(code(c.operationId))
  if (c.parameter !== undefined) parts.push(`${c.parameter.in} parameter ${code(c.parameter.name)}`)
  if (c.status !== undefined) parts.push(`response ${code(c.status)}`)
  if (c.schema !== undefined) {
    const name = c.field === undefined ? c.schema : `${c.schema}.${c.field}`
    parts.push(c.operationId === undefined && c.field === undefined ? `schema ${code(name)}` : code(name))
  } else if (c.field !== undefined) parts.push(`field ${code(c.field)}`)
  return parts.length === 0 ? undefined : parts.join(" ")
}

/** The diff's sentence without its own subject prefix ("op, parameter …: added" → "added"). */
const predicate = (c: Change): string => {
  const at = c.message.lastIndexOf(": ")
  return at < 0 ? c.message : c.message.slice(at + 2)
}

/** One bullet: `**Breaking** \`leaveConversation\` query parameter \`x\`: added, required`. */
export const changeLine = (c: Change): string => {
  const about = subject(c)
  return `- **${label[c.kind]}** ${about === undefined ? c.message : `${about}: ${predicate(c)}`}`
}

/** The operation and schema names a report touches, operations first, each once, in report order. */
export const touchedNames = (report: DiffReport): ReadonlyArray<string> => {
  const ops = report.changes.flatMap((c) => (c.operationId === undefined ? [] : [c.operationId]))
  const schemas = report.changes.flatMap((c) => (c.schema === undefined ? [] : [c.schema]))
  return [...new Set([...ops, ...schemas])]
}

const list = (names: ReadonlyArray<string>): string => {
  const shown = names.slice(0, 6).map(code)
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : ""
  if (shown.length <= 1) return `${shown.join("")}${more}`
  return `${shown.slice(0, -1).join(", ")}${more === "" ? ` and ${shown.at(-1)}` : `, ${shown.at(-1)}${more}`}`
}

/**
 * The markdown summary of a spec change. Its first line becomes the changelog bullet, so it says
 * how severe the change is and what it touches; one line per change follows, then the values sync
 * defaulted that a maintainer must review (`review`, sync's "needs review" notes).
 */
export const formatSummary = (report: DiffReport, review: ReadonlyArray<string> = []): string => {
  const worst = order.find((k) => report.changes.some((c) => c.kind === k))
  if (worst === undefined) throw new Error("formatSummary needs at least one change")
  const n = report.changes.length
  const names = touchedNames(report)
  const headline =
    `Spec update from UltraCart (${worst === "docs" ? "docs only" : worst}): ${n} change${n === 1 ? "" : "s"}` +
    `${names.length === 0 ? "" : ` to ${list(names)}`}.`
  const lines = order.flatMap((k) => report.changes.filter((c) => c.kind === k).map(changeLine))
  const reviewed =
    review.length === 0
      ? ""
      : `\n\nSync defaults that need review:\n\n${review.map((r) => `- ${r}`).join("\n")}`
  return `${headline}\n\n${lines.join("\n")}${reviewed}\n`
}
