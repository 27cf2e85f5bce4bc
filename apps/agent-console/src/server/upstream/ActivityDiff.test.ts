import { describe, expect, it } from "vitest"
import { changedConversations, lastActivityMillis } from "./ActivityDiff.ts"

const summary = (uuid: string, count: number, dts = "2026-01-01T00:00:00.000Z", unread = false) => ({
  conversation_uuid: uuid,
  message_count: count,
  last_message_dts: dts,
  unread_messages: unread
})

describe("changedConversations", () => {
  it("takes the first poll as the baseline", () => {
    expect(changedConversations(undefined, [summary("a", 1)])).toEqual([])
  })

  it("names conversations with new messages, a new last message time or unread flag, and new ones", () => {
    const before = [summary("a", 1), summary("b", 2), summary("c", 3)]
    const after = [
      summary("d", 1),
      summary("a", 2),
      summary("b", 2, "2026-01-01T00:00:05.000Z"),
      summary("c", 3, undefined, true),
      summary("e", 0)
    ].map((s, i) => (i === 4 ? { ...s, conversation_uuid: null } : s))
    expect(changedConversations(before, after)).toEqual(["d", "a", "b", "c"])
    expect(changedConversations(before, before)).toEqual([])
  })
})

describe("lastActivityMillis", () => {
  it("reads last_message_dts, when it is a date", () => {
    expect(lastActivityMillis(summary("a", 1, "2026-01-01T00:00:01.500Z"))).toBe(
      Date.UTC(2026, 0, 1, 0, 0, 1, 500)
    )
    expect(lastActivityMillis({ last_message_dts: "soon" })).toBeUndefined()
    expect(lastActivityMillis({ last_message_dts: null })).toBeUndefined()
  })
})
