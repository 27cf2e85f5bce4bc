import type { Change, DiffReport } from "@uc-conversation/spec"
import { describe, expect, it } from "vitest"
import { changeLine, formatSummary, touchedNames } from "./summary.ts"

const report = (changes: ReadonlyArray<Change>): DiffReport => ({
  bump: "major",
  counts: {
    breaking: changes.filter((c) => c.kind === "breaking").length,
    additive: changes.filter((c) => c.kind === "additive").length,
    docs: changes.filter((c) => c.kind === "docs").length
  },
  changes
})

const requiredParam: Change = {
  kind: "breaking",
  rule: "parameter-added-required",
  message: 'leaveConversation, parameter query "conversation_participant_arn": added, required',
  pointer: "/paths/~1conversation~1conversations~1{conversation_uuid}~1leave/delete/parameters/1",
  side: "new",
  operationId: "leaveConversation",
  parameter: { name: "conversation_participant_arn", in: "query" }
}
const addedField: Change = {
  kind: "additive",
  rule: "field-added-optional",
  message: 'schema Conversation, field "conversation_webchat_queue_uuid": added',
  pointer: "/components/schemas/Conversation/properties/conversation_webchat_queue_uuid",
  side: "new",
  schema: "Conversation",
  field: "conversation_webchat_queue_uuid"
}
const addedSchema: Change = {
  kind: "additive",
  rule: "schema-added",
  message: "schema ConversationAgentProfile: added",
  pointer: "/components/schemas/ConversationAgentProfile",
  side: "new",
  schema: "ConversationAgentProfile"
}
const docs: Change = {
  kind: "docs",
  rule: "docs-changed",
  message: "getConversationMessages: description changed",
  pointer: "/paths/x/get/description",
  side: "new",
  operationId: "getConversationMessages"
}
const info: Change = {
  kind: "docs",
  rule: "docs-changed",
  message: "info changed",
  pointer: "/info",
  side: "new"
}

describe("changeLine", () => {
  it("names the operation and parameter", () => {
    expect(changeLine(requiredParam)).toBe(
      "- **Breaking** `leaveConversation` query parameter `conversation_participant_arn`: added, required"
    )
  })

  it("names a field as Schema.field and a schema on its own as schema X", () => {
    expect(changeLine(addedField)).toBe(
      "- **Additive** `Conversation.conversation_webchat_queue_uuid`: added"
    )
    expect(changeLine(addedSchema)).toBe("- **Additive** schema `ConversationAgentProfile`: added")
  })

  it("keeps the diff's sentence when the change has no subject", () => {
    expect(changeLine(info)).toBe("- **Docs** info changed")
  })
})

describe("formatSummary", () => {
  it("puts severity and names on the first line, then the most severe changes first", () => {
    expect(formatSummary(report([docs, addedField, requiredParam]))).toBe(
      [
        "Spec update from UltraCart (breaking): 3 changes to `getConversationMessages`, `leaveConversation` and `Conversation`.",
        "",
        "- **Breaking** `leaveConversation` query parameter `conversation_participant_arn`: added, required",
        "- **Additive** `Conversation.conversation_webchat_queue_uuid`: added",
        "- **Docs** `getConversationMessages`: description changed",
        ""
      ].join("\n")
    )
  })

  it("lists the sync defaults that need review after the changes", () => {
    expect(
      formatSummary(report([addedField]), [
        "getX: x-uc-retry-safe defaulted to true from its method (GET); needs review"
      ])
    ).toBe(
      [
        "Spec update from UltraCart (additive): 1 change to `Conversation`.",
        "",
        "- **Additive** `Conversation.conversation_webchat_queue_uuid`: added",
        "",
        "Sync defaults that need review:",
        "",
        "- getX: x-uc-retry-safe defaulted to true from its method (GET); needs review",
        ""
      ].join("\n")
    )
  })

  it("says docs only when that is all there is", () => {
    expect(formatSummary(report([docs])).split("\n")[0]).toBe(
      "Spec update from UltraCart (docs only): 1 change to `getConversationMessages`."
    )
  })

  it("shortens a long list of names", () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...addedSchema, schema: `S${i}` }))
    expect(formatSummary(report(many)).split("\n")[0]).toBe(
      "Spec update from UltraCart (additive): 8 changes to `S0`, `S1`, `S2`, `S3`, `S4`, `S5` and 2 more."
    )
  })

  it("refuses an empty report", () => {
    expect(() => formatSummary(report([]))).toThrow(/at least one change/)
  })
})

describe("touchedNames", () => {
  it("lists operations before schemas, once each", () => {
    expect(touchedNames(report([addedField, requiredParam, addedField, docs]))).toEqual([
      "leaveConversation",
      "getConversationMessages",
      "Conversation"
    ])
  })
})
