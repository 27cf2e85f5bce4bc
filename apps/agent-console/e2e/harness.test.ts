import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { type Runtime, runtimes } from "../src/runtimes.ts"
import { chromiumPath } from "./harness.ts"
import { isAlive, isListening, killIfAlive, processesMentioning, waitUntil } from "./processes.ts"

const harness = pathToFileURL(fileURLToPath(new URL("./harness.ts", import.meta.url))).href
const built = (runtime: Runtime) => fileURLToPath(new URL(`../dist/main/${runtime}.js`, import.meta.url))

/** What the runner stand-in reports once the console (and the browser) are up. */
interface Started {
  readonly url: string
  readonly pid: number
  readonly profile?: string
}

/**
 * A stand-in for the e2e runner: starts the console through the harness (and Chromium with a
 * fresh profile when `browser`), opens the console in it, prints what it started, then waits to
 * be killed. It exits by itself when its stdin closes, so it cannot outlive this test process.
 * Its TMPDIR is the test's scratch directory: what it leaves there when SIGKILLed (the profile,
 * Playwright's artifacts directory) goes with that directory.
 */
const runnerScript = (runtime: Runtime, browser: boolean) => `
import { mkdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { launchBrowser, startConsole } from ${JSON.stringify(harness)}
process.stdin.on("end", () => process.exit(0)).resume()
const app = await startConsole(${JSON.stringify(runtime)})
let profile
if (${browser}) {
  profile = join(tmpdir(), "profile")
  await mkdir(profile)
  const context = await launchBrowser(profile)
  await (context.pages()[0] ?? (await context.newPage())).goto(app.url)
}
console.log(JSON.stringify({ url: app.url, pid: app.pid, profile }))
`

interface Runner {
  readonly child: ChildProcess
  /** The runner's TMPDIR, removed after the test. */
  readonly scratch: string
  started?: Started
}

// Everything a test started, killed after it whatever happened (a failed assertion included).
const runners: Array<Runner> = []
afterEach(async () => {
  for (const runner of runners.splice(0)) {
    killIfAlive(runner.child.pid)
    killIfAlive(runner.started?.pid, true)
    // Chromium, should it have outlived the runner, is found by its profile's path.
    for (const pid of processesMentioning(runner.scratch)) killIfAlive(pid)
    await rm(runner.scratch, { recursive: true, force: true })
  }
})

const startRunner = async (runtime: Runtime, browser: boolean): Promise<Required<Runner>> => {
  if (!existsSync(built(runtime)))
    throw new Error(
      `${built(runtime)} is missing: run \`pnpm --filter @uc-conversation/agent-console build\``
    )
  const scratch = await mkdtemp(join(tmpdir(), "agent-console-harness-test-"))
  const child = spawn(process.execPath, ["--input-type=module", "-e", runnerScript(runtime, browser)], {
    env: { ...process.env, TMPDIR: scratch },
    stdio: ["pipe", "pipe", "pipe"]
  })
  const runner: Runner = { child, scratch }
  runners.push(runner)
  let stdout = ""
  let output = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString()
    output += chunk.toString()
  })
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const report = () => stdout.split("\n").find((line) => line.startsWith("{") && line.endsWith("}"))
  // Generous: under the full `npm test` graph a runtime or Chromium can take many seconds to start.
  await waitUntil(
    `the runner starting the ${runtime} console`,
    () => report() !== undefined || child.exitCode !== null,
    240_000
  ).catch(() => {})
  const line = report()
  if (line === undefined) throw new Error(`the runner did not start the ${runtime} console:\n${output}`)
  runner.started = JSON.parse(line) as Started
  return runner as Required<Runner>
}

const portOf = (url: string) => Number(new URL(url).port)

describe("the e2e harness", () => {
  it.each(runtimes)(
    "a runner killed with SIGKILL takes its %s console with it: the port is freed",
    async (runtime) => {
      const { child, started } = await startRunner(runtime, false)
      expect(await isListening(portOf(started.url))).toBe(true)
      child.kill("SIGKILL")
      const freed = await waitUntil(
        `port ${portOf(started.url)} refusing connections`,
        async () => !(await isListening(portOf(started.url)))
      )
      const gone = await waitUntil(`the ${runtime} console exiting`, () => !isAlive(started.pid))
      console.info(
        `${runtime}: port freed ${Math.round(freed)} ms after SIGKILL, console gone ${Math.round(freed + gone)} ms`
      )
    }
  )

  // Playwright closes Chromium from exit handlers, which SIGKILL skips: what stops it then is
  // Chromium's own reaction to its DevTools pipe closing.
  it.skipIf(!existsSync(chromiumPath()))("a runner killed with SIGKILL takes Chromium with it", async () => {
    const { child, started } = await startRunner("node", true)
    const browser = processesMentioning(started.profile!)
    expect(browser.length).toBeGreaterThan(0)
    child.kill("SIGKILL")
    const gone = await waitUntil("Chromium exiting", () => processesMentioning(started.profile!).length === 0)
    await waitUntil("the console exiting", () => !isAlive(started.pid))
    console.info(`Chromium (${browser.length} processes) gone ${Math.round(gone)} ms after SIGKILL`)
  })
})
