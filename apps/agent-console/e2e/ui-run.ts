/**
 * The browser scenario (scenario.ts, which ends with the UI checks of ui.ts) alone, without the
 * security checks run.ts starts with: for working on the page.
 *
 *   node e2e/ui-run.ts [node|bun|deno] [--screenshot <file.png>]
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { isRuntime } from "../src/runtimes.ts"
import { authorizeFetch, launchBrowser, signIn, startConsole } from "./harness.ts"
import { runScenario } from "./scenario.ts"

const args = process.argv.slice(2).filter((arg) => arg !== "--")
const runtime = args.find(isRuntime) ?? "node"
const at = args.indexOf("--screenshot")
const screenshot = at >= 0 ? resolve(process.env.INIT_CWD ?? process.cwd(), args[at + 1] ?? "") : undefined

const app = await startConsole(runtime)
const profile = await mkdtemp(join(tmpdir(), "agent-console-ui-"))
let failed = false
try {
  const context = await launchBrowser(profile)
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(60_000)
    await signIn(context, app)
    const restore = authorizeFetch(app)
    try {
      await runScenario(page, app, screenshot)
    } finally {
      restore()
    }
  } finally {
    await context.close()
  }
  console.log(`✓ ${runtime}`)
} catch (error) {
  failed = true
  console.error(`--- ${runtime} console output ---\n${app.output().slice(-6000)}`)
  console.error(`✗ ${runtime}:`, error)
} finally {
  await app.stop()
  await rm(profile, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
