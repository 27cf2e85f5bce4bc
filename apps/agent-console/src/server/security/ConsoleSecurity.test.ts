import { Redacted } from "effect"
import { describe, expect, it } from "vitest"
import {
  cookieName,
  isLoopback,
  makeSecrets,
  protect,
  safeEqual,
  signInMessage,
  tokenUrl
} from "./ConsoleSecurity.ts"

const origin = "http://127.0.0.1:4123"
const secrets = makeSecrets()
const cookie = `${cookieName(4123)}=${Redacted.value(secrets.session)}`

/** The protected handler over an app that records what reached it. */
const setup = (withSecrets = true) => {
  const reached: Array<string> = []
  const lines: Array<string> = []
  const handler = protect(
    async (request) => {
      reached.push(`${request.method} ${new URL(request.url).pathname}`)
      return new Response("app", { status: 200 })
    },
    { secrets: withSecrets ? secrets : undefined },
    (line) => lines.push(line)
  )
  const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    handler(new Request(`${origin}${path}`, init))
  return { call, reached, lines }
}

const same = { origin, "sec-fetch-site": "same-origin", cookie }

describe("makeSecrets / safeEqual / tokenUrl", () => {
  it("draws 32 random bytes as base64url, fresh each launch, hidden from logs", () => {
    const other = makeSecrets()
    expect(Redacted.value(secrets.token)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Redacted.value(secrets.token)).not.toBe(Redacted.value(other.token))
    expect(Redacted.value(secrets.session)).not.toBe(Redacted.value(secrets.token))
    expect(String(secrets.token)).not.toContain(Redacted.value(secrets.token))
    expect(JSON.stringify(secrets)).not.toContain(Redacted.value(secrets.token))
  })

  it("compares in constant time, whatever the lengths, and never accepts an empty value", () => {
    expect(safeEqual(Redacted.value(secrets.token), secrets.token)).toBe(true)
    expect(safeEqual(`${Redacted.value(secrets.token)}x`, secrets.token)).toBe(false)
    expect(safeEqual("short", secrets.token)).toBe(false)
    expect(safeEqual("", Redacted.make(""))).toBe(false)
  })

  it("prints the token in the URL, or the bare URL with --no-auth", () => {
    expect(tokenUrl(origin, secrets)).toBe(`${origin}/?token=${Redacted.value(secrets.token)}`)
    expect(tokenUrl(origin, undefined)).toBe(`${origin}/`)
  })
})

describe("protect: the access token", () => {
  it("exchanges the token URL for an HttpOnly, SameSite=Strict cookie and a redirect without the token", async () => {
    const { call, reached } = setup()
    const response = await call(`/?token=${Redacted.value(secrets.token)}&keep=1`)
    expect(response.status).toBe(303)
    expect(response.headers.get("location")).toBe("/?keep=1")
    expect(response.headers.get("set-cookie")).toBe(
      `${cookieName(4123)}=${Redacted.value(secrets.session)}; HttpOnly; SameSite=Strict; Path=/`
    )
    expect(reached).toEqual([])
  })

  it("answers a wrong token 401 and sets no cookie", async () => {
    const { call, lines } = setup()
    const response = await call("/?token=guess")
    expect(response.status).toBe(401)
    expect(response.headers.get("set-cookie")).toBeNull()
    expect((await response.json()).error.tag).toBe("ConsoleUnauthorized")
    expect(lines.join("\n")).not.toContain("guess")
  })

  it("serves the static shell without a cookie, but every /api request and stream needs it", async () => {
    const { call, reached } = setup()
    expect((await call("/")).status).toBe(200)
    expect((await call("/console.js")).status).toBe(200)
    for (const path of ["/api/session", "/api/events?tab=a", "/api/conversations/x/events"]) {
      const response = await call(path)
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({
        error: { tag: "ConsoleUnauthorized", status: 401, message: signInMessage }
      })
    }
    expect((await call("/api/session", { headers: { cookie: `${cookieName(4123)}=wrong` } })).status).toBe(
      401
    )
    // Another console's cookie (another port) does not open this one.
    const elsewhere = `${cookieName(4124)}=${Redacted.value(secrets.session)}`
    expect((await call("/api/session", { headers: { cookie: elsewhere } })).status).toBe(401)
    expect(reached).toEqual(["GET /", "GET /console.js"])
    expect((await call("/api/session", { headers: { cookie: `a=b; ${cookie}` } })).status).toBe(200)
    const bearer = { authorization: `Bearer ${Redacted.value(secrets.token)}` }
    expect((await call("/api/session", { headers: bearer })).status).toBe(200)
  })

  it("with --no-auth, lets /api through without a cookie (same-origin rules still on)", async () => {
    const { call } = setup(false)
    expect((await call("/api/session")).status).toBe(200)
    const crossSite = { origin: "http://evil.test", "sec-fetch-site": "cross-site" }
    expect((await call("/api/conversations/x/join", { method: "POST", headers: crossSite })).status).toBe(403)
  })
})

