import { assert, describe, it } from "@effect/vitest"
import { memoizeByIdentity } from "./memo.ts"

describe("memoizeByIdentity", () => {
  it("derives once per key object and keeps keys apart", () => {
    let calls = 0
    const size = memoizeByIdentity((key: { readonly items: Array<number> }) => {
      calls++
      return key.items.length
    })
    const a = { items: [1, 2] }
    const b = { items: [1, 2, 3] }
    assert.strictEqual(size(a), 2)
    assert.strictEqual(size(a), 2)
    assert.strictEqual(size(b), 3)
    assert.strictEqual(calls, 2)
  })
})
