import type { Change, DiffReport } from "@uc-conversation/spec"
import { describe, expect, it } from "vitest"
import { withoutBookkeeping } from "./spec-sync.ts"

const change = (kind: Change["kind"], pointer: string): Change => ({
  kind,
  rule: "r",
  message: "m",
  pointer,
  side: "new"
})

describe("withoutBookkeeping", () => {
  it("drops x-uc-sync-operations and recomputes the bump and counts from what is left", () => {
    const report: DiffReport = {
      bump: "minor",
      counts: { breaking: 0, additive: 1, docs: 1 },
      changes: [change("additive", "/x-uc-sync-operations"), change("docs", "/info")]
    }
    expect(withoutBookkeeping(report)).toEqual({
      bump: "patch",
      counts: { breaking: 0, additive: 0, docs: 1 },
      changes: [change("docs", "/info")]
    })
  })

  it("drops x-uc-sync-select and its members too", () => {
    const report: DiffReport = {
      bump: "minor",
      counts: { breaking: 0, additive: 2, docs: 1 },
      changes: [
        change("additive", "/x-uc-sync-select"),
        change("additive", "/x-uc-sync-select/exclude/0"),
        change("docs", "/info")
      ]
    }
    expect(withoutBookkeeping(report).changes).toEqual([change("docs", "/info")])
  })

  it("returns the report itself when there is nothing to drop", () => {
    const report: DiffReport = {
      bump: "patch",
      counts: { breaking: 0, additive: 0, docs: 1 },
      changes: [change("docs", "/info")]
    }
    expect(withoutBookkeeping(report)).toBe(report)
  })
})
