/**
 * The console's protection, checked in real Chromium against a running console (run.ts calls it
 * on Node, Bun and Deno, before the scenario signs in):
 *
 * - a cross-origin page (a second tiny server on another 127.0.0.1 port: same site, other origin)
 *   tries a `text/plain` form POST to `/api/conversations/<uuid>/join` and a JSON-as-text/plain
 *   form POST to `/api/conversations`, and the same two with `fetch(…, {mode: "no-cors"})`:
 *   401 before the agent signed in, 403 after (the SameSite=Strict cookie IS sent to a same-site
 *   page's request, so the Origin / Sec-Fetch-Site check is what stops it); the mock sees neither;
 * - /api and the event stream answer 401 without the cookie; the shell loads and says to open the
 *   printed link; a wrong token gets 401; the printed link sets an HttpOnly, SameSite=Strict
 *   cookie and redirects to the URL without the token;
 * - `--host 0.0.0.0 --no-auth` refuses to start (exit code 2 and why).
 */
import assert from "node:assert/strict"
import { spawn } from "node:child_process"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { BrowserContext, Page } from "playwright-core"
import { commandFor } from "../src/runtimes.ts"
import { type StartedConsole, signIn } from "./harness.ts"

/** The attacker's site: pages that auto-submit forms or fire no-cors fetches at the console. */
const startAttacker = async (target: string, uuid: string) => {
  const join = `${target}/api/conversations/${uuid}/join`
  const start = `${target}/api/conversations`
  // A text/plain form sends `name=value`: name `{"participant_arns":["x"],"pad":"`, value `"}` makes JSON.
  const pages: Record<string, string> = {
    "/form-join": `<form method="POST" enctype="text/plain" action="${join}"><input name="x" value="y"></form>
<script>addEventListener("load", () => document.forms[0].submit())</script>`,
    "/form-start": `<form method="POST" enctype="text/plain" action="${start}">
<input name='{"participant_arns":["arn:attacker"],"pad":"' value='"}'></form>
<script>addEventListener("load", () => document.forms[0].submit())</script>`,
    "/fetch": `<script>
window.done = Promise.allSettled([
  fetch(${JSON.stringify(join)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: "x" }),
  fetch(${JSON.stringify(start)}, { method: "POST", mode: "no-cors", credentials: "include",
    headers: { "content-type": "text/plain" }, body: JSON.stringify({ participant_arns: ["arn:attacker"] }) })
]).then(() => "sent")
</script>`
  }
  const server = Http.createServer((req, res) => {
    const body = pages[req.url ?? ""]
    res.writeHead(body === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" })
    res.end(body === undefined ? "" : `<!doctype html><html><body>${body}</body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Opens an attacker page and returns the statuses the console answered its requests with. */
const attack = async (page: Page, url: string, target: string, expected: number): Promise<Array<number>> => {
  const statuses: Array<number> = []
  const seen = new Promise<void>((resolve) => {
    page.on("response", (response) => {
      // Only the attacks' own requests: the console page open before may still have its own
      // requests in flight (session, events, a visibility POST), which a loaded machine answers late.
      const { pathname } = new URL(response.url())
      const attackPath = pathname === "/api/conversations" || pathname.endsWith("/join")
      if (!response.url().startsWith(`${target}/api/`) || !attackPath) return
      if (response.request().method() !== "POST") return
      statuses.push(response.status())
      if (statuses.length === expected) resolve()
    })
  })
  // "commit": the page's own form submit may replace it before it finishes loading.
  await page.goto(url, { waitUntil: "commit" })
  await seen
  page.removeAllListeners("response")
  // A form's submit navigates to the console's answer: let it finish before the next attack.
  if (url.includes("/form-")) await page.waitForURL((at) => at.href.startsWith(`${target}/api/`))
  await page.waitForLoadState("load")
  return statuses
}

const mockCalls = async (app: StartedConsole): Promise<Array<string>> => {
  const { requests } = (await (await fetch(`${app.mockUrl}/__mock/requests`)).json()) as {
    requests: ReadonlyArray<{ operationId?: string }>
  }
  return requests
    .map((request) => request.operationId ?? "")
    .filter((id) => id === "joinConversation" || id === "startConversation")
}

/** `--host 0.0.0.0 --no-auth` must not start: exit 2, and a message saying why. */
const refusesNonLoopbackWithoutAuth = async (app: StartedConsole) => {
  const [command, ...args] = commandFor(app.runtime, ["--port", "0", "--host", "0.0.0.0", "--no-auth"])
  const child = spawn(command!, args, { stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) =>
    child.once("exit", (exitCode) => resolve(exitCode))
  )
  assert.equal(code, 2, `exit code of --host 0.0.0.0 --no-auth:\n${output}`)
  assert.match(output, /--no-auth is for loopback only/)
  assert.doesNotMatch(output, /listening on/)
}

/** Runs every check; `context` must not have signed in yet (run.ts signs in afterwards). */
export const runSecurityChecks = async (context: BrowserContext, app: StartedConsole): Promise<void> => {
  const say = (name: string) => console.log(`  [${app.runtime}] security: ${name}`)
  const authorized = { headers: { cookie: app.cookie } }
  const { conversations } = (await (
    await fetch(`${app.url}/api/conversations?limit=1`, authorized)
  ).json()) as {
    conversations: ReadonlyArray<{ conversation_uuid: string }>
  }
  const uuid = conversations[0]!.conversation_uuid
  const before = await mockCalls(app)

  say("/api and the event stream answer 401 without the cookie")
  for (const path of [
    "/api/session",
    "/api/conversations",
    "/api/events?tab=x",
    `/api/conversations/${uuid}/events`
  ]) {
    const response = await fetch(`${app.url}${path}`)
    assert.equal(response.status, 401, path)
    assert.equal(((await response.json()) as { error: { tag: string } }).error.tag, "ConsoleUnauthorized")
  }

  say("a wrong token gets 401 and no cookie")
  const wrong = await fetch(`${app.url}/?token=${"A".repeat(43)}`, { redirect: "manual" })
  assert.equal(wrong.status, 401)
  assert.equal(wrong.headers.get("set-cookie"), null)

  say("the printed link sets an HttpOnly SameSite=Strict cookie and redirects without the token")
  const link = await fetch(app.tokenUrl, { redirect: "manual" })
  assert.equal(link.status, 303)
  assert.equal(link.headers.get("location"), "/")
  assert.match(
    link.headers.get("set-cookie") ?? "",
    /^agent_console_\d+=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/
  )

  const attacker = await startAttacker(app.url, uuid)
  const page = await context.newPage()
  try {
    say("the shell loads without the cookie and says to open the printed link")
    await page.goto(app.url)
    await page.getByText("open the link printed in the terminal").first().waitFor()

    say("cross-origin form and no-cors attacks before signing in: 401")
    assert.deepEqual(await attack(page, `${attacker.url}/form-join`, app.url, 1), [401])
    assert.deepEqual(await attack(page, `${attacker.url}/form-start`, app.url, 1), [401])
    assert.deepEqual(await attack(page, `${attacker.url}/fetch`, app.url, 2), [401, 401])

    say("signed in, the same attacks from a same-site page (other port): 403")
    await signIn(context, app)
    const cookies = await context.cookies(app.url)
    assert.equal(cookies.length, 1)
    assert.equal(cookies[0]!.httpOnly, true)
    assert.equal(cookies[0]!.sameSite, "Strict")
    assert.deepEqual(await attack(page, `${attacker.url}/form-join`, app.url, 1), [403])
    assert.deepEqual(await attack(page, `${attacker.url}/form-start`, app.url, 1), [403])
    assert.deepEqual(await attack(page, `${attacker.url}/fetch`, app.url, 2), [403, 403])
    assert.deepEqual(await mockCalls(app), before, "the mock saw no join and no start")

    say("the console's own page still works after the attacks")
    await page.goto(app.url)
    await page.waitForSelector("body[data-ready=true]")

    say("an 11 MB upload is refused by its length: 413 with a plain message, nothing sent upstream")
    const refused = await page.evaluate(async (path) => {
      const response = await fetch(path, {
        method: "POST",
        headers: { "x-console-request": "1" },
        body: new Uint8Array(11 * 1024 * 1024)
      })
      return { status: response.status, body: await response.text() }
    }, `/api/conversations/${uuid}/attachments?filename=big.bin`)
    assert.equal(refused.status, 413)
    assert.match(refused.body, /limited to 10 MB/)
    const { requests } = (await (await fetch(`${app.mockUrl}/__mock/requests`)).json()) as {
      requests: ReadonlyArray<{ operationId?: string }>
    }
    assert.deepEqual(
      requests.filter((request) => /upload/i.test(request.operationId ?? "")),
      [],
      "no upload URL asked for"
    )
  } finally {
    await page.close()
    await attacker.close()
    // The scenario signs in itself, through the link.
    await context.clearCookies()
  }

  say("--host 0.0.0.0 with --no-auth refuses to start")
  await refusesNonLoopbackWithoutAuth(app)
}
