/**
 * The console on Bun: the Bun adapter (fetch) and `Bun.serve`.
 *
 *   bun dist/main/bun.js [--port N] [--host H] [--exit-on-stdin-eof]
 *
 * @since 0.0.0
 */
import { ConversationApiBun } from "@uc-conversation/bun"
import { serveBun } from "../serve/bun.ts"
import { clientOptions } from "./clientOptions.ts"
import { runConsole } from "./runConsole.ts"

// The one member of Bun's global this entry uses (no @types/bun in the repo).
declare const Bun: { readonly stdin: { stream(): ReadableStream<Uint8Array> } }

await runConsole({
  runtime: "bun",
  argv: process.argv.slice(2),
  env: (name) => process.env[name],
  client: (target) =>
    target._tag === "Mock"
      ? ConversationApiBun.layer({
          ...clientOptions,
          baseUrl: target.baseUrl,
          simpleKey: target.simpleKey,
          rateLimit: target.rateLimit
        })
      : ConversationApiBun.layerConfig,
  serve: serveBun,
  onSignal: (stop) => {
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  },
  stdin: () => Bun.stdin.stream(),
  exit: (code) => process.exit(code)
})
