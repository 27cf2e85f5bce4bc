/**
 * Start-up shared by the Node, Bun and Deno entries: pick the backend, start the embedded mock
 * when there is no credential, build the app, serve it, print the URL, stop cleanly on a signal
 * or, with `--exit-on-stdin-eof`, when the parent that spawned it dies.
 *
 * @since 0.0.0
 */
import { networkInterfaces } from "node:os"
import type { ConversationApi, RateLimitOptions, UltraCartClient } from "@uc-conversation/core"
import { startMockServer } from "@uc-conversation/mock-server"
import type { Layer } from "effect"
import { Redacted } from "effect"
import type { Runtime } from "../runtimes.ts"
import type { RunningServer, ServeOptions, WebHandler } from "../serve/WebHandler.ts"
import { makeConsoleApp } from "../server/ConsoleApp.ts"
import {
  type ConsoleSecrets,
  isLoopback,
  makeSecrets,
  protect,
  tokenUrl
} from "../server/security/ConsoleSecurity.ts"
import { scaledRateLimit } from "../server/upstream/Budget.ts"
import { parseCli } from "./cli.ts"
import { watchStdinEof } from "./parentWatch.ts"

/**
 * Where the client points: the embedded mock (explicit URL and key), or UltraCart through the
 * adapter's own configuration (`ULTRACART_SIMPLE_KEY` / `ULTRACART_OAUTH_TOKEN` / `ULTRACART_BASE_URL`).
 *
 * @since 0.0.0
 */
export type ClientTarget =
  | {
      readonly _tag: "Mock"
      readonly baseUrl: string
      readonly simpleKey: Redacted.Redacted<string>
      /** UltraCart's limits, their windows divided by the time scale the mock runs at. */
      readonly rateLimit: RateLimitOptions
    }
  | { readonly _tag: "FromEnvironment" }

/**
 * What each runtime entry supplies.
 *
 * @since 0.0.0
 */
export interface RuntimeEntry {
  readonly runtime: Runtime
  readonly argv: ReadonlyArray<string>
  /** Reads one environment variable the runtime's way. */
  readonly env: (name: string) => string | undefined
  /** The runtime adapter's client layer for a target. */
  readonly client: (target: ClientTarget) => Layer.Layer<ConversationApi | UltraCartClient, unknown>
  /** The runtime's native server. */
  readonly serve: (handler: WebHandler, options: ServeOptions) => Promise<RunningServer>
  /** Calls `stop` on Ctrl-C / SIGTERM. */
  readonly onSignal: (stop: () => void) => void
  /** The process's standard input; read only with `--exit-on-stdin-eof` (the parent-death watch). */
  readonly stdin: () => ReadableStream<Uint8Array>
  readonly exit: (code: number) => never
}

const timestamp = () => new Date().toISOString().slice(11, 23)

/**
 * The machine's network interfaces, as `os.networkInterfaces()` lists them.
 *
 * @since 0.0.0
 */
export type Interfaces = ReturnType<typeof networkInterfaces>

const wildcards = new Set(["0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"])

/**
 * The access links to print for a console bound to `hostname` and serving at `url` (the loopback
 * URL for a wildcard host, see `urlFor`). A wildcard host is reachable at every address of the
 * machine but at none called 0.0.0.0, so, as Jupyter does, it gets the loopback link first and then
 * one link per address other machines can use: every non-internal IPv4 address, and with `::`
 * (which also accepts IPv4) every non-internal IPv6 one. IPv6 link-local addresses (fe80::/10) are
 * left out: they work only with a zone (`%eth0`), which browsers do not accept in a URL. Any other
 * host gets its one link.
 *
 * @since 0.0.0
 */
export const accessLinks = (
  hostname: string,
  url: string,
  secrets: ConsoleSecrets | undefined,
  interfaces: () => Interfaces = networkInterfaces
): ReadonlyArray<string> => {
  const loopback = tokenUrl(url, secrets)
  // Listed only for a wildcard host: Deno asks for a permission to list them (--allow-sys).
  if (!wildcards.has(hostname)) return [loopback]
  let listed: Interfaces
  try {
    listed = interfaces()
  } catch {
    // Not allowed to list them (a runtime's sandbox): the loopback link still works.
    return [loopback]
  }
  const { port } = new URL(url)
  const families = new Set(hostname === "0.0.0.0" ? ["IPv4"] : ["IPv4", "IPv6"])
  const others = Object.values(listed)
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal && families.has(address.family))
    .filter((address) => !(address.family === "IPv6" && /^fe[89ab]/i.test(address.address)))
    .map((address) =>
      tokenUrl(
        `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${port}`,
        secrets
      )
    )
  return [...new Set([loopback, ...others])]
}

