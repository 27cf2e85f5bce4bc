import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Cause } from "effect"
import { BadRequest, Transport } from "./errors.ts"
import { redactedMarker, scrubError, scrubText } from "./scrub.ts"

const key = "SECRET-KEY-0123456789abcdef"

describe("scrubbing secrets from foreign text", () => {
  it("removes a secret quoted as is, JSON-escaped, percent-encoded, or cut at a line break", () => {
    const secret = `${key}\r\nX-Injected: 1`
    const texts = [
      `Headers.append: "${secret}" is an invalid header value.`,
      `invalid value ${JSON.stringify(secret)}`,
      `GET /x?k=${encodeURIComponent(secret)}`,
      `invalid header: ${key}`,
      `header X-Injected: 1 was refused`
    ]
    for (const text of texts) {
      const scrubbed = scrubText(text, [secret])
      assert.notInclude(scrubbed, key, text)
      assert.include(scrubbed, redactedMarker, text)
    }
  })

  it("leaves text without a secret, and short pieces of one, untouched", () => {
    assert.strictEqual(
      scrubText("connect ECONNREFUSED 127.0.0.1:1", [key]),
      "connect ECONNREFUSED 127.0.0.1:1"
    )
    assert.strictEqual(scrubText("1 tail", [`${key}\u0000tail`]), "1 tail")
    assert.strictEqual(scrubText("anything", []), "anything")
    assert.strictEqual(scrubText("anything", [""]), "anything")
  })

  it("scrubs an error's message and every field, the decoded body included, keeping its class", () => {
    const error = new BadRequest({
      message: `getThing failed with HTTP 400: bad key ${key}`,
      method: "GET",
      path: "/things",
      status: 400,
      ucRestError: `bad key ${key}`,
      response: { error: { developer_message: `you sent ${key}`, user_message: null }, success: false }
    })
    const scrubbed = scrubError(error, [key])
    assert.instanceOf(scrubbed, BadRequest)
    assert.strictEqual(scrubbed.status, 400)
    assert.strictEqual(scrubbed.response?.error?.user_message, null)
    for (const rendered of [
      String(scrubbed),
      JSON.stringify(scrubbed),
      scrubbed.message,
      scrubbed.stack ?? "",
      inspect(scrubbed, { depth: 10 }),
      Cause.pretty(Cause.fail(scrubbed))
    ]) {
      assert.notInclude(rendered, key)
    }
  })

  it("returns the same error when it holds no secret", () => {
    const error = new Transport({ message: "no response", method: "GET", path: "/x", detail: "reset" })
    assert.strictEqual(scrubError(error, [key]), error)
    assert.strictEqual(scrubError(error, []), error)
  })
})
