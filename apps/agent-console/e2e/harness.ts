/**
 * Starts the built console on one runtime as a child process (embedded mock, free port) and
 * reads the console and mock URLs from its log; launches Chromium. Both die with the process
 * that started them, even by SIGKILL or when turbo aborts the run: the console watches its stdin,
 * Chromium its DevTools pipe.
 */
import { spawn } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { exitOnStdinEofFlag } from "../src/main/parentWatch.ts"
import { commandFor, type Runtime } from "../src/runtimes.ts"

/** A console started for a test. */
export interface StartedConsole {
  readonly runtime: Runtime
  /** The console's process id, which also leads its process group. */
  readonly pid: number
  readonly url: string
  /** The embedded mock's origin; its control routes live under /__mock/. */
  readonly mockUrl: string
  /** The printed access link (`/?token=…`): opening it in the browser sets the session cookie. */
  readonly tokenUrl: string
  /** The session cookie that link sets, as a `Cookie` header value, for requests from this process. */
  readonly cookie: string
  /** Everything the process printed so far. */
  readonly output: () => string
  readonly stop: () => Promise<void>
}

const consoleLine = /listening on (http:\/\/\S+)/
const linkLine = /Agent console: (http:\/\/\S+)/

/**
 * Opens the access link the way a browser does, without following the redirect: the session
 * cookie it sets, as a `Cookie` header value.
 */
export const sessionCookie = async (tokenUrl: string): Promise<string> => {
  const response = await fetch(tokenUrl, { redirect: "manual" })
  const set = response.headers.getSetCookie()[0]
  if (response.status !== 303 || set === undefined)
    throw new Error(`the access link answered ${response.status} without a cookie`)
  return set.split(";")[0]!
}
const mockLine = /embedded mock server at (http:\/\/\S+?) /

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Starts the console on `runtime` (with `extraArgs`, e.g. `--time-scale 60`) and waits until it prints its URLs. */
export const startConsole = async (
  runtime: Runtime,
  timeoutMs = 240_000,
  extraArgs: ReadonlyArray<string> = []
): Promise<StartedConsole> => {
  // Port 0: the OS picks a free one, so runs never collide; the console binds 127.0.0.1 by default.
  const [command, ...args] = commandFor(runtime, [exitOnStdinEofFlag, "--port", "0", ...extraArgs])
  // No credential reaches the child, so it always embeds the mock.
  const env = { ...process.env }
  delete env.ULTRACART_SIMPLE_KEY
  delete env.ULTRACART_OAUTH_TOKEN
  // Its own process group: the runtime may sit behind a shim process, and a signal to the whole
  // group reaches the real server, not just the shim. That group also keeps it out of reach of
  // whoever stops this process's group (turbo), so its stdin is a pipe this process never writes
  // to: when this process dies, however it dies, the console reads EOF and stops.
  const child = spawn(command!, args, { env, stdio: ["pipe", "pipe", "pipe"], detached: true })
  child.stdin?.on("error", () => {})
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // already gone
    }
  }
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const stop = async () => {
    if (!groupAlive(child.pid!)) return
    signal("SIGINT")
    // Waits for the whole group (the shim and the real server), then forces it.
    for (let waited = 0; groupAlive(child.pid!); waited += 50) {
      if (waited >= 5000) signal("SIGKILL")
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const started = Date.now()
  for (;;) {
    const url = consoleLine.exec(output)?.[1]
    const mockUrl = mockLine.exec(output)?.[1]
    const tokenUrl = linkLine.exec(output)?.[1]
    if (url && mockUrl && tokenUrl) {
      const cookie = await sessionCookie(tokenUrl).catch(async (error) => {
        await stop()
        throw error
      })
      return { runtime, pid: child.pid!, url, mockUrl, tokenUrl, cookie, output: () => output, stop }
    }
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop()
      throw new Error(`The console on ${runtime} did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Where Chromium is: `$CHROMIUM_PATH`, default Debian's `/usr/bin/chromium`. Never downloaded. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || "/usr/bin/chromium"

const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/**
 * Launches Chromium with a fresh profile in `profile`. Playwright talks to it over a pipe
 * (`--remote-debugging-pipe`, fds 3 and 4) that only this process holds; Chromium quits when it
 * reads EOF there, so it does not outlive this process even when SIGKILL leaves Playwright no
 * chance to close it (harness.test.ts checks this).
 */
export const launchBrowser = (profile: string): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1440, height: 880 },
    deviceScaleFactor: 1
  })

/**
 * Opens the console in `context` through its access link, as a person does with the printed URL:
 * the context then holds the session cookie, so later `page.goto(app.url)` calls load it signed in.
 */
export const signIn = async (context: BrowserContext, app: StartedConsole): Promise<void> => {
  const page = await context.newPage()
  try {
    const response = await page.goto(app.tokenUrl)
    // The redirect dropped the token: the address bar and the history hold the bare URL.
    if (page.url().includes("token=") || response?.status() !== 200)
      throw new Error(`the access link did not sign in (${response?.status()} at ${page.url()})`)
  } finally {
    await page.close()
  }
}

/**
 * Sends the session cookie with every `fetch` from this process to the console's origin (the
 * scenario's direct reads of /api), until the returned function restores the plain `fetch`.
 */
export const authorizeFetch = (app: StartedConsole): (() => void) => {
  const plain = globalThis.fetch
  const origin = new URL(app.url).origin
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.origin !== origin) return plain(input, init)
    const headers = new Headers(input instanceof Request ? input.headers : undefined)
    for (const [name, value] of new Headers(init?.headers)) headers.set(name, value)
    if (!headers.has("cookie")) headers.set("cookie", app.cookie)
    return plain(input, { ...init, headers })
  }
  return () => {
    globalThis.fetch = plain
  }
}

/** A console and a Chromium pointed at nothing yet (not signed in): what `inBrowser` hands its body. */
export interface BrowserSession {
  readonly app: StartedConsole
  readonly context: BrowserContext
  /** The context's first page, with the suite's hang timeout. */
  readonly page: Page
}

/**
 * The browser suite's start-up and clean-up, one place for every entry (run.ts, ui-run.ts): starts
 * the console on `runtime` and Chromium with a fresh profile (a temporary folder named after
 * `profilePrefix`), runs `body`, then closes Chromium, stops the console and removes the profile
 * whatever happened. When `body` fails, the console's output is printed before the error goes on.
 */
export const inBrowser = async <A>(
  runtime: Runtime,
  profilePrefix: string,
  body: (session: BrowserSession) => Promise<A>
): Promise<A> => {
  const app = await startConsole(runtime)
  const profile = await mkdtemp(join(tmpdir(), profilePrefix))
  try {
    const context = await launchBrowser(profile)
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      // A hang detector, not a speed check: `npm test` runs this beside every other suite on two cores.
      page.setDefaultTimeout(120_000)
      return await body({ app, context, page })
    } finally {
      await context.close()
    }
  } catch (error) {
    console.error(`--- ${runtime} console output ---\n${app.output()}`)
    throw error
  } finally {
    await app.stop()
    await rm(profile, { recursive: true, force: true })
  }
}

/**
 * Signs the session's context in through the printed access link, as a person would, then runs
 * `body` with this process's `fetch` carrying the session cookie (the scenario reads /api directly).
 */
export const signedIn = async <A>(session: BrowserSession, body: () => Promise<A>): Promise<A> => {
  await signIn(session.context, session.app)
  const restore = authorizeFetch(session.app)
  try {
    return await body()
  } finally {
    restore()
  }
}
