import { describe, expect, it } from "vitest"
import {
  checkTimeScale,
  DEFAULT_RATE_LIMIT,
  describeRateLimit,
  parseBucketsFlag,
  parseRateLimit,
  ultracartRateLimit
} from "./rateLimitConfig.ts"

describe("rate limit configuration", () => {
  it("carries UltraCart's published limits, and they are the default", () => {
    expect(ultracartRateLimit).toEqual({
      buckets: [
        { limit: 1000, seconds: 3600 },
        { limit: 10000, seconds: 86400 }
      ],
      concurrent: "reject",
      retryAfter: false
    })
    expect(DEFAULT_RATE_LIMIT).toBe(ultracartRateLimit)
  })

  it("accepts off, a full configuration, and fills omitted fields from UltraCart's values", () => {
    expect(parseRateLimit("off")).toBe("off")
    expect(parseRateLimit({})).toEqual(ultracartRateLimit)
    expect(
      parseRateLimit({ buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true })
    ).toEqual({ buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true })
  })

  it.each([
    ["on", /"off" or an object/],
    [null, /"off" or an object/],
    [{ bogus: 1 }, /unknown rate limit field `bogus`/],
    [{ buckets: [] }, /`buckets` must be a list of 1 to 16/],
    [{ buckets: {} }, /`buckets` must be a list/],
    [{ buckets: [{ limit: 0, seconds: 1 }] }, /`buckets\[0\]\.limit` must be a whole number/],
    [{ buckets: [{ limit: 1.5, seconds: 1 }] }, /`buckets\[0\]\.limit`/],
    [{ buckets: [{ limit: 5, seconds: -1 }] }, /`buckets\[0\]\.seconds` must be a whole number/],
    [{ buckets: [{ limit: 5, seconds: "60" }] }, /`buckets\[0\]\.seconds`/],
    [
      { buckets: [{ limit: 5, seconds: 60, extra: 1 }] },
      /`buckets\[0\]` must be an object \{limit, seconds\}/
    ],
    [{ concurrent: "maybe" }, /`concurrent` must be "reject" or "allow"/],
    [{ retryAfter: "yes" }, /`retryAfter` must be a boolean/]
  ])("refuses %j with a reason", (input, reason) => {
    expect(parseRateLimit(input)).toMatch(reason)
  })

  it("parses the CLI bucket list", () => {
    expect(parseBucketsFlag("off")).toBe("off")
    expect(parseBucketsFlag("ultracart")).toEqual(ultracartRateLimit.buckets)
    expect(parseBucketsFlag("1000/3600,10000/86400")).toEqual(ultracartRateLimit.buckets)
    expect(parseBucketsFlag("20/2")).toEqual([{ limit: 20, seconds: 2 }])
    expect(parseBucketsFlag("20")).toMatch(/"20" is not LIMIT\/SECONDS/)
    expect(parseBucketsFlag("20/2,")).toMatch(/"" is not LIMIT\/SECONDS/)
    expect(parseBucketsFlag("0/2")).toMatch(/--rate-limit: `buckets\[0\]\.limit`/)
    expect(parseBucketsFlag("-1/2")).toMatch(/is not LIMIT\/SECONDS/)
  })

  it("checks the time scale", () => {
    expect(checkTimeScale(60)).toBeUndefined()
    expect(checkTimeScale(0.5)).toBeUndefined()
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, "60", 2_000_000])
      expect(checkTimeScale(bad)).toMatch(/greater than 0/)
  })

  it("describes what is enforced in one line", () => {
    expect(describeRateLimit("off")).toMatch(/^off/)
    expect(describeRateLimit(ultracartRateLimit)).toBe(
      "1000 per 3600 s, 10000 per 86400 s per credential and per IP; concurrent requests rejected; Retry-After not sent"
    )
    expect(
      describeRateLimit({ buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true }, 60)
    ).toBe(
      "20 per 2 s per credential and per IP (windows run 60x faster); concurrent requests allowed; Retry-After sent"
    )
  })
})
