import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { childrenOf, isAlive, isListening, killIfAlive, waitUntil } from "../e2e/processes.ts"
import { exitOnStdinEofFlag } from "./main/parentWatch.ts"
import { type Runtime, runtimes } from "./runtimes.ts"

// `npm start` runs this very file; the console it starts is the build (dist/), as there.
const launcher = fileURLToPath(new URL("./launch.ts", import.meta.url))
const built = (runtime: Runtime) => fileURLToPath(new URL(`../dist/main/${runtime}.js`, import.meta.url))

interface Launched {
  readonly launcher: ChildProcess
  /** The console the launcher started (it leads its own process group). */
  readonly consolePid: number
  readonly port: number
  readonly output: () => string
}

// Everything a test started, killed after it whatever happened (a failed assertion included).
const spawned: Array<{ launcher: ChildProcess; consolePid?: number }> = []
afterEach(() => {
  for (const entry of spawned.splice(0)) {
    const consoles = entry.consolePid !== undefined ? [entry.consolePid] : childrenOf(entry.launcher.pid!)
    killIfAlive(entry.launcher.pid)
    for (const pid of consoles) killIfAlive(pid, true)
  }
})

const launch = async (runtime: Runtime): Promise<Launched> => {
  if (!existsSync(built(runtime)))
    throw new Error(
      `${built(runtime)} is missing: run \`pnpm --filter @uc-conversation/agent-console build\``
    )
  // No credential reaches the console, so it embeds the mock and never calls UltraCart.
  const env = { ...process.env }
  delete env.ULTRACART_SIMPLE_KEY
  delete env.ULTRACART_OAUTH_TOKEN
  // The launcher watches its stdin too (the flag): if this test process dies, so does it.
  const child = spawn(process.execPath, [launcher, "--runtime", runtime, "--port", "0", exitOnStdinEofFlag], {
    env,
    stdio: ["pipe", "pipe", "pipe"]
  })
  const entry: (typeof spawned)[number] = { launcher: child }
  spawned.push(entry)
  let output = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/
  // Generous: under the full `npm test` graph a runtime can take many seconds to start.
  await waitUntil(
    `the ${runtime} console starting`,
    () => listening.test(output) || child.exitCode !== null,
    240_000
  ).catch(() => {})
  const port = Number(listening.exec(output)?.[1])
  const [consolePid] = childrenOf(child.pid!)
  if (!port || consolePid === undefined) throw new Error(`the ${runtime} console did not start:\n${output}`)
  entry.consolePid = consolePid
  return { launcher: child, consolePid, port, output: () => output }
}

describe("the launcher (npm start)", () => {
  it.each(runtimes)(
    "killed with SIGKILL, takes the %s console with it: the port is freed",
    async (runtime) => {
      const app = await launch(runtime)
      expect(await isListening(app.port)).toBe(true)
      app.launcher.kill("SIGKILL")
      // No handler runs in a SIGKILLed launcher: only the console's stdin watch can stop it.
      const freed = await waitUntil(
        `port ${app.port} refusing connections`,
        async () => !(await isListening(app.port))
      )
      const gone = await waitUntil(`the ${runtime} console exiting`, () => !isAlive(app.consolePid))
      console.info(
        `${runtime}: port freed ${Math.round(freed)} ms after SIGKILL, console gone ${Math.round(freed + gone)} ms`
      )
      // It stopped the graceful way (the mock server and the app server closed), not by a crash.
      expect(app.output()).toContain("the parent process is gone (stdin closed): stopping…")
    }
  )

  it.each(runtimes)(
    "still forwards Ctrl-C to the %s console, which stops gracefully and exits 0",
    async (runtime) => {
      const app = await launch(runtime)
      const exited = new Promise<number | null>((resolve) => app.launcher.once("exit", resolve))
      app.launcher.kill("SIGINT")
      expect(await exited).toBe(0)
      await waitUntil(`the ${runtime} console exiting`, () => !isAlive(app.consolePid))
      expect(await isListening(app.port)).toBe(false)
      expect(app.output()).toContain("stopping…")
      expect(app.output()).not.toContain("parent process is gone")
    }
  )

  it("stops the console when its own stdin closes (the process that spawned it is gone)", async () => {
    const app = await launch("node")
    const exited = new Promise<number | null>((resolve) => app.launcher.once("exit", resolve))
    app.launcher.stdin!.end()
    expect(await exited).toBe(0)
    await waitUntil("the console exiting", () => !isAlive(app.consolePid))
    expect(await isListening(app.port)).toBe(false)
  })
})
