/**
 * The one shape every runtime serves: a Fetch-style handler, as `HttpRouter.toWebHandler` builds it.
 *
 * @since 0.0.0
 */
export type WebHandler = (request: Request) => Promise<Response>

/**
 * A running server, whichever runtime started it.
 *
 * @since 0.0.0
 */
export interface RunningServer {
  /** The port actually bound (resolved when 0 or a fallback was asked for). */
  readonly port: number
  /** `http://127.0.0.1:<port>` or the bound host. */
  readonly url: string
  /** Stops accepting connections and closes the open ones (SSE streams included). */
  readonly stop: () => Promise<void>
}

/**
 * How an entry point asks its runtime to serve the handler.
 *
 * @since 0.0.0
 */
export interface ServeOptions {
  readonly hostname: string
  /** Preferred port; 0 asks for any free port. */
  readonly port: number
  /** When the preferred port is taken, bind a free one instead of failing. */
  readonly fallbackToFreePort: boolean
}

/**
 * Whether an error means "that port is taken", across Node, Bun and Deno wordings.
 *
 * @since 0.0.0
 */
export const isAddressInUse = (error: unknown): boolean => {
  if (typeof error !== "object" || error === null) return false
  const code = "code" in error ? error.code : undefined
  const name = "name" in error ? error.name : undefined
  const message = "message" in error ? String(error.message) : ""
  return (
    code === "EADDRINUSE" ||
    name === "AddrInUse" ||
    /address.*in use|port \d+ in use|EADDRINUSE/i.test(message)
  )
}

/**
 * Binds on the preferred port, then on a free one if that port is taken and fallback is allowed.
 *
 * @since 0.0.0
 */
export const bindWithFallback = async <A>(
  options: ServeOptions,
  bind: (port: number) => Promise<A>
): Promise<A> => {
  try {
    return await bind(options.port)
  } catch (error) {
    if (!options.fallbackToFreePort || options.port === 0 || !isAddressInUse(error)) throw error
    return bind(0)
  }
}

/**
 * The URL to print for a bound host and port (wildcard hosts print as loopback).
 *
 * @since 0.0.0
 */
export const urlFor = (hostname: string, port: number): string => {
  const host = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`
}
