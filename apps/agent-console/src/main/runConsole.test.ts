import { type ChildProcess, spawn } from "node:child_process"
import { networkInterfaces } from "node:os"
import { fileURLToPath } from "node:url"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeSecrets } from "../server/security/ConsoleSecurity.ts"
import { accessBanner, accessLinks, type Interfaces } from "./runConsole.ts"

// The Node entry runs from source (Node strips the types), exactly as `npm start` runs the build.
const entry = fileURLToPath(new URL("./node.ts", import.meta.url))

interface Started {
  readonly child: ChildProcess
  readonly url: string
  /** The printed access link. */
  readonly link: string
  readonly output: () => string
  /** A fetch of the console's `path` with the session cookie the link sets. */
  readonly get: (path: string) => Promise<Response>
}

const start = async (
  env: Record<string, string>,
  extraArgs: ReadonlyArray<string> = []
): Promise<Started> => {
  // The parent-death watch: if this test process dies, even by SIGKILL, the console stops too.
  const child = spawn(process.execPath, [entry, "--port", "0", "--exit-on-stdin-eof", ...extraArgs], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  // A hang detector (it starts in about a second alone), not a speed check.
  for (let waited = 0; waited < 240_000; waited += 50) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1]
    const link = /Agent console: (http:\/\/\S+)/.exec(output)?.[1]
    if (url && link) {
      const exchange = await fetch(link, { redirect: "manual" })
      const cookie = exchange.headers.getSetCookie()[0]?.split(";")[0] ?? ""
      const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie } })
      return { child, url, link, output: () => output, get }
    }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill("SIGKILL")
  throw new Error(`the console did not start:\n${output}`)
}

/**
 * Ctrl-C: the console must stop by itself with status 0. The SIGKILL fallback (exit code null, a
 * failure) only ends a console that would never stop; a loaded machine is given two minutes.
 */
const interrupt = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 120_000)
    child.once("exit", (code) => {
      clearTimeout(killer)
      resolve(code)
    })
    child.kill("SIGINT")
  })

describe("accessLinks", () => {
  const secrets = makeSecrets()
  const token = Redacted.value(secrets.token)
  const address = (address: string, family: "IPv4" | "IPv6", internal = false) => ({
    address,
    family,
    internal,
    netmask: family === "IPv4" ? "255.255.255.0" : "ffff:ffff:ffff:ffff::",
    mac: "02:00:00:00:00:01",
    cidr: null,
    ...(family === "IPv6" ? { scopeid: 0 } : {})
  })
  const machine = {
    lo: [address("127.0.0.1", "IPv4", true), address("::1", "IPv6", true)],
    eth0: [
      address("192.168.1.20", "IPv4"),
      address("2001:db8::20", "IPv6"),
      address("fe80::1c2:3ff:fe04:506", "IPv6")
    ],
    wlan0: [address("10.0.0.7", "IPv4")]
  } as Interfaces

  it("gives a wildcard host the loopback link, then one per address other machines can reach", () => {
    expect(accessLinks("0.0.0.0", "http://127.0.0.1:3000", secrets, () => machine)).toEqual([
      `http://127.0.0.1:3000/?token=${token}`,
      `http://192.168.1.20:3000/?token=${token}`,
      `http://10.0.0.7:3000/?token=${token}`
    ])
    // `::` accepts IPv4 too; the link-local address needs a zone no browser takes, so it is left out.
    expect(accessLinks("::", "http://127.0.0.1:3000", secrets, () => machine)).toEqual([
      `http://127.0.0.1:3000/?token=${token}`,
      `http://192.168.1.20:3000/?token=${token}`,
      `http://[2001:db8::20]:3000/?token=${token}`,
      `http://10.0.0.7:3000/?token=${token}`
    ])
    expect(accessLinks("0.0.0.0", "http://127.0.0.1:3000", secrets, () => ({}))).toEqual([
      `http://127.0.0.1:3000/?token=${token}`
    ])
    // A runtime that may not list the interfaces (Deno without --allow-sys) still prints loopback.
    const denied = () => {
      throw new Error('Requires sys access to "networkInterfaces"')
    }
    expect(accessLinks("::", "http://127.0.0.1:3000", secrets, denied)).toEqual([
      `http://127.0.0.1:3000/?token=${token}`
    ])
  })

  it("gives any other host its one link without listing the interfaces, and never a 0.0.0.0 one", () => {
    const unlisted = () => {
      throw new Error("listed the interfaces for a host that is not a wildcard")
    }
    expect(accessLinks("127.0.0.1", "http://127.0.0.1:3000", secrets, unlisted)).toHaveLength(1)
    expect(accessLinks("192.168.1.20", "http://192.168.1.20:8080", secrets, () => machine)).toEqual([
      `http://192.168.1.20:8080/?token=${token}`
    ])
    expect(accessLinks("127.0.0.1", "http://127.0.0.1:8080", undefined, () => machine)).toEqual([
      "http://127.0.0.1:8080/"
    ])
    for (const host of ["0.0.0.0", "::"])
      expect(accessLinks(host, "http://127.0.0.1:3000", secrets, () => machine).join(" ")).not.toMatch(
        /0\.0\.0\.0|\[::\]/
      )
  })

  it("prints the first link after 'Agent console:' and the others under it", () => {
    expect(accessBanner(["http://127.0.0.1:3000/?token=t", "http://10.0.0.7:3000/?token=t"])).toBe(
      "\n  Agent console: http://127.0.0.1:3000/?token=t\n              or http://10.0.0.7:3000/?token=t\n"
    )
  })
})

