/**
 * The console on Node: the Node adapter (Node's fetch) and a `node:http` server.
 *
 *   node dist/main/node.js [--port N] [--host H] [--exit-on-stdin-eof]
 *
 * @since 0.0.0
 */
import { Readable } from "node:stream"
import { ConversationApiNode } from "@uc-conversation/node"
import { serveNode } from "../serve/node.ts"
import { clientOptions } from "./clientOptions.ts"
import { runConsole } from "./runConsole.ts"

await runConsole({
  runtime: "node",
  argv: process.argv.slice(2),
  env: (name) => process.env[name],
  client: (target) =>
    target._tag === "Mock"
      ? ConversationApiNode.layer({
          ...clientOptions,
          baseUrl: target.baseUrl,
          simpleKey: target.simpleKey,
          rateLimit: target.rateLimit
        })
      : ConversationApiNode.layerConfig,
  serve: serveNode,
  onSignal: (stop) => {
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
  },
  stdin: () => Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>,
  exit: (code) => process.exit(code)
})
