import {
  RateLimited,
  ResponseDecode,
  ServerError,
  Timeout,
  Transport,
  Unauthorized
} from "@uc-conversation/core"
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
      upstreamStatus: 429,
      operation: "getConversations",
      retryAfterSeconds: 7
    })
  })

  it("adds the error body's user message to a plain explanation", () => {
    const withBody = new Unauthorized({
      ...site,
      message: "401",
      status: 401,
      response: { error: { user_message: "Invalid simple key" } }
    })
    expect(toBrowserError(withBody)).toMatchObject({ tag: "Unauthorized", status: 401 })
    expect(toBrowserError(withBody).message).toContain("Invalid simple key")
    expect(toBrowserError(withBody).message).toContain("UltraCart rejected the console's credentials (401).")
  })

  it("never shows the developer detail: a transport failure says UltraCart is unreachable", () => {
    const bare = new Transport({
      ...site,
      message: "fetch failed: ECONNREFUSED 10.0.0.1:443",
      detail: "TypeError"
    })
    expect(toBrowserError(bare)).toMatchObject({ tag: "Transport", status: 502, outage: true })
    expect(toBrowserError(bare).message).toBe(
      "UltraCart is unreachable (502): the console could not connect."
    )
    const decode = new ResponseDecode({
      ...site,
      message: "response body did not decode: body is not JSON (Unexpected token <)",
      status: 200,
      detail: "SyntaxError"
    })
    expect(toBrowserError(decode)).toMatchObject({ tag: "ResponseDecode", status: 502, outage: true })
    expect(toBrowserError(decode).message).not.toMatch(/decode|JSON|token/)
  })

  it("keeps the real 5xx class: 503 unavailable, 504 and timeouts timed out, other 5xx 502", () => {
    const server = (status: number) => toBrowserError(new ServerError({ ...site, message: "s", status }))
    expect(server(503)).toMatchObject({
      status: 503,
      upstreamStatus: 503,
      message: "UltraCart is unavailable (503). Try again shortly."
    })
    expect(server(504)).toMatchObject({
      status: 504,
      message: "UltraCart is timing out (504). Try again shortly."
    })
    expect(server(500)).toMatchObject({ status: 502, upstreamStatus: 500 })
    expect(server(500).message).toBe("UltraCart is having a server error (500). Try again shortly.")
    const timeout = toBrowserError(new Timeout({ ...site, message: "t", timeoutMillis: 100 }))
    expect(timeout).toMatchObject({
      status: 504,
      message: "UltraCart timed out: it did not answer in time (504)."
    })
  })
})

describe("errorResponse", () => {
  it("sends the status and a Retry-After header when rate limited", () => {
    const response = errorResponse({ tag: "RateLimited", message: "m", status: 429, retryAfterSeconds: 7 })
    expect(response.status).toBe(429)
    expect(response.headers["retry-after"]).toBe("7")
  })
})
