import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { getConversationDefinition } from "../generated/operations/getConversation.gen.ts"
import { startConversationDefinition } from "../generated/operations/startConversation.gen.ts"
import type { OperationDefinition } from "./operation.ts"
import { prepare } from "./prepared.ts"

const definition = getConversationDefinition as unknown as OperationDefinition<unknown, unknown>

const body = {
  success: true,
  conversation: {
    conversation_uuid: "c-1",
    closed: false,
    participants: [{ conversation_participant_arn: "arn:1", joined_dts: "2026-01-01T00:00:00Z" }],
    messages: [{ body: "hello", author_conversation_participant_arn: "arn:1", message_dts: "2026-01-01" }]
  }
}

// What the interpreter alone (Schema.decodeUnknownResult in a process that never enabled the JIT)
// reports; compiled decoders hand invalid input back to it, so the message is the same.
const DETAIL = 'Expected boolean | null\n  at ["success"]'

describe("prepare", () => {
  it("is built once per definition", () => {
    assert.strictEqual(prepare(definition), prepare(definition))
    assert.notStrictEqual(
      prepare(definition),
      prepare(startConversationDefinition as unknown as OperationDefinition<unknown, unknown>)
    )
  })

  it("names the operation and keeps argument values out of span attributes", () => {
    const prepared = prepare(definition)
    assert.deepStrictEqual(prepared.site, {
      operationId: "getConversation",
      method: "GET",
      path: "/conversation/conversations/{conversation_uuid}"
    })
    assert.deepStrictEqual(Object.keys(prepared.spanOptions.attributes).sort(), [
      "http.request.method",
      "uc.operation_id",
      "uc.retry_safe",
      "url.template"
    ])
  })

  it("decodes with the compiled decoder and reports issues like the interpreter", () => {
    const decode = prepare(definition).decodeSuccess
    assert.isDefined(decode)
    if (decode === undefined) return
    // The first call may compile; the second uses what was compiled.
    for (let i = 0; i < 2; i++) {
      assert.deepStrictEqual(decode(body), Result.succeed(body))
      const bad = decode({ ...body, success: "yes" })
      assert.isTrue(Result.isFailure(bad))
      if (Result.isFailure(bad)) assert.strictEqual(bad.failure, DETAIL)
    }
  })

  it("encodes args and reports an invalid one with the schema's message", () => {
    const { encodeArgs } = prepare(definition)
    assert.deepStrictEqual(
      encodeArgs({ conversation_uuid: "c-1", limit: 5 }),
      Result.succeed({ conversation_uuid: "c-1", limit: 5 })
    )
    const bad = encodeArgs({ conversation_uuid: 42 })
    assert.isTrue(Result.isFailure(bad))
    if (Result.isFailure(bad)) assert.include(bad.failure, "conversation_uuid")
  })
})
