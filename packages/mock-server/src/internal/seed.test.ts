import { afterEach, describe, expect, it, vi } from "vitest"
import { startMockServer } from "../index.ts"
import { buildSeed, DEFAULT_SEED, SEED_BASE_EPOCH, SEED_CONVERSATION_COUNT, STOREFRONT } from "./seed.ts"

afterEach(() => {
  vi.restoreAllMocks()
})

describe("seed data", () => {
  it("never reads Math.random or the clock", () => {
    const random = vi.spyOn(Math, "random")
    const now = vi.spyOn(Date, "now")
    buildSeed(DEFAULT_SEED)
    expect(random).not.toHaveBeenCalled()
    expect(now).not.toHaveBeenCalled()
  })

  it("is identical for the same seed and different for another", () => {
    expect(JSON.stringify(buildSeed(DEFAULT_SEED).conversations)).toBe(
      JSON.stringify(buildSeed(DEFAULT_SEED).conversations)
    )
    expect(buildSeed(1).conversations[0]?.conversation_uuid).not.toBe(
      buildSeed(2).conversations[0]?.conversation_uuid
    )
  })

  it("is realistic: both media, participants, increasing epochs before the base epoch, spread over queues", () => {
    const { conversations, queues, agents } = buildSeed(DEFAULT_SEED)
    expect(conversations).toHaveLength(SEED_CONVERSATION_COUNT)
    expect(new Set(conversations.map((c) => c.medium))).toEqual(new Set(["sms", "websocket"]))
    expect(new Set(conversations.map((c) => c.conversation_uuid)).size).toBe(SEED_CONVERSATION_COUNT)
    for (const c of conversations) {
      expect(c.participants.length).toBeGreaterThan(0)
      const epochs = c.messages.map((m) => m.message_epoch!)
      expect(epochs.length).toBeGreaterThanOrEqual(3)
      for (let i = 1; i < epochs.length; i++) expect(epochs[i]!).toBeGreaterThan(epochs[i - 1]!)
      expect(Math.max(...epochs)).toBeLessThan(SEED_BASE_EPOCH)
      for (const m of c.messages) expect(m.message_dts).toBe(new Date(m.message_epoch!).toISOString())
    }
    expect(queues.length).toBeGreaterThanOrEqual(3)
    expect(agents.length).toBeGreaterThanOrEqual(3)
  })

  it("gives every websocket conversation a webchat context of its own stream, and sms ones none", () => {
    const { conversations, contexts } = buildSeed(DEFAULT_SEED)
    const webchat = conversations.filter((c) => c.medium === "websocket")
    expect([...contexts.keys()].sort()).toEqual(webchat.map((c) => c.conversation_uuid).sort())
    for (const c of webchat) {
      const context = contexts.get(c.conversation_uuid)!
      expect(context.current_url?.startsWith(`${STOREFRONT}/`)).toBe(true)
      expect(Date.parse(context.session_start_dts!)).toBeLessThan(Date.parse(c.start_dts!))
      // Only the spec's own fields: the placeholder schemas (Cart, Order, HitPageView, …) are never made up.
      expect(Object.keys(context).sort()).toEqual(["current_url", "session_start_dts"])
    }
    expect(JSON.stringify([...buildSeed(DEFAULT_SEED).contexts])).toBe(JSON.stringify([...contexts]))
    expect(JSON.stringify([...buildSeed(7).contexts.values()])).not.toBe(
      JSON.stringify([...contexts.values()])
    )
  })

  it("two servers with the same seed serve byte-identical lists", async () => {
    const a = await startMockServer({ port: 0, rateLimit: "off" })
    const b = await startMockServer({ port: 0, rateLimit: "off" })
    const c = await startMockServer({ port: 0, seed: 7, rateLimit: "off" })
    try {
      const list = async (base: string, key: string): Promise<string> =>
        (
          await fetch(`${base}/conversation/conversations`, {
            headers: { "x-ultracart-simple-key": key, "X-UltraCart-Api-Version": "2017-03-01" }
          })
        ).text()
      const first = await list(a.baseUrl, a.simpleKey)
      expect(await list(b.baseUrl, b.simpleKey)).toBe(first)
      expect(await list(c.baseUrl, c.simpleKey)).not.toBe(first)
    } finally {
      await Promise.all([a.close(), b.close(), c.close()])
    }
  })
})
