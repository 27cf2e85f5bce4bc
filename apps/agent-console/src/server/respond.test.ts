import {
  BadRequest,
  InvalidRequest,
  RateLimited,
  ResponseTooLarge,
  UltraCartConfigError,
  type UltraCartError
} from "@uc-conversation/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { toBrowserError } from "./BrowserError.ts"
import { respond } from "./respond.ts"

const site = { method: "GET", path: "/conversation/conversations", operationId: "getConversations" }

const statusOf = (error: unknown): number =>
  Effect.runSync(respond(Effect.fail(error)).pipe(Effect.map((response) => response.status)))

describe("respond", () => {
  it("answers every member of the UltraCart family as toBrowserError maps it", () => {
    const family: ReadonlyArray<UltraCartError> = [
      new RateLimited({ ...site, message: "slow down", status: 429 }),
      new BadRequest({ ...site, message: "bad", status: 400 }),
      new ResponseTooLarge({ ...site, message: "big", status: 200, limit: 1, bytesRead: 2 }),
      new InvalidRequest({ ...site, message: "no", detail: "missing" })
    ]
    for (const error of family) expect(statusOf(error)).toBe(toBrowserError(error).status)
    expect(statusOf(family[0])).toBe(429)
  })

  it("answers anything else, the client's configuration error included, as a 400", () => {
    expect(statusOf(new Error("not JSON"))).toBe(400)
    // A look-alike with a family tag is not a member: the guard is the base class, not the tag.
    expect(statusOf({ _tag: "RateLimited" })).toBe(400)
    expect(statusOf(new UltraCartConfigError({ message: "no key" }))).toBe(400)
  })

  it("answers plain words, never the developer detail", () => {
    const body = (error: unknown) =>
      Effect.runSync(
        respond(Effect.fail(error)).pipe(Effect.map((response) => JSON.stringify(response.body)))
      )
    expect(body(new Error('SchemaError: Expected string, got 42 at ["visible"]'))).not.toContain(
      "SchemaError"
    )
    expect(body(new Error("x"))).toContain("The console could not understand that request.")
  })
})
