/**
 * The console's own protection, in front of the HTTP app (a Fetch-level wrapper, so Node, Bun and
 * Deno enforce the same rules):
 *
 * - **Access token.** Each launch draws a secret (32 random bytes, base64url). The printed URL
 *   carries it (`/?token=…`); opening it sets an `HttpOnly; SameSite=Strict; Path=/` cookie and
 *   redirects (303) to the same URL without the token. Every `/api` request, the event streams
 *   included, needs that cookie (or `Authorization: Bearer <token>`, for scripts): 401 otherwise.
 *   The static shell loads without it; its API calls then get 401 with a message that says to
 *   open the printed link. Secrets are compared in constant time and are `Redacted` here.
 * - **Same origin.** Every state-changing `/api` request (POST, PUT, PATCH, DELETE) must come from
 *   the console's own pages: `Sec-Fetch-Site`, when sent, must be `same-origin`; `Origin`, when
 *   sent, must be the console's own origin; and one of them (or `X-Console-Request: 1`, which a
 *   page can only send cross-origin after a CORS preflight this server never approves) must be
 *   present. Otherwise 403, before any route runs: the mock never sees a cross-site join.
 * - **JSON bodies.** A body sent to a state-changing route must be `application/json` (415
 *   otherwise), so a cross-site form (`text/plain`, urlencoded, multipart) never reaches a handler.
 *   Uploads (`…/attachments`) carry the file's own type, which may well be `text/plain`, so they
 *   must carry `X-Console-Request: 1` instead (403 otherwise): no form can send a custom header, and
 *   a cross-origin `fetch` can only after a CORS preflight, which this server never approves. The
 *   same-origin rule applies to them as well.
 *
 * @since 0.0.0
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { Redacted } from "effect"
import type { WebHandler } from "../../serve/WebHandler.ts"

/**
 * Per-launch secrets: the token printed in the URL and the session value the cookie carries.
 *
 * @since 0.0.0
 */
export interface ConsoleSecrets {
  readonly token: Redacted.Redacted<string>
  readonly session: Redacted.Redacted<string>
}

/**
 * Draws fresh secrets (32 random bytes each, base64url).
 *
 * @since 0.0.0
 */
export const makeSecrets = (): ConsoleSecrets => ({
  token: Redacted.make(randomBytes(32).toString("base64url")),
  session: Redacted.make(randomBytes(32).toString("base64url"))
})

/**
 * Constant-time equality of two strings (both hashed first, so their lengths leak nothing either).
 *
 * @since 0.0.0
 */
export const safeEqual = (given: string, expected: Redacted.Redacted<string>): boolean => {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest()
  return timingSafeEqual(digest(given), digest(Redacted.value(expected))) && given.length > 0
}

/**
 * The cookie's name: per port, since cookies are not scoped by port and two consoles on one host
 * must not overwrite each other's.
 *
 * @since 0.0.0
 */
export const cookieName = (port: string | number): string => `agent_console_${port === "" ? "80" : port}`

/**
 * Options of {@link protect}.
 *
 * @since 0.0.0
 */
export interface ProtectOptions {
  /** The secrets; `undefined` turns the token check off (`--no-auth`, loopback only). */
  readonly secrets: ConsoleSecrets | undefined
}

/** The console's answer to a refused request: the shape every failed /api response has. */
const refuse = (status: number, tag: string, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: { tag, status, message } }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers }
  })

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"])

