import { RateLimited, ServerError, Timeout, Transport, Unauthorized } from "@uc-conversation/core"
import { describe, expect, it } from "vitest"
import { errorResponse, toBrowserError } from "./BrowserError.ts"

const site = { method: "GET", path: "/conversation/conversations", operationId: "getConversations" }

describe("toBrowserError", () => {
  it("keeps the tag, prefers UltraCart's readable message, and rounds Retry-After up to seconds", () => {
    const error = new RateLimited({
      ...site,
      message: "429 Too Many Requests",
      status: 429,
      ucRestError: "Slow down",
      retryAfterMillis: 6200
    })
    expect(toBrowserError(error)).toEqual({
      tag: "RateLimited",
      message: "Slow down",
      status: 429,
      operation: "getConversations",
      retryAfterSeconds: 7
    })
  })

  it("falls back to the error body's user message, then to the error's own message", () => {
    const withBody = new Unauthorized({
      ...site,
      message: "401",
      status: 401,
      response: { error: { user_message: "Invalid simple key" } }
    })
    expect(toBrowserError(withBody)).toMatchObject({
      tag: "Unauthorized",
      status: 401,
      message: "Invalid simple key"
    })
    const bare = new Transport({ ...site, message: "connection refused", detail: "TransportError" })
    expect(toBrowserError(bare)).toMatchObject({
      tag: "Transport",
      status: 502,
      message: "connection refused"
    })
  })

  it("answers 504 for a timeout and 502 for an upstream server error", () => {
    expect(toBrowserError(new Timeout({ ...site, message: "t", timeoutMillis: 100 })).status).toBe(504)
    expect(toBrowserError(new ServerError({ ...site, message: "s", status: 503 })).status).toBe(502)
  })
})

describe("errorResponse", () => {
  it("sends the status and a Retry-After header when rate limited", () => {
    const response = errorResponse({ tag: "RateLimited", message: "m", status: 429, retryAfterSeconds: 7 })
    expect(response.status).toBe(429)
    expect(response.headers["retry-after"]).toBe("7")
  })
})
