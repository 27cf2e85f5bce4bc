import { describe, expect, it } from "vitest"
import { createManualClock } from "./clock.ts"
import { ultracartRateLimit } from "./rateLimitConfig.ts"
import {
  CONCURRENT_MESSAGE,
  credentialKey,
  makeRateLimiter,
  normalizeIp,
  rateLimitReply
} from "./rateLimiter.ts"

const limiter = (initial: Parameters<typeof makeRateLimiter>[0]["initial"], timeScale = 1) => {
  const clock = createManualClock()
  return {
    clock,
    limiter: makeRateLimiter({ initial, timeScale, clock, labels: { simpleKey: "simpleKey:k" } })
  }
}

const caller = { credential: "simpleKey:k", ip: "127.0.0.1" }

describe("rate limiter", () => {
  it("keys a credential by a one-way hash, never the credential itself", () => {
    const key = credentialKey("simpleKey:super-secret")
    expect(key).toMatch(/^cred:[0-9a-f]{32}$/)
    expect(key).not.toContain("super-secret")
    expect(credentialKey("simpleKey:super-secret")).toBe(key)
    expect(credentialKey("oauthToken:super-secret")).not.toBe(key)
  })

  it("treats IPv4-mapped IPv6 addresses as the IPv4 client", () => {
    expect(normalizeIp("::ffff:127.0.0.1")).toBe("127.0.0.1")
    expect(normalizeIp("::1")).toBe("::1")
    expect(normalizeIp(undefined)).toBe("unknown")
  })

  it("holds the concurrency slot until release, and release is idempotent", () => {
    const { limiter: l } = limiter(ultracartRateLimit)
    const first = l.admit(caller)
    expect(first.ok).toBe(true)
    expect(l.admit(caller)).toEqual({
      ok: false,
      rejection: { kind: "concurrent", message: CONCURRENT_MESSAGE }
    })
    if (first.ok) {
      first.release()
      first.release()
    }
    expect(l.snapshot().inFlight).toBe(0)
    expect(l.admit(caller).ok).toBe(true)
  })

  it("keeps in-flight requests across configure and reset, so a later release stays exact", () => {
    const { limiter: l } = limiter({ ...ultracartRateLimit, concurrent: "allow" })
    const held = l.admit(caller)
    l.configure(ultracartRateLimit)
    expect(l.admit(caller).ok).toBe(false)
    l.reset()
    expect(l.snapshot().inFlight).toBe(1)
    if (held.ok) held.release()
    expect(l.snapshot().inFlight).toBe(0)
  })

  it("off admits everything and counts nothing against buckets", () => {
    const { limiter: l } = limiter("off")
    for (let i = 0; i < 5; i++) expect(l.admit(caller).ok).toBe(true)
    expect(l.snapshot()).toMatchObject({ rateLimit: "off", admitted: 0, inFlight: 5 })
  })

  it("Retry-After only when configured; the reply carries it", () => {
    const { clock, limiter: l } = limiter({
      buckets: [{ limit: 1, seconds: 60 }],
      concurrent: "allow",
      retryAfter: true
    })
    l.admit(caller)
    clock.advance(1000)
    const refused = l.admit(caller)
    expect(refused).toEqual({
      ok: false,
      rejection: { kind: "rate", message: "rate of 1 per 60 second(s) exceeded.", retryAfterSeconds: 59 }
    })
    const dialect = { errorHeader: "X-Error-Text", requiredHeaders: {} }
    if (!refused.ok)
      expect(rateLimitReply(dialect, refused.rejection).headers).toMatchObject({
        "Retry-After": "59",
        "X-Error-Text": "rate of 1 per 60 second(s) exceeded."
      })
    l.configure({ buckets: [{ limit: 1, seconds: 60 }], concurrent: "allow", retryAfter: false })
    l.admit(caller)
    const plain = l.admit(caller)
    expect(plain).toEqual({
      ok: false,
      rejection: { kind: "rate", message: "rate of 1 per 60 second(s) exceeded." }
    })
  })

  it("the snapshot is a copy: changing it changes nothing", () => {
    const { limiter: l } = limiter(ultracartRateLimit)
    const snapshot = l.snapshot()
    if (snapshot.rateLimit !== "off") (snapshot.rateLimit.buckets[0] as { limit: number }).limit = 1
    expect(l.snapshot().rateLimit).toEqual(ultracartRateLimit)
  })
})
