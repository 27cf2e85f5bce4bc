import { assert, describe, it } from "@effect/vitest"
import { Option, Schema } from "effect"
import { Int32, Int64, Integer, Nullish, OpenEnum } from "./schemas.ts"

const decode = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, value: unknown) =>
  Schema.decodeUnknownOption(schema)(value)

describe("schema helpers", () => {
  it("OpenEnum accepts known and unknown strings, rejects non-strings", () => {
    const Medium = OpenEnum(["sms", "websocket"])
    assert.deepStrictEqual(decode(Medium, "sms"), Option.some("sms"))
    assert.deepStrictEqual(decode(Medium, "carrier pigeon"), Option.some("carrier pigeon"))
    assert.isTrue(Option.isNone(decode(Medium, 3)))
    // Type-level: known literals stay visible.
    const value: typeof Medium.Type = "websocket"
    assert.strictEqual(value, "websocket")
  })

  it("Int32 rejects out-of-range and fractional values", () => {
    assert.deepStrictEqual(decode(Int32, 2147483647), Option.some(2147483647))
    assert.deepStrictEqual(decode(Int32, -2147483648), Option.some(-2147483648))
    assert.isTrue(Option.isNone(decode(Int32, 2147483648)))
    assert.isTrue(Option.isNone(decode(Int32, 1.5)))
  })

  it("Int64 keeps safe integers and rejects what a number cannot hold exactly", () => {
    assert.deepStrictEqual(decode(Int64, 1732406400123), Option.some(1732406400123))
    assert.deepStrictEqual(decode(Int64, Number.MAX_SAFE_INTEGER), Option.some(Number.MAX_SAFE_INTEGER))
    assert.isTrue(Option.isNone(decode(Int64, 2 ** 53)))
    assert.isTrue(Option.isNone(decode(Int64, -(2 ** 53) - 2)))
    assert.isTrue(Option.isNone(decode(Integer, 0.1)))
  })

  it("Nullish accepts null as well as the value", () => {
    const S = Schema.Struct({ n: Schema.optionalKey(Nullish(Schema.String)) })
    assert.deepStrictEqual(decode(S, { n: null }), Option.some({ n: null }))
    assert.deepStrictEqual(decode(S, {}), Option.some({}))
    assert.deepStrictEqual(decode(S, { n: "x" }), Option.some({ n: "x" }))
    assert.isTrue(Option.isNone(decode(S, { n: 1 })))
  })
})
