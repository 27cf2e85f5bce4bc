import { createServer } from "node:net"
import { describe, expect, it } from "vitest"
import { bindWithFallback, isAddressInUse, urlFor } from "./WebHandler.ts"

describe("isAddressInUse", () => {
  it("recognises Node, Bun and Deno wordings", () => {
    expect(isAddressInUse({ code: "EADDRINUSE" })).toBe(true)
    expect(isAddressInUse({ name: "AddrInUse", message: "Address already in use (os error 98)" })).toBe(true)
    expect(isAddressInUse(new Error("Failed to start server. Is port 3000 in use?"))).toBe(true)
    expect(isAddressInUse(new Error("permission denied"))).toBe(false)
    expect(isAddressInUse("EADDRINUSE")).toBe(false)
  })
})

describe("bindWithFallback", () => {
  it("binds a free port when the preferred one is taken", async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const taken = (blocker.address() as { port: number }).port
    const tried: Array<number> = []
    const bound = await bindWithFallback(
      { hostname: "127.0.0.1", port: taken, fallbackToFreePort: true },
      (port) =>
        new Promise<number>((resolve, reject) => {
          tried.push(port)
          const server = createServer()
          server.once("error", reject)
          server.listen(port, "127.0.0.1", () => {
            const actual = (server.address() as { port: number }).port
            server.close(() => resolve(actual))
          })
        })
    )
    await new Promise((resolve) => blocker.close(resolve))
    expect(tried).toEqual([taken, 0])
    expect(bound).not.toBe(taken)
  })

  it("does not fall back when asked not to", async () => {
    const inUse = Object.assign(new Error("in use"), { code: "EADDRINUSE" })
    await expect(
      bindWithFallback({ hostname: "127.0.0.1", port: 3000, fallbackToFreePort: false }, () =>
        Promise.reject(inUse)
      )
    ).rejects.toBe(inUse)
  })
})

describe("urlFor", () => {
  it("prints wildcard hosts as loopback and brackets IPv6", () => {
    expect(urlFor("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000")
    expect(urlFor("::1", 3000)).toBe("http://[::1]:3000")
  })
})