describe("the Node entry", () => {
  let upstream: MockServer
  beforeAll(async () => {
    upstream = await startMockServer({ port: 0, simpleKey: "sk-live-0123456789abcdef" })
  })
  afterAll(() => upstream?.close())

  it("embeds and uses the mock when no credential is set", async () => {
    const app = await start({})
    try {
      expect(app.output()).toMatch(/UltraCart: embedded mock server at http:\/\/127\.0\.0\.1:\d+/)
      const session = await (await app.get("/api/session")).json()
      expect(session.backend).toBe("mock")
    } finally {
      expect(await interrupt(app.child)).toBe(0)
    }
  }, 30_000)

  it("prints the access link once, answers /api 401 without its cookie, and never logs the token", async () => {
    const app = await start({})
    try {
      const link = new URL(app.link)
      const token = link.searchParams.get("token") ?? ""
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(`${link.origin}`).toBe(app.url)
      expect(app.output().split(token).length - 1).toBe(1)
      expect((await fetch(`${app.url}/api/session`)).status).toBe(401)
      expect((await app.get("/api/session")).status).toBe(200)
      expect((await fetch(`${app.url}/?token=wrong`, { redirect: "manual" })).status).toBe(401)
    } finally {
      expect(await interrupt(app.child)).toBe(0)
    }
    const token = new URL(app.link).searchParams.get("token") ?? ""
    expect(app.output().split(token).length - 1).toBe(1)
  }, 30_000)

  it("refuses --no-auth with a non-loopback host: exit 2 and why, nothing served", async () => {
    const child = spawn(process.execPath, [entry, "--port", "0", "--host", "0.0.0.0", "--no-auth"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve))
    expect(code).toBe(2)
    expect(output).toContain("--no-auth is for loopback only")
    expect(output).not.toContain("listening on")
  }, 30_000)

  it("with --host 0.0.0.0, prints a working link per interface address, the token only in the banner", async () => {
    const app = await start({}, ["--host", "0.0.0.0"])
    try {
      const token = new URL(app.link).searchParams.get("token") ?? ""
      const port = new URL(app.url).port
      const expected = Object.values(networkInterfaces())
        .flatMap((addresses) => addresses ?? [])
        .filter((address) => address.family === "IPv4" && !address.internal)
        .map((address) => `http://${address.address}:${port}/?token=${token}`)
      const banner = /\n {2}Agent console: .*\n(?: {14}or .*\n)*/.exec(app.output())?.[0] ?? ""
      const links = [...banner.matchAll(/http:\/\/\S+/g)].map((match) => match[0])
      expect(links).toEqual([`http://127.0.0.1:${port}/?token=${token}`, ...expected])
      expect(app.output()).not.toContain("0.0.0.0:")
      expect(app.output().split(token).length - 1).toBe(links.length)
      for (const link of links) {
        const exchange = await fetch(link, { redirect: "manual" })
        expect(exchange.status).toBe(303)
      }
    } finally {
      expect(await interrupt(app.child)).toBe(0)
    }
  }, 30_000)

  it("with --no-auth on loopback, serves /api without a cookie and prints the bare URL", async () => {
    const app = await start({}, ["--no-auth"])
    try {
      expect(app.link).toBe(`${app.url}/`)
      expect((await fetch(`${app.url}/api/session`)).status).toBe(200)
    } finally {
      expect(await interrupt(app.child)).toBe(0)
    }
  }, 30_000)

  it("talks to the configured UltraCart, starts no mock, and never prints the key", async () => {
    const app = await start({
      ULTRACART_SIMPLE_KEY: "sk-live-0123456789abcdef",
      ULTRACART_BASE_URL: upstream.baseUrl
    })
    try {
      const session = await (await app.get("/api/session")).json()
      expect(session).toMatchObject({ backend: "ultracart", agent: { name: "Avery Quinn" } })
      const page = await (await app.get("/api/conversations?limit=3")).json()
      expect(page.conversations).toHaveLength(3)
      expect(app.output()).not.toMatch(/embedded mock/)
      expect(app.output()).toContain("credential from ULTRACART_SIMPLE_KEY")
      expect(app.output()).toMatch(/upstream GET 127\.0\.0\.1:\d+\/rest\/v2\/conversation\/conversations\?/)
      expect(upstream.requests().some((r) => r.operationId === "getConversations")).toBe(true)
    } finally {
      expect(await interrupt(app.child)).toBe(0)
    }
    expect(app.output()).not.toContain("sk-live-0123456789abcdef")
  }, 30_000)
})
