import { describe, expect, it } from "vitest"
import { maxAttachmentBytes } from "../wire.ts"
import { fileName, formatBytes, safeHttpUrl } from "./dom.ts"
import { authorKind } from "./thread.ts"
import { checkFile } from "./upload.ts"

describe("the page's pure helpers", () => {
  it("links only to http(s)", () => {
    expect(safeHttpUrl("https://example.com/a?b=1")).toBe("https://example.com/a?b=1")
    expect(safeHttpUrl("javascript:alert(1)")).toBeUndefined()
    expect(safeHttpUrl("data:text/html,x")).toBeUndefined()
    expect(safeHttpUrl("not a url")).toBeUndefined()
  })

  it("checks the 10 MB limit before sending", () => {
    expect(checkFile({ size: 1 })).toBeUndefined()
    expect(checkFile({ size: maxAttachmentBytes })).toBeUndefined()
    expect(checkFile({ size: maxAttachmentBytes + 1 })).toMatch(/limited to 10\.0 MB/)
    expect(checkFile({ size: 0 })).toMatch(/empty/)
  })

  it("tells customer, agent and system messages apart", () => {
    const agents = new Set(["arn:agent:2"])
    expect(authorKind({ author_conversation_participant_arn: "arn:agent:1" }, "arn:agent:1", agents)).toBe(
      "agent"
    )
    expect(authorKind({ author_conversation_participant_arn: "arn:agent:2" }, "arn:agent:1", agents)).toBe(
      "agent"
    )
    expect(authorKind({ author_conversation_participant_arn: "arn:c:9" }, "arn:agent:1", agents)).toBe(
      "customer"
    )
    expect(
      authorKind({ type: "notice", author_conversation_participant_arn: "arn:c:9" }, "arn:agent:1", agents)
    ).toBe("system")
    expect(authorKind({ body: "joined" }, "arn:agent:1", agents)).toBe("system")
  })

  it("names files and sizes", () => {
    expect(fileName("https://x.test/a/receipt%20one.png?sig=1")).toBe("receipt one.png")
    expect(formatBytes(2048)).toBe("2.0 KB")
  })
})
