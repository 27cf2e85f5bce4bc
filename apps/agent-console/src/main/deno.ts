/**
 * The console on Deno: the Deno adapter (fetch) and `Deno.serve`.
 *
 *   deno run --allow-net --allow-env --allow-read --allow-sys=networkInterfaces --node-modules-dir=manual dist/main/deno.js [--port N] [--host H] [--exit-on-stdin-eof]
 *
 * (`--allow-sys=networkInterfaces` lets a wildcard `--host` print a link per address; without it only the loopback one.)
 *
 * @since 0.0.0
 */
import { ConversationApiDeno } from "@uc-conversation/deno"
import { serveDeno } from "../serve/deno.ts"
import { clientOptions } from "./clientOptions.ts"
import { runConsole } from "./runConsole.ts"

// The few members of Deno's global this entry uses (the repo type-checks with tsc).
declare const Deno: {
  readonly args: ReadonlyArray<string>
  readonly env: { get(name: string): string | undefined }
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> }
  addSignalListener(signal: "SIGINT" | "SIGTERM", handler: () => void): void
  exit(code: number): never
}

await runConsole({
  runtime: "deno",
  argv: Deno.args,
  env: (name) => Deno.env.get(name),
  client: (target) =>
    target._tag === "Mock"
      ? ConversationApiDeno.layer({
          ...clientOptions,
          baseUrl: target.baseUrl,
          simpleKey: target.simpleKey,
          rateLimit: target.rateLimit
        })
      : ConversationApiDeno.layerConfig,
  serve: serveDeno,
  onSignal: (stop) => {
    Deno.addSignalListener("SIGINT", stop)
    Deno.addSignalListener("SIGTERM", stop)
  },
  stdin: () => Deno.stdin.readable,
  exit: (code) => Deno.exit(code)
})
