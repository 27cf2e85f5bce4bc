import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Duration from "effect/Duration"
import {
  ApplicationDisabled,
  BadRequest,
  ConfigError,
  InvalidRequest,
  isUltraCartError,
  RateLimited,
  ResponseDecode,
  ResponseTooLarge,
  ServerError,
  Timeout,
  Transport,
  UltraCartConfigError,
  type UltraCartError,
  UltraCartErrorBase,
  Unauthorized,
  UnexpectedStatus
} from "./errors.ts"

const site = { method: "GET", path: "/things/{id}", operationId: "getThing" }

/** One instance of every member of the family, keyed by the tag it must carry. */
const family: ReadonlyArray<readonly [string, UltraCartError]> = [
  ["BadRequest", new BadRequest({ ...site, message: "m", status: 400 })],
  ["Unauthorized", new Unauthorized({ ...site, message: "m", status: 401 })],
  ["ApplicationDisabled", new ApplicationDisabled({ ...site, message: "m", status: 410 })],
  ["RateLimited", new RateLimited({ ...site, message: "m", status: 429, retryAfterMillis: 1500 })],
  ["ServerError", new ServerError({ ...site, message: "m", status: 503 })],
  ["UnexpectedStatus", new UnexpectedStatus({ ...site, message: "m", status: 404 })],
  ["Transport", new Transport({ ...site, message: "m", detail: "refused" })],
  ["Timeout", new Timeout({ ...site, message: "m", timeoutMillis: 10 })],
  ["ResponseTooLarge", new ResponseTooLarge({ ...site, message: "m", status: 200, limit: 1, bytesRead: 2 })],
  ["ResponseDecode", new ResponseDecode({ ...site, message: "m", status: 200, detail: "d" })],
  ["InvalidRequest", new InvalidRequest({ ...site, message: "m", detail: "d" })]
]

describe("the UltraCart error family", () => {
  it("every member is an UltraCartErrorBase and an Error, tagged and named after its class", () => {
    for (const [tag, error] of family) {
      assert.instanceOf(error, UltraCartErrorBase, tag)
      assert.instanceOf(error, Error, tag)
      assert.strictEqual(error._tag, tag)
      assert.strictEqual(error.name, tag)
      assert.strictEqual(error.message, "m")
      assert.strictEqual(error.path, "/things/{id}")
      assert.isTrue(isUltraCartError(error), tag)
    }
  })

  it("instanceof UltraCartErrorBase is enough to read the tag (what a Promise user writes)", () => {
    const tagOf = (error: unknown): string => (error instanceof UltraCartErrorBase ? error._tag : "not ours")
    for (const [tag, error] of family) assert.strictEqual(tagOf(error), tag)
    assert.strictEqual(tagOf(new Error("x")), "not ours")
  })

  it("isUltraCartError refuses look-alikes, other errors and the configuration error", () => {
    assert.isFalse(isUltraCartError({ _tag: "BadRequest", message: "m", method: "GET", path: "/" }))
    assert.isFalse(isUltraCartError(new Error("m")))
    assert.isFalse(isUltraCartError(undefined))
    assert.isFalse(isUltraCartError(new UltraCartConfigError({ message: "m" })))
  })

  it.effect("members are yieldable and caught by tag", () =>
    Effect.gen(function* () {
      const caught = yield* Effect.gen(function* () {
        return yield* new RateLimited({ ...site, message: "slow", status: 429, retryAfterMillis: 1500 })
      }).pipe(Effect.catchTag("RateLimited", (error) => Effect.succeed(error.retryAfter)))
      assert.deepStrictEqual(caught, Duration.millis(1500))
    })
  )

  it("the configuration error's class name and tag agree; ConfigError is the same class", () => {
    const error = new UltraCartConfigError({ message: "no key", option: "simpleKey" })
    assert.strictEqual(error._tag, "UltraCartConfigError")
    assert.strictEqual(error.name, "UltraCartConfigError")
    assert.strictEqual(ConfigError, UltraCartConfigError)
  })
})
