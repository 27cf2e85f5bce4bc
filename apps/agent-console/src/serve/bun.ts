import {
  bindWithFallback,
  type RunningServer,
  type ServeOptions,
  urlFor,
  type WebHandler
} from "./WebHandler.ts"

// The few members of Bun's global this module uses (no @types/bun in the repo).
interface BunServer {
  readonly port: number
  stop(closeActiveConnections?: boolean): Promise<void> | void
}
declare const Bun: {
  serve(options: {
    readonly hostname: string
    readonly port: number
    readonly idleTimeout: number
    readonly fetch: WebHandler
  }): BunServer
}

/**
 * Serves a web handler with `Bun.serve`.
 *
 * @since 0.0.0
 */
export const serveBun = (handler: WebHandler, options: ServeOptions): Promise<RunningServer> =>
  bindWithFallback(options, async (port) => {
    const server = Bun.serve({
      hostname: options.hostname,
      port,
      // Bun closes connections idle for 10 s by default; event streams are idle between messages.
      idleTimeout: 0,
      fetch: handler
    })
    return {
      port: server.port,
      url: urlFor(options.hostname, server.port),
      stop: async () => {
        await server.stop(true)
      }
    }
  })
