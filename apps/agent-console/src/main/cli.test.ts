import { describe, expect, it } from "vitest"
import { parseCli } from "./cli.ts"

describe("parseCli", () => {
  it("defaults to port 3000 on loopback", () => {
    expect(parseCli([])).toEqual({
      port: 3000,
      hostname: "127.0.0.1",
      exitOnStdinEof: false,
      timeScale: 1,
      noAuth: false
    })
  })

  it("reads --port and --host in both spellings", () => {
    expect(parseCli(["--port", "0", "--host=0.0.0.0"])).toMatchObject({ port: 0, hostname: "0.0.0.0" })
    expect(parseCli(["--port=8080"])).toMatchObject({ port: 8080, hostname: "127.0.0.1" })
  })

  it("turns the parent-death watch on only when asked", () => {
    expect(parseCli(["--port", "0"]).exitOnStdinEof).toBe(false)
    expect(parseCli(["--exit-on-stdin-eof", "--port", "0"])).toEqual({
      port: 0,
      hostname: "127.0.0.1",
      exitOnStdinEof: true,
      timeScale: 1,
      noAuth: false
    })
    expect(() => parseCli(["--exit-on-stdin-eof=yes"])).toThrow(/Unknown option/)
  })

  it("reads a time scale, and refuses one that is not a positive number", () => {
    expect(parseCli(["--time-scale", "60"]).timeScale).toBe(60)
    expect(parseCli(["--time-scale=2.5"]).timeScale).toBe(2.5)
    expect(() => parseCli(["--time-scale", "0"])).toThrow(/--time-scale must be/)
    expect(() => parseCli(["--time-scale", "-1"])).toThrow(/--time-scale must be/)
    expect(() => parseCli(["--time-scale", "fast"])).toThrow(/--time-scale must be/)
  })

  it("refuses bad ports and unknown options", () => {
    expect(() => parseCli(["--port", "http"])).toThrow(/--port must be/)
    expect(() => parseCli(["--port", "70000"])).toThrow(/--port must be/)
    expect(() => parseCli(["--verbose"])).toThrow(/Unknown option --verbose/)
  })

  it("offers --no-auth on loopback only, and refuses it with any other host", () => {
    expect(parseCli(["--no-auth"]).noAuth).toBe(true)
    expect(parseCli(["--no-auth", "--host", "::1"]).noAuth).toBe(true)
    expect(parseCli(["--host", "0.0.0.0"]).noAuth).toBe(false)
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "console.example"])
      expect(() => parseCli(["--host", host, "--no-auth"])).toThrow(/--no-auth is for loopback only/)
  })
})
