import { describe, expect, it } from "vitest"
import { applyPatch, fixtureCases, materialize, readUpstream } from "./fixtures.ts"

describe("applyPatch", () => {
  const doc = { a: { "b/c": 1, list: [1, 2] } }

  it("adds, replaces, removes and copies by JSON pointer, leaving the input alone", () => {
    const out = applyPatch(doc, [
      { op: "add", path: "/a/new", value: { x: 1 } },
      { op: "replace", path: "/a/b~1c", value: 2 },
      { op: "add", path: "/a/list/-", value: 3 },
      { op: "remove", path: "/a/list/0" },
      { op: "copy", from: "/a/new", path: "/copied" }
    ])
    expect(out).toEqual({ a: { "b/c": 2, list: [2, 3], new: { x: 1 } }, copied: { x: 1 } })
    expect(doc).toEqual({ a: { "b/c": 1, list: [1, 2] } })
  })

  it("refuses ops that do not fit, so a stale fixture fails loudly", () => {
    expect(() => applyPatch(doc, [{ op: "remove", path: "/a/missing" }])).toThrow(/nothing at/)
    expect(() => applyPatch(doc, [{ op: "add", path: "/a/b~1c", value: 0 }])).toThrow(/already exists/)
    expect(() => applyPatch(doc, [{ op: "add", path: "/x/y/z", value: 0 }])).toThrow(/no parent/)
  })
})

describe("fixtures", () => {
  it("each applies cleanly to the upstream extract and changes it", async () => {
    const base = `${JSON.stringify(await readUpstream(), null, 2)}\n`
    for (const name of fixtureCases) {
      const text = await materialize(name)
      expect(text, name).not.toBe(base)
      expect(JSON.parse(text).openapi, name).toBe("3.0.1")
    }
  })
})
