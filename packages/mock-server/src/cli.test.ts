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
  stopBy: "SIGINT" | "stdin-eof" = "SIGINT"
): Promise<{ code: number | null; banner: string; status: number }> =>
  new Promise((resolve, reject) => {
    // Stdin is a pipe only this process holds and --exit-on-stdin-eof is on: if this test
    // process dies, even by SIGKILL, the kernel closes the pipe and the mock stops.
    const child = spawn(command, [...args, cli, "--port", "0", "--exit-on-stdin-eof"], {
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
      fetch(`${base}/conversation/agent/keepalive`, {
        headers: { "x-ultracart-simple-key": key, "X-UltraCart-Api-Version": "2017-03-01" }
      }).then(
        (response) => {
          status = response.status
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
    "starts, prints the URL and key, serves, and stops on Ctrl-C: %s %s",
    async (_name, _file, bin, args, cli) => {
      if (!existsSync(cli))
        throw new Error(`${cli} is missing: run \`pnpm --filter @uc-conversation/mock-server build\` first`)
      const { code, banner, status } = await roundTrip(bin, args, cli)
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

  it("refuses unknown arguments with exit code 2", async () => {
    const code = await new Promise<number | null>((resolve) => {
      spawn(process.execPath, [srcCli, "--bogus"], { stdio: "ignore" }).on("close", resolve)
    })
    expect(code).toBe(2)
  })
})
