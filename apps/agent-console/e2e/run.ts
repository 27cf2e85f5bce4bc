/**
 * Browser end-to-end test of the agent console on Node, Bun and Deno.
 *
 *   node e2e/run.ts [--runtime node|bun|deno]... [--screenshot <file.png>]
 *
 * For each runtime it starts the built console (embedded mock, free port) as a child process,
 * drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through playwright-core
 * with a fresh profile, then stops the child. Playwright's own browser download is never used.
 */
import { resolve } from "node:path"
import { isRuntime, type Runtime, runtimes } from "../src/runtimes.ts"
import { inBrowser, signedIn } from "./harness.ts"
import { runPermissionChecks } from "./permissions.ts"
import { runScenario } from "./scenario.ts"
import { runSecurityChecks } from "./security.ts"

const parseArgs = (argv: ReadonlyArray<string>) => {
  const chosen: Array<Runtime> = []
  let screenshot: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--") continue
    if (arg === "--runtime") {
      const value = argv[++i] ?? ""
      if (!isRuntime(value)) throw new Error(`--runtime must be one of ${runtimes.join(", ")}`)
      chosen.push(value)
    } else if (arg === "--screenshot") {
      screenshot = resolve(process.env.INIT_CWD ?? process.cwd(), argv[++i] ?? "")
    } else {
      throw new Error(`Unknown option ${arg}`)
    }
  }
  return { runtimes: chosen.length > 0 ? chosen : [...runtimes], screenshot }
}

const runOne = async (runtime: Runtime, screenshot: string | undefined): Promise<number> => {
  const started = performance.now()
  await inBrowser(runtime, "agent-console-e2e-", async (session) => {
    // The attacks first, from a fresh context that has not signed in yet (security.ts).
    await runSecurityChecks(session.context, session.app)
    await signedIn(session, () => runScenario(session.page, session.app, screenshot))
    // An agent without the chat user role, on a console of its own (permissions.ts).
    await runPermissionChecks(session.context, runtime)
  })
  return (performance.now() - started) / 1000
}

const main = async () => {
  const options = parseArgs(process.argv.slice(2))
  let passed = 0
  let failed = 0
  for (const [index, runtime] of options.runtimes.entries()) {
    console.log(`e2e on ${runtime}`)
    try {
      // One screenshot is enough: the first runtime's.
      const seconds = await runOne(runtime, index === 0 ? options.screenshot : undefined)
      passed++
      console.log(`✓ ${runtime}: passed in ${seconds.toFixed(1)} s`)
    } catch (error) {
      failed++
      console.error(
        `✗ ${runtime}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      )
    }
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
