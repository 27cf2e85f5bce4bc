/**
 * The browser scenario (scenario.ts, which ends with the UI checks of ui.ts) alone, without the
 * security checks run.ts starts with: for working on the page.
 *
 *   node e2e/ui-run.ts [node|bun|deno] [--screenshot <file.png>]
 */
import { resolve } from "node:path"
import { isRuntime } from "../src/runtimes.ts"
import { inBrowser, signedIn } from "./harness.ts"
import { runPermissionChecks } from "./permissions.ts"
import { runScenario } from "./scenario.ts"

const args = process.argv.slice(2).filter((arg) => arg !== "--")
const runtime = args.find(isRuntime) ?? "node"
const at = args.indexOf("--screenshot")
const screenshot = at >= 0 ? resolve(process.env.INIT_CWD ?? process.cwd(), args[at + 1] ?? "") : undefined

let failed = false
try {
  await inBrowser(runtime, "agent-console-ui-", async (session) => {
    await signedIn(session, () => runScenario(session.page, session.app, screenshot))
    await runPermissionChecks(session.context, runtime)
  })
  console.log(`✓ ${runtime}`)
} catch (error) {
  failed = true
  console.error(`✗ ${runtime}:`, error)
}
process.exit(failed ? 1 : 0)