/**
 * The start-up banner: the first link, then each other one under it. The only place the access
 * token is printed.
 *
 * @since 0.0.0
 */
export const accessBanner = (links: ReadonlyArray<string>): string =>
  `\n${links.map((link, index) => `  ${index === 0 ? "Agent console:" : "            or"} ${link}`).join("\n")}\n`

/**
 * Runs the console until a signal arrives (or, when asked, until stdin reaches EOF).
 *
 * @since 0.0.0
 */
export const runConsole = async (entry: RuntimeEntry): Promise<void> => {
  const log = (line: string) => console.log(`${timestamp()} ${line}`)
  let cli: ReturnType<typeof parseCli>
  try {
    cli = parseCli(entry.argv)
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error))
    return entry.exit(2)
  }
  const credential = ["ULTRACART_SIMPLE_KEY", "ULTRACART_OAUTH_TOKEN"].find(
    (name) => (entry.env(name) ?? "") !== ""
  )
  if (credential !== undefined && cli.timeScale !== 1) {
    console.error(
      `--time-scale needs the embedded mock: UltraCart's clock cannot be sped up (${credential} is set)`
    )
    return entry.exit(2)
  }
  // The mock's rate-limit windows, the client's scheduler and the console's intervals all run at
  // the same scale, so they agree on what an hour is.
  const mock =
    credential === undefined ? await startMockServer({ port: 0, timeScale: cli.timeScale }) : undefined
  const target: ClientTarget =
    mock === undefined
      ? { _tag: "FromEnvironment" }
      : {
          _tag: "Mock",
          baseUrl: mock.baseUrl,
          simpleKey: Redacted.make(mock.simpleKey),
          rateLimit: scaledRateLimit(cli.timeScale)
        }
  const app = makeConsoleApp(entry.client(target), {
    backend: mock ? "mock" : "ultracart",
    log,
    timeScale: cli.timeScale
  })
  // The access token (unless --no-auth, which parseCli allows on loopback only) and the
  // same-origin rules, in front of every request (security/ConsoleSecurity.ts).
  const secrets = cli.noAuth ? undefined : makeSecrets()
  if (secrets === undefined && !isLoopback(cli.hostname)) {
    console.error("refusing to serve a non-loopback host without the access token")
    return entry.exit(2)
  }
  const server = await entry.serve(protect(app.handler, { secrets }, log), {
    hostname: cli.hostname,
    port: cli.port,
    fallbackToFreePort: true
  })
  if (cli.port !== 0 && server.port !== cli.port)
    log(`port ${cli.port} is taken; using ${server.port} instead`)
  log(`agent console (${entry.runtime}) listening on ${server.url}`)
  if (mock) log(`UltraCart: embedded mock server at ${mock.url} (control routes under ${mock.url}/__mock/)`)
  if (cli.timeScale !== 1)
    log(`time scale ${cli.timeScale}: a simulated hour lasts ${(3600 / cli.timeScale).toFixed(1)} s`)
  else if (mock === undefined)
    log(
      `UltraCart: ${entry.env("ULTRACART_BASE_URL") || "https://secure.ultracart.com/rest/v2"} (credential from ${credential})`
    )
  if (!isLoopback(cli.hostname))
    log(
      `listening on ${cli.hostname}, reachable from other machines: the link below, with its access token, is the only way in`
    )
  if (secrets === undefined) log("--no-auth: no access token; any local process can use this console")
  // The one place the token appears: it is never logged otherwise.
  console.log(accessBanner(accessLinks(cli.hostname, server.url, secrets)))

  let stopping = false
  let unwatch = () => {}
  const stop = (why: string) => {
    stopping = true
    unwatch()
    log(why)
    // Event streams end first so the native server can close its connections promptly.
    const done = Promise.allSettled([app.close(), server.stop(), mock?.close()])
    const deadline = new Promise((resolve) => setTimeout(resolve, 3000))
    void Promise.race([done, deadline]).then(() => entry.exit(0))
  }
  entry.onSignal(() => {
    // A second Ctrl-C skips the graceful stop.
    if (stopping) return entry.exit(130)
    stop("stopping…")
  })
  // Watched only once serving: a parent that died during start-up left EOF behind, read at once.
  if (cli.exitOnStdinEof)
    unwatch = watchStdinEof(entry.stdin(), () => {
      if (!stopping) stop("the parent process is gone (stdin closed): stopping…")
    })
}
