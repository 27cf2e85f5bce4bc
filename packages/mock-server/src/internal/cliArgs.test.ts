import { describe, expect, it } from "vitest"
import { parseCliArgs, usage } from "./cliArgs.ts"
import { DEFAULT_RATE_LIMIT, ultracartRateLimit } from "./rateLimitConfig.ts"

describe("uc-mock arguments", () => {
  it("defaults: port 4010 on loopback, UltraCart's rate limits, real time", () => {
    expect(parseCliArgs([])).toEqual({
      port: 4010,
      host: "127.0.0.1",
      rateLimit: DEFAULT_RATE_LIMIT,
      timeScale: 1,
      exitOnStdinEof: false
    })
  })

  it("--rate-limit takes UltraCart's form, 'ultracart' or 'off'", () => {
    expect(parseCliArgs(["--rate-limit", "1000/3600,10000/86400"])).toMatchObject({
      rateLimit: ultracartRateLimit
    })
    expect(parseCliArgs(["--rate-limit", "ultracart"])).toMatchObject({ rateLimit: ultracartRateLimit })
    expect(parseCliArgs(["--rate-limit", "20/2"])).toMatchObject({
      rateLimit: { buckets: [{ limit: 20, seconds: 2 }], concurrent: "reject", retryAfter: false }
    })
    expect(parseCliArgs(["--rate-limit", "off"])).toMatchObject({ rateLimit: "off" })
  })

  it("--allow-concurrent and --rate-limit-retry-after modify the limit, in any order", () => {
    expect(
      parseCliArgs(["--allow-concurrent", "--rate-limit", "20/2", "--rate-limit-retry-after", "--port", "0"])
    ).toMatchObject({
      port: 0,
      rateLimit: { buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true }
    })
  })

  it("--time-scale takes a positive number", () => {
    expect(parseCliArgs(["--time-scale", "60"])).toMatchObject({ timeScale: 60 })
    expect(parseCliArgs(["--time-scale", "2.5"])).toMatchObject({ timeScale: 2.5 })
  })

  it.each([
    [["--rate-limit", "20"], /"20" is not LIMIT\/SECONDS/],
    [["--rate-limit", "0/2"], /limit` must be a whole number/],
    [["--rate-limit"], /unexpected argument "--rate-limit"/],
    [["--rate-limit", "off", "--allow-concurrent"], /--allow-concurrent needs a rate limit/],
    [["--rate-limit", "off", "--rate-limit-retry-after"], /--rate-limit-retry-after needs a rate limit/],
    [["--time-scale", "0"], /--time-scale "0": the time scale must be a number greater than 0/],
    [["--time-scale", "fast"], /--time-scale "fast"/],
    [["--bogus"], /unexpected argument "--bogus"/]
  ])("refuses %j with a message and the usage", (argv, message) => {
    const result = parseCliArgs(argv)
    expect(result).toMatch(message)
    expect(result).toMatch(/^uc-mock: /)
    expect(result).toContain(usage)
  })

  it("--help is the usage", () => {
    expect(parseCliArgs(["--help"])).toBe(usage)
  })
})
