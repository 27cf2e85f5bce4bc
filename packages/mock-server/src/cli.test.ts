import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const srcCli = fileURLToPath(new URL("./cli.ts", import.meta.url))
const distCli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))
const packageDir = fileURLToPath(new URL("../", import.meta.url))

/**
 * Starts the CLI under a runtime, waits for its banner, calls it, then stops it: with SIGINT
 * (Ctrl-C), or by closing its stdin, which is what happens when the process that started it dies.
 */
const roundTrip = (
  command: string,
  args: ReadonlyArray<string>,
  cli: string,
  stopBy: "SIGINT" | "stdin-eof" = "SIGINT",
  flags: ReadonlyArray<string> = []
): Promise<{ code: number | null; banner: string; status: number }> =>
  new Promise((resolve, reject) => {
    // Stdin is a pipe only this process holds and --exit-on-stdin-eof is on: if this test
    // process dies, even by SIGKILL, the kernel closes the pipe and the mock stops.
    const child = spawn(command, [...args, cli, "--port", "0", "--exit-on-stdin-eof", ...flags], {
      cwd: packageDir,
      stdio: ["pipe", "pipe", "pipe"]
    })
    let banner = ""
    let status = 0
    let errors = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${command} did not start in time:\n${banner}\n${errors}`))
    }, 240_000) // a hang detector (the CLI starts in well under a second alone)
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child.stdout.on("data", (chunk: Buffer) => {
      banner += chunk.toString()
      const base = /base URL:\s+(\S+)/.exec(banner)?.[1]
      const key = /simple key:\s+(\S+)/.exec(banner)?.[1]
      if (base === undefined || key === undefined || status !== 0) return
      status = -1
      const keepalive = (): Promise<number> =>
        fetch(`${base}/conversation/agent/keepalive`, {
          headers: { "x-ultracart-simple-key": key, "X-UltraCart-Api-Version": "2017-03-01" }
        }).then(async (response) => {
          await response.arrayBuffer()
          return response.status
        })
      // Two calls one after the other: under a rate limit that rejects concurrent requests, the
      // second passes only if the runtime's node:http released the first one's slot.
      keepalive()
        .then(async (first) => {
          const second = await keepalive()
          // 204 when both answered 204; otherwise both statuses show (e.g. 204429).
          status = first === second ? first : first * 1000 + second
        })
        .then(
          () => {
            if (stopBy === "SIGINT") child.kill("SIGINT")
            else child.stdin.end()
          },
          (error: unknown) => {
            child.kill("SIGKILL")
            reject(error)
          }
        )
    })
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, banner, status })
    })
  })

/** The runtimes' real binaries: the node_modules/.bin shims would swallow the SIGINT meant for them. */
const runtimeBin = (path: string): string =>
  fileURLToPath(new URL(`../../../node_modules/${path}`, import.meta.url))

describe("uc-mock CLI", () => {
  it.each([
    ["node", "src/cli.ts", process.execPath, [], srcCli],
    ["node", "dist/cli.js", process.execPath, [], distCli],
    ["bun", "dist/cli.js", runtimeBin("bun/bin/bun.exe"), [], distCli],
    ["deno", "dist/cli.js", runtimeBin("deno/deno"), ["run", "-A"], distCli]
  ] as const)(
    "starts, prints the URL and key, serves under UltraCart's limits, and stops on Ctrl-C: %s %s",
    async (_name, _file, bin, args, cli) => {
      if (!existsSync(cli))
        throw new Error(`${cli} is missing: run \`pnpm --filter @uc-conversation/mock-server build\` first`)
      const { code, banner, status } = await roundTrip(bin, args, cli, "SIGINT", [
        "--rate-limit",
        "ultracart"
      ])
      expect(banner).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
      expect(banner).toMatch(/simple key:\s+mock-simple-key-/)
      expect(status).toBe(204)
      expect(code).toBe(0)
    },
    40_000
  )

  it.each([
    ["node", "dist/cli.js", process.execPath, [], distCli],
    ["bun", "dist/cli.js", runtimeBin("bun/bin/bun.exe"), [], distCli],
    ["deno", "dist/cli.js", runtimeBin("deno/deno"), ["run", "-A"], distCli]
  ] as const)(
    "with --exit-on-stdin-eof, stops when its parent's end of stdin closes: %s %s",
    async (_name, _file, bin, args, cli) => {
      if (!existsSync(cli))
        throw new Error(`${cli} is missing: run \`pnpm --filter @uc-conversation/mock-server build\` first`)
      const { code, banner, status } = await roundTrip(bin, args, cli, "stdin-eof")
      expect(status).toBe(204)
      expect(code).toBe(0)
      // It stopped: nothing listens on its port any more.
      const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!
      await expect(fetch(url)).rejects.toThrow()
    }
  )

  it("prints the active rate limit and time scale, and serves under them", async () => {
    const plain = await roundTrip(process.execPath, [], srcCli, "SIGINT", ["--rate-limit", "off"])
    expect(plain.banner).toMatch(/rate limit:\s+off \(UltraCart enforces/)
    expect(plain.banner).not.toMatch(/time scale:/)
    const limited = await roundTrip(process.execPath, [], srcCli, "SIGINT", [
      "--rate-limit",
      "20/2",
      "--time-scale",
      "60",
      "--rate-limit-retry-after"
    ])
    expect(limited.banner).toContain(
      "rate limit:  20 per 2 s per credential and per IP (windows run 60x faster); concurrent requests rejected; Retry-After sent"
    )
    expect(limited.banner).toContain("time scale:  60x (a simulated hour lasts 60 s)")
    expect(limited.status).toBe(204)
    expect(limited.code).toBe(0)
  })

  it.each([
    [["--rate-limit", "0/2"], /--rate-limit: `buckets\[0\]\.limit` must be a whole number/],
    [["--rate-limit", "off", "--allow-concurrent"], /--allow-concurrent needs a rate limit/],
    [["--time-scale", "-5"], /--time-scale "-5"/]
  ])("refuses %j with exit code 2 and the reason", async (flags, reason) => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [srcCli, ...flags], { stdio: ["ignore", "ignore", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      child.on("close", (code) => resolve({ code, stderr }))
    })
    expect(code).toBe(2)
    expect(stderr).toMatch(reason)
  })

  it("refuses unknown arguments with exit code 2", async () => {
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [srcCli, "--bogus"], { stdio: "ignore" }).on("close", resolve)
    })
    expect(code).toBe(2)
  })
})
