/**
 * The console on Bun: the Bun adapter (fetch) and `Bun.serve`.
 *
 *   bun dist/main/bun.js [--port N] [--host H]
 *
 * @since 0.0.0
 */
import { ConversationApiBun } from "@uc-conversation/bun"
import { serveBun } from "../serve/bun.ts"
import { clientOptions } from "./clientOptions.ts"
import { runConsole } from "./runConsole.ts"

await runConsole({
  runtime: "bun",
  argv: process.argv.slice(2),
  env: (name) => process.env[name],
  client: (target) =>
    target._tag === "Mock"
      ? ConversationApiBun.layer({ ...clientOptions, baseUrl: target.baseUrl, simpleKey: target.simpleKey })
      : ConversationApiBun.layerConfig,
  serve: serveBun,
  onSignal: (stop) => {
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  },
  exit: (code) => process.exit(code)
})