describe("protect: same-origin state changes", () => {
  const post = (headers: Record<string, string>, body?: string, path = "/api/conversations/u1/join") => ({
    path,
    init: { method: "POST", headers, ...(body === undefined ? {} : { body }) }
  })

  it("refuses cross-site and same-site requests with 403 before the app sees them", async () => {
    const { call, reached } = setup()
    const attacks = [
      post({ ...same, "sec-fetch-site": "cross-site", origin: "http://evil.test" }),
      post({ ...same, "sec-fetch-site": "same-site", origin: "http://127.0.0.1:9999" }),
      post({ cookie, origin: "http://127.0.0.1:9999" }),
      post({ cookie, origin: "null" }),
      post({ cookie, "sec-fetch-site": "cross-site" }),
      // No browser evidence at all: a browser always sends Origin on POST.
      post({ cookie }),
      post(
        { ...same, origin: "http://127.0.0.1:9999", "content-type": "text/plain" },
        "{}",
        "/api/conversations"
      )
    ]
    for (const attack of attacks) {
      const response = await call(attack.path, attack.init)
      expect(response.status).toBe(403)
      expect((await response.json()).error).toMatchObject({ tag: "CrossOrigin", status: 403 })
    }
    for (const method of ["PUT", "PATCH", "DELETE"])
      expect((await call("/api/agent/status", { method, headers: { cookie } })).status).toBe(403)
    expect(reached).toEqual([])
  })

  const upload = "/api/conversations/u1/attachments?filename=a.txt"
  it.each([
    { what: "text/plain", path: "/api/conversations", type: "text/plain", body: "{}", status: 415 },
    {
      what: "a form",
      path: "/api/conversations",
      type: "application/x-www-form-urlencoded",
      body: "a=1",
      status: 415
    },
    {
      what: "JSON",
      path: "/api/conversations",
      type: "application/json; charset=utf-8",
      body: "{}",
      status: 200
    },
    { what: "an upload with X-Console-Request", path: upload, type: "text/plain", page: true, status: 200 },
    // Without the custom header, an upload is what a text/plain form could send: refused.
    { what: "an upload without X-Console-Request", path: upload, type: "text/plain", status: 403 }
  ])(
    "requires application/json for a body, X-Console-Request for uploads: $what answers $status",
    async (row) => {
      const { call, reached } = setup()
      const headers = { ...same, "content-type": row.type, ...(row.page ? { "x-console-request": "1" } : {}) }
      const response = await call(row.path, { method: "POST", headers, body: row.body ?? "hello" })
      expect(response.status).toBe(row.status)
      // Only what is let through reaches the app.
      expect(reached).toEqual(row.status === 200 ? [`POST ${new URL(row.path, origin).pathname}`] : [])
    }
  )

  it("lets a join without a body through, and a script that says X-Console-Request", async () => {
    const { call, reached } = setup()
    // Join/leave have no body, so no content type to check.
    expect((await call("/api/conversations/u1/join", { method: "POST", headers: same })).status).toBe(200)
    // A script holding the cookie says so with X-Console-Request (a page could only send it after a preflight).
    const script = { cookie, "x-console-request": "1", "content-type": "application/json" }
    expect((await call("/api/conversations", { method: "POST", headers: script, body: "{}" })).status).toBe(
      200
    )
    expect(reached).toEqual(["POST /api/conversations/u1/join", "POST /api/conversations"])
  })

  it("leaves reads alone (a GET changes nothing)", async () => {
    const { call } = setup()
    const headers = { cookie, "sec-fetch-site": "cross-site", origin: "http://evil.test" }
    expect((await call("/api/session", { headers })).status).toBe(200)
  })
})

describe("isLoopback", () => {
  it("knows loopback from wildcard and public addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"])
      expect(isLoopback(host)).toBe(true)
    for (const host of ["0.0.0.0", "::", "192.168.0.4", "10.0.0.1", "example.com", "128.0.0.1"])
      expect(isLoopback(host)).toBe(false)
  })
})
