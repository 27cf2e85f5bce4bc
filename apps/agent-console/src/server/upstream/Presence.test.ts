import { describe, expect, it } from "vitest"
import { Presence } from "./Presence.ts"

describe("Presence", () => {
  it("is visible while one connected tab is, hidden while all are hidden, none without tabs", () => {
    let changes = 0
    const presence = new Presence(() => {
      changes += 1
    })
    expect(presence.attendance()).toBe("none")
    const first = presence.connect("t1", true)
    const second = presence.connect("t2", false)
    expect(presence.attendance()).toBe("visible")
    expect(presence.tabCount()).toEqual({ connected: 2, visible: 1 })
    expect(presence.setVisible("t1", false)).toBe(true)
    expect(presence.attendance()).toBe("hidden")
    expect(presence.setVisible("unknown", true)).toBe(false)
    first()
    first() // once only
    second()
    expect(presence.attendance()).toBe("none")
    expect(changes).toBe(5)
  })

  it("keeps a tab that reconnected before its old stream closed", () => {
    const presence = new Presence()
    const old = presence.connect("t1", true)
    const fresh = presence.connect("t1", true)
    old()
    expect(presence.attendance()).toBe("visible")
    fresh()
    expect(presence.attendance()).toBe("none")
  })

  it("tracks the conversations open in some tab", () => {
    const presence = new Presence()
    const a1 = presence.openConversation("a")
    const a2 = presence.openConversation("a")
    const b = presence.openConversation("b")
    expect([...presence.openConversations()].sort()).toEqual(["a", "b"])
    a1()
    b()
    expect([...presence.openConversations()]).toEqual(["a"])
    a2()
    expect(presence.openConversations().size).toBe(0)
  })
})
