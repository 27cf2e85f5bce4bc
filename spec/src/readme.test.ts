/**
 * The README's review tables and the committed spec must not drift: the retry-safety table lists
 * exactly the spec's operations with their `x-uc-retry-safe`, the pagination table exactly the
 * operations with `x-uc-pagination`.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { PAGINATION, RETRY_SAFE } from "./extensions.ts"
import { parseDocumentText } from "./load.ts"
import { listOperations } from "./operations.ts"

const read = (relative: string): string =>
  readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8")
const readme = read("../README.md")
const spec = parseDocumentText("spec", read("../conversation.openapi.yaml"))
const ops = listOperations(spec)

/** The body rows of the first markdown table after `heading`, split into trimmed cells. */
const tableAfter = (heading: string): Array<Array<string>> => {
  const start = readme.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`README has no heading ${JSON.stringify(heading)}`)
  const lines = readme.slice(start).split("\n")
  const first = lines.findIndex((l) => l.startsWith("|"))
  const rows: Array<Array<string>> = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break
    rows.push(
      line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim())
    )
  }
  return rows
}

const unquote = (cell: string): string => cell.replace(/^`(.*)`$/, "$1")

describe("README tables agree with the committed spec", () => {
  it("x-uc-retry-safe: one row per operation, in order, with method, path and value", () => {
    const rows = tableAfter("#### `x-uc-retry-safe`, operation by operation")
    expect(rows.map((r) => unquote(r[0] ?? ""))).toEqual(ops.map((o) => o.id))
    for (const [i, o] of ops.entries()) {
      const [, method, path, safe, reason] = rows[i] ?? []
      expect(method, o.id).toBe(o.method.toUpperCase())
      expect(unquote(path ?? ""), o.id).toBe(o.path)
      expect(safe, o.id).toBe(String(o.operation[RETRY_SAFE]))
      expect(reason, o.id).not.toBe("")
    }
  })

  it("x-uc-pagination: exactly the paged operations, with their values", () => {
    const rows = tableAfter("#### Pagination")
    const paged = ops.filter((o) => o.operation[PAGINATION] !== undefined)
    expect(rows.map((r) => unquote(r[0] ?? "")).sort()).toEqual(paged.map((o) => o.id).sort())
    for (const row of rows) {
      const id = unquote(row[0] ?? "")
      const value = paged.find((o) => o.id === id)?.operation[PAGINATION]
      const [limit, offset] = (row[1] ?? "").split("/").map((c) => unquote(c.trim()))
      expect({ limit, offset, items: unquote(row[2] ?? ""), max: Number(row[3]) }, id).toEqual(value)
    }
  })
})