const readCookie = (header: string | null, name: string): string | undefined => {
  if (header === null) return undefined
  for (const part of header.split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** Whether the request declares a body (a length above 0 or a chunked one). */
const declaresBody = (request: Request): boolean => {
  const length = request.headers.get("content-length")
  if (length !== null) return Number(length) > 0
  return request.headers.has("transfer-encoding")
}

const isUpload = (path: string) => /^\/api\/conversations\/[^/]+\/attachments$/.test(path)

/**
 * Why a state-changing request is refused as cross-origin, or `undefined` when it may pass.
 *
 * @since 0.0.0
 */
export const crossOriginReason = (request: Request, ownOrigin: string): string | undefined => {
  const site = request.headers.get("sec-fetch-site")
  const origin = request.headers.get("origin")
  if (site !== null && site !== "same-origin") return `Sec-Fetch-Site: ${site}`
  if (origin !== null && origin !== ownOrigin) return `Origin: ${origin}`
  if (site === null && origin === null && request.headers.get("x-console-request") !== "1")
    return "no Origin, Sec-Fetch-Site or X-Console-Request"
  return undefined
}

/** The message a request without a valid session gets (the front end shows it as is). */
export const signInMessage =
  "This console needs its access link: open the link printed in the terminal where it was started."

/**
 * Wraps the app's handler with the rules above. `log` receives one line per refusal (never a
 * secret, never a header value beyond Origin / Sec-Fetch-Site).
 *
 * @since 0.0.0
 */
export const protect = (
  handler: WebHandler,
  options: ProtectOptions,
  log: (line: string) => void = () => {}
): WebHandler => {
  const { secrets } = options
  return async (request) => {
    const url = new URL(request.url)
    const name = cookieName(url.port)
    // The token URL: exchange it for the cookie, and drop it from the address bar and history.
    if (secrets !== undefined && request.method === "GET" && url.searchParams.has("token")) {
      if (!safeEqual(url.searchParams.get("token") ?? "", secrets.token)) {
        log(`refused ${request.method} ${url.pathname}: wrong access token`)
        return refuse(
          401,
          "ConsoleUnauthorized",
          "This access link is not valid (the console was restarted?)."
        )
      }
      url.searchParams.delete("token")
      const location = `${url.pathname}${url.search}`
      return new Response(null, {
        status: 303,
        headers: {
          location,
          "cache-control": "no-store",
          "referrer-policy": "no-referrer",
          "set-cookie": `${name}=${Redacted.value(secrets.session)}; HttpOnly; SameSite=Strict; Path=/`
        }
      })
    }
    if (!url.pathname.startsWith("/api/") && url.pathname !== "/api") return handler(request)
    if (secrets !== undefined) {
      const cookie = readCookie(request.headers.get("cookie"), name)
      const bearer = /^Bearer (\S+)$/.exec(request.headers.get("authorization") ?? "")?.[1]
      const valid =
        (cookie !== undefined && safeEqual(cookie, secrets.session)) ||
        (bearer !== undefined && safeEqual(bearer, secrets.token))
      if (!valid) {
        log(`refused ${request.method} ${url.pathname}: no valid session cookie`)
        return refuse(401, "ConsoleUnauthorized", signInMessage)
      }
    }
    if (stateChanging.has(request.method)) {
      const reason = crossOriginReason(request, url.origin)
      if (reason !== undefined) {
        log(`refused ${request.method} ${url.pathname}: not same-origin (${reason})`)
        return refuse(403, "CrossOrigin", "Refused: this request did not come from the console's own page.")
      }
      // Uploads carry the file's own type (text/plain for a .txt), so they must carry the custom
      // header instead: a form cannot send it, and a page elsewhere only after a refused preflight.
      if (isUpload(url.pathname) && request.headers.get("x-console-request") !== "1") {
        log(`refused ${request.method} ${url.pathname}: upload without X-Console-Request`)
        return refuse(403, "CrossOrigin", "Refused: uploads must come from the console's own page.")
      }
      const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase()
      if (!isUpload(url.pathname) && (type !== "" || declaresBody(request))) {
        if (type !== "application/json") {
          log(`refused ${request.method} ${url.pathname}: body of type "${type}"`)
          return refuse(415, "UnsupportedMediaType", "Refused: the console accepts JSON requests only.")
        }
      }
    }
    return handler(request)
  }
}

/**
 * Whether a host name is loopback: 127.0.0.0/8, ::1 or localhost. Wildcards (0.0.0.0, ::) are not.
 *
 * @since 0.0.0
 */
export const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase()
  return (
    host === "localhost" ||
    host === "::1" ||
    host === "0:0:0:0:0:0:0:1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

/**
 * The URL printed at start-up: the only one that opens the console.
 *
 * @since 0.0.0
 */
export const tokenUrl = (base: string, secrets: ConsoleSecrets | undefined): string =>
  secrets === undefined ? `${base}/` : `${base}/?token=${Redacted.value(secrets.token)}`
