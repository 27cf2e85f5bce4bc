/**
 * The `uc-mock` command line, parsed and checked apart from the script that runs it, so every
 * flag combination is unit-tested without starting a process.
 */
import {
  checkTimeScale,
  DEFAULT_RATE_LIMIT,
  parseBucketsFlag,
  type RateLimitOption,
  ultracartRateLimit
} from "./rateLimitConfig.ts"

/** The usage line `--help` prints. */
export const usage =
  "usage: uc-mock [--port N] [--host HOST] [--seed N] [--rate-limit off|ultracart|LIMIT/SECONDS[,...]]\n" +
  "               [--allow-concurrent] [--rate-limit-retry-after] [--time-scale N] [--exit-on-stdin-eof]"

/** What the command line asks for. */
export interface CliArgs {
  port: number
  /** Loopback by default: the control routes (/__mock/) take no key, and the key is printed. */
  host: string
  seed?: number
  rateLimit: RateLimitOption
  timeScale: number
  exitOnStdinEof: boolean
}

/**
 * Parses `argv` (without the runtime and script). Returns the arguments, `usage` for `--help`,
 * or an error message (exit code 2).
 */
export const parseCliArgs = (argv: ReadonlyArray<string>): CliArgs | string => {
  const out: CliArgs = {
    port: 4010,
    host: "127.0.0.1",
    rateLimit: DEFAULT_RATE_LIMIT,
    timeScale: 1,
    exitOnStdinEof: false
  }
  let buckets: ReturnType<typeof parseBucketsFlag> | undefined
  let allowConcurrent = false
  let retryAfter = false
  const fail = (message: string): string => `uc-mock: ${message}\n${usage}`
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === "--") continue
    const value = argv[i + 1]
    if (flag === "--help" || flag === "-h") return usage
    if (flag === "--exit-on-stdin-eof") out.exitOnStdinEof = true
    else if (flag === "--allow-concurrent") allowConcurrent = true
    else if (flag === "--rate-limit-retry-after") retryAfter = true
    else if ((flag === "--port" || flag === "--seed") && value !== undefined && /^\d+$/.test(value)) {
      if (flag === "--port") out.port = Number(value)
      else out.seed = Number(value)
      i++
    } else if (flag === "--host" && value !== undefined) {
      out.host = value
      i++
    } else if (flag === "--rate-limit" && value !== undefined) {
      buckets = parseBucketsFlag(value)
      if (typeof buckets === "string" && buckets !== "off") return fail(buckets)
      i++
    } else if (flag === "--time-scale" && value !== undefined) {
      const scale = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN
      const problem = checkTimeScale(scale)
      if (problem !== undefined) return fail(`--time-scale ${JSON.stringify(value)}: ${problem}`)
      out.timeScale = scale
      i++
    } else return fail(`unexpected argument ${JSON.stringify(flag)}`)
  }
  // Without --rate-limit the modifiers apply to the default limit; with the limit off they would
  // silently do nothing, so they are refused.
  const base: RateLimitOption =
    buckets === undefined
      ? DEFAULT_RATE_LIMIT
      : buckets === "off"
        ? "off"
        : { ...ultracartRateLimit, buckets: buckets as Exclude<typeof buckets, string> }
  if (base === "off") {
    const modifier = allowConcurrent
      ? "--allow-concurrent"
      : retryAfter
        ? "--rate-limit-retry-after"
        : undefined
    if (modifier !== undefined)
      return fail(`${modifier} needs a rate limit; add --rate-limit ultracart (or LIMIT/SECONDS,...)`)
    out.rateLimit = "off"
  } else out.rateLimit = { ...base, concurrent: allowConcurrent ? "allow" : "reject", retryAfter }
  return out
}
