import {
  bindWithFallback,
  type RunningServer,
  type ServeOptions,
  urlFor,
  type WebHandler
} from "./WebHandler.ts"

// The few members of Deno's global this module uses (the repo type-checks with tsc, not deno check).
interface DenoServer {
  readonly addr: { readonly port: number }
  shutdown(): Promise<void>
}
declare const Deno: {
  serve(
    options: { readonly hostname: string; readonly port: number; readonly onListen: () => void },
    handler: WebHandler
  ): DenoServer
}

/**
 * Serves a web handler with `Deno.serve`.
 *
 * @since 0.0.0
 */
export const serveDeno = (handler: WebHandler, options: ServeOptions): Promise<RunningServer> =>
  bindWithFallback(options, async (port) => {
    // onListen is replaced so Deno does not print its own "Listening on" line.
    const server = Deno.serve({ hostname: options.hostname, port, onListen: () => undefined }, handler)
    return {
      port: server.addr.port,
      url: urlFor(options.hostname, server.addr.port),
      stop: () => server.shutdown()
    }
  })
