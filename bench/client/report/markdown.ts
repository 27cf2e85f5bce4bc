/** Small Markdown helpers for RESULTS.md. */

/** A GitHub table from a header row and body rows, columns padded to a common width. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

/** A number with `digits` decimals, or "n/a". */
export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a"

/** A ratio like 0.93×. */
export const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a")

/** PASS or MISS against a target. */
export const verdict = (ok: boolean): string => (ok ? "PASS" : "**MISS**")

/** Bytes as kB (1 kB = 1000 bytes, as bundle budgets usually count). */
export const kB = (bytes: number, digits = 1): string => `${fixed(bytes / 1000, digits)} kB`

/** Replaces the text between `begin` and `end` markers in `document`, or appends the block. */
export const replaceBetween = (document: string, begin: string, end: string, body: string): string => {
  const block = `${begin}\n${body.trim()}\n${end}`
  const start = document.indexOf(begin)
  const stop = document.indexOf(end)
  if (start === -1 || stop === -1 || stop < start) {
    return `${document.trimEnd()}${document.trim() === "" ? "" : "\n\n"}${block}\n`
  }
  return `${document.slice(0, start)}${block}${document.slice(stop + end.length)}`
}
