import { assert, describe, it } from "@effect/vitest"
import type { ConversationMessage } from "../generated/models.gen.ts"
import { advance } from "./messageCursor.ts"

const m = (id: string, epoch: number | undefined): ConversationMessage =>
  epoch === undefined
    ? { conversation_message_uuid: id, body: id }
    : { conversation_message_uuid: id, body: id, message_epoch: epoch }

describe("message tail cursor", () => {
  it("emits only messages at or after the cursor, oldest first", () => {
    const step = advance({ epoch: 100, seenAtEpoch: new Set() }, [
      m("c", 102),
      m("old", 99),
      m("a", 100),
      m("b", 101)
    ])
    assert.deepStrictEqual(
      step.emit.map((x) => x.body),
      ["a", "b", "c"]
    )
    assert.strictEqual(step.epoch, 102)
    assert.deepStrictEqual([...step.seenAtEpoch], ["c"])
  })

  it("a message arriving later at the same epoch as the cursor is not lost, and nothing repeats", () => {
    const first = advance({ epoch: 0, seenAtEpoch: new Set() }, [m("a", 5)])
    assert.deepStrictEqual(
      first.emit.map((x) => x.body),
      ["a"]
    )
    // Next poll (since = 4): the server now also has b at epoch 5.
    const second = advance(first, [m("a", 5), m("b", 5)])
    assert.deepStrictEqual(
      second.emit.map((x) => x.body),
      ["b"]
    )
    assert.deepStrictEqual([...second.seenAtEpoch].sort(), ["a", "b"])
    const third = advance(second, [m("a", 5), m("b", 5)])
    assert.strictEqual(third.emit.length, 0)
    assert.strictEqual(third.epoch, 5)
  })

  it("drops duplicates within one poll and messages without an epoch", () => {
    const step = advance({ epoch: 0, seenAtEpoch: new Set() }, [m("a", 1), m("a", 1), m("x", undefined)])
    assert.deepStrictEqual(
      step.emit.map((x) => x.body),
      ["a"]
    )
  })

  it("identifies messages without a uuid by content", () => {
    const noId = (body: string, epoch: number): ConversationMessage => ({ body, message_epoch: epoch })
    const first = advance({ epoch: 0, seenAtEpoch: new Set() }, [noId("hi", 3)])
    const second = advance(first, [noId("hi", 3), noId("there", 3)])
    assert.deepStrictEqual(
      second.emit.map((x) => x.body),
      ["there"]
    )
  })
})
