/**
 * The console's UI in Chromium, after the main scenario (scenario.ts calls it): the front-end
 * bugs of issue 17 item 2, each checked where it used to fail; what the console offers with
 * today's API (item 3); the phone layout (item 4); keyboard use (item 5); the screenshots (item 7);
 * desktop notifications, the keyed waiting list, and axe on the dialog and the empty console.
 */
import assert from "node:assert/strict"
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import type { Page, Request } from "playwright-core"
import type { ConversationWebchatQueueStatus, QueuesWire } from "../src/wire.ts"
import type { StartedConsole } from "./harness.ts"
import { addCustomerConversation, clearFaults, joinQueue, leaveQueue, mock } from "./mockControl.ts"

/** Requests the page makes to `path` (method + pathname match), counted while `during` runs. */
const countRequests = async (
  page: Page,
  method: string,
  path: RegExp,
  during: () => Promise<void>
): Promise<number> => {
  let count = 0
  const seen = (request: Request) => {
    if (request.method() === method && path.test(new URL(request.url()).pathname)) count++
  }
  page.on("request", seen)
  try {
    await during()
  } finally {
    page.off("request", seen)
  }
  return count
}

/** The unread count the tab title shows: "(3) Agent Console · …" is 3, no count is 0. */
const unreadInTitle = async (page: Page): Promise<number> =>
  Number(/^\((\d+)\) /.exec(await page.title())?.[1] ?? "0")

interface AxeFinding {
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

/**
 * axe-core's serious and critical violations on the page as it is now. Its script goes in through
 * DevTools (`evaluate`), which the page's strict CSP does not apply to; the page itself is not
 * changed to allow it.
 */
const axeViolations = async (page: Page): Promise<ReadonlyArray<AxeFinding>> => {
  const source = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")
  await page.evaluate(source)
  // Colours are judged at rest, not halfway through a message's arrival animation.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished)
    )
  )
  return page.evaluate(async () => {
    interface AxeResult {
      violations: Array<{
        id: string
        impact: string | null
        help: string
        nodes: Array<{ target: Array<string>; any: Array<{ data: unknown }> }>
      }>
    }
    const axe = (
      globalThis as unknown as { axe: { run: (context: Document, options: unknown) => Promise<AxeResult> } }
    ).axe
    const result = await axe.run(document, { resultTypes: ["violations"] })
    return result.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? "",
        help: violation.help,
        targets: violation.nodes
          .slice(0, 5)
          .map((node) => `${node.target.join(" ")} ${JSON.stringify(node.any[0]?.data ?? "")}`)
      }))
  })
}

const assertAccessible = async (page: Page, where: string): Promise<void> => {
  const found = await axeViolations(page)
  assert.deepEqual(
    found,
    [],
    `axe: serious or critical violations ${where}:\n${JSON.stringify(found, null, 2)}`
  )
}

export const runUiChecks = async (page: Page, app: StartedConsole, screenshot?: string): Promise<void> => {
  const say = (name: string) => console.log(`  [${app.runtime}] ui: ${name}`)
  const banner = page.getByTestId("banner")
  const rows = page.locator("[data-testid=conversations] .conversation")

  say("+ New with the placeholder selected asks for a choice instead of starting anyone")
  {
    const posts = await countRequests(page, "POST", /^\/api\/conversations$/, async () => {
      await page.getByTestId("start-open").click()
      await page.getByTestId("start-dialog").waitFor({ state: "visible" })
      assert.equal(await page.getByTestId("start-customer").inputValue(), "")
      await page.getByTestId("start-submit").click()
      await page.getByTestId("start-error").waitFor({ state: "visible" })
      assert.match((await page.getByTestId("start-error").textContent()) ?? "", /Choose a waiting customer/)
      // The one modal the console has, open with its error showing: the rest of the page is inert.
      await assertAccessible(page, 'with the "+ New" dialog open')
      await page.keyboard.press("Escape")
      await page.getByTestId("start-dialog").waitFor({ state: "hidden" })
    })
    assert.equal(posts, 0, "nothing was started")
  }

  say("a failed open shows an error with Retry and no actions; Retry opens it")
  {
    const target = rows.nth(1)
    const uuid = (await target.getAttribute("data-uuid")) ?? ""
    // Armed until cleared: the client's one quick retry meets it too.
    await mock(app, "faults", { operationId: "getConversation", status: 500, times: "always" })
    await target.click()
    await page.waitForSelector(`#detail[data-state=error][data-uuid="${uuid}"]`)
    assert.ok(await page.getByTestId("detail-retry").isVisible(), "Retry is offered")
    assert.ok(!(await page.getByTestId("join").isVisible()), "no Join")
    assert.ok(!(await page.getByTestId("leave").isVisible()), "no Leave")
    assert.ok(!(await page.getByTestId("upload-form").isVisible()), "no upload")
    await clearFaults(app)
    await page.getByTestId("detail-retry").click()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      "detail-title",
      "focus on the heading"
    )
  }

  say("the thread says where replies happen; links are safe")
  assert.match(
    (await page.getByTestId("reply-note").textContent()) ?? "",
    /no REST operation that sends a message/
  )
  for (const link of await page.locator("#messages a").all()) {
    assert.match((await link.getAttribute("href")) ?? "", /^https?:/)
    assert.match((await link.getAttribute("rel")) ?? "", /noopener/)
  }

  say("an upload says what happened, stays with its conversation; 10 MB is checked before sending")
  {
    const here = (await page.locator("#detail").getAttribute("data-uuid")) ?? ""
    await page
      .getByTestId("upload-file")
      .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("order 1234: refund") })
    await page.getByTestId("upload-submit").click()
    await page.waitForSelector("[data-testid=upload-result][data-state=ok]")
    const link = page.getByTestId("upload-result").locator("a")
    assert.match(
      (await link.getAttribute("href")) ?? "",
      /^https?:\/\/[^?]+$/,
      "a link to the stored file, unsigned"
    )
    assert.match((await page.getByTestId("upload-result").textContent()) ?? "", /key \S+/)
    const other = rows.nth(2)
    const otherUuid = (await other.getAttribute("data-uuid")) ?? ""
    await other.click()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${otherUuid}"]`)
    assert.doesNotMatch(
      (await page.getByTestId("upload-result").textContent()) ?? "",
      /notes\.txt/,
      "not shown under another conversation"
    )
    const big = Buffer.alloc(10 * 1024 * 1024 + 1)
    const sent = await countRequests(page, "POST", /\/attachments$/, async () => {
      await page
        .getByTestId("upload-file")
        .setInputFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: big })
      await page.getByTestId("upload-submit").click()
      await page.waitForSelector("[data-testid=upload-result][data-state=error]")
    })
    assert.equal(sent, 0, "the oversized file never left the page")
    assert.match((await page.getByTestId("upload-result").textContent()) ?? "", /limited to 10\.0 MB/)
    await rows.and(page.locator(`[data-uuid="${here}"]`)).click()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${here}"]`)
    assert.match((await page.getByTestId("upload-result").textContent()) ?? "", /Uploaded notes\.txt/)
  }

  say("a failed per-queue status change shows what UltraCart kept")
  {
    const select = page
      .locator("[data-testid=queues] .queue [data-testid=queue-status]:not([data-status=''])")
      .first()
    const kept = (await select.getAttribute("data-status")) ?? ""
    const choice = kept === "unavailable" ? "available" : "unavailable"
    await mock(app, "faults", {
      operationId: "updateConversationWebchatQueueStatus",
      status: 500,
      times: "always"
    })
    await select.selectOption(choice)
    await banner.waitFor({ state: "visible" })
    assert.match((await banner.textContent()) ?? "", /Setting your status/)
    await page.waitForFunction(
      ({ kept }) => {
        const node = document.querySelector<HTMLSelectElement>(
          "[data-testid=queues] .queue [data-testid=queue-status]:not([data-status=''])"
        )
        return node?.value === kept && node.getAttribute("aria-busy") === null
      },
      { kept }
    )
    assert.equal(await select.inputValue(), kept)
    await clearFaults(app)
  }

  say("a queue update leaves the status select the agent is using alone (its dropdown stays open)")
  {
    const select = page
      .locator("[data-testid=queues] .queue [data-testid=queue-status]:not([data-status=''])")
      .first()
    const kept = (await select.getAttribute("data-status")) ?? ""
    const other = kept === "available" ? "busy" : "available"
    // A select's open dropdown closes when the element is replaced: focus stands in for "open".
    await select.focus()
    await select.evaluate((node) => node.setAttribute("data-probe", "in-use"))
    // The status changes elsewhere (another tab, through the app server): the server pushes the queues.
    const setEverywhere = async (status: string) => {
      const response = await fetch(`${app.url}/api/agent/status`, {
        method: "PUT",
        headers: { "content-type": "application/json", "x-console-request": "1" },
        body: JSON.stringify({ agent_status: status })
      })
      assert.ok(response.ok, `PUT /api/agent/status answered ${response.status}`)
      await page.waitForSelector(`[data-testid=my-status] [data-status=${status}][aria-pressed=true]`)
    }
    await setEverywhere(other)
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("data-probe")),
      "in-use",
      "the focused status select was not replaced by the queue update"
    )
    assert.equal(await select.inputValue(), kept, "nor its value changed under the agent")
    await select.evaluate((node) => node.removeAttribute("data-probe"))
    await select.blur()
    await setEverywhere(kept)
  }

  say("an error banner does not stop the list; it clears itself on recovery")
  {
    await mock(app, "faults", { operationId: "getConversations", status: 500, times: "always" })
    await page.getByTestId("refresh-conversations").click()
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=banner]")?.textContent?.includes("Loading conversations")
    )
    await clearFaults(app)
    const uuid = `banner-${app.runtime}-${Date.now()}`
    await addCustomerConversation(app, {
      uuid,
      customer: "Banner Tester",
      message: "Is my parcel lost?",
      at: new Date(Date.now() + 120_000),
      unread: true
    })
    // No click: the server's next list poll brings it, banner or not, and the banner goes.
    await page.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`).waitFor()
    await banner.waitFor({ state: "hidden" })

    say("opening an unread conversation marks it read; the title counts unread")
    const row = page.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`)
    assert.ok(await row.locator(".tag.unread").isVisible(), "NEW shows first")
    assert.match(await page.title(), /^\(\d+\) Agent Console/)
    const unread = await unreadInTitle(page)
    const reads = await countRequests(page, "POST", /\/read$/, async () => {
      await row.click()
      await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
      await row.locator(".tag.unread").waitFor({ state: "detached" })
    })
    assert.equal(reads, 1, "markReadConversation was called once")
    // With the tag, not at the next list poll.
    assert.equal(await unreadInTitle(page), unread - 1, "the title counts one unread fewer")
    assert.equal(await page.evaluate(() => location.hash), `#conversation=${uuid}`, "the URL names it")
  }

  say("the URL reflects the open conversation: Back and reload")
  {
    const current = (await page.locator("#detail").getAttribute("data-uuid")) ?? ""
    const other = rows.nth(3)
    const otherUuid = (await other.getAttribute("data-uuid")) ?? ""
    await other.click()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${otherUuid}"]`)
    await page.goBack()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${current}"]`)
    await page.reload()
    await page.waitForSelector("body[data-ready=true]")
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${current}"]`)
  }

  say("keyboard: Enter and Space open a row, focus moves to its heading")
  {
    const row = rows.nth(4)
    const uuid = (await row.getAttribute("data-uuid")) ?? ""
    await row.locator("button").focus()
    await page.keyboard.press("Space")
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
    assert.equal(await page.evaluate(() => document.activeElement?.id), "detail-title")
    const next = rows.nth(5)
    const nextUuid = (await next.getAttribute("data-uuid")) ?? ""
    await next.locator("button").focus()
    await page.keyboard.press("Enter")
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${nextUuid}"]`)
    assert.equal(await page.locator("h1").count(), 1, "one h1")
  }

  say("axe-core: no serious or critical violation with a conversation open")
  await assertAccessible(page, "on the desktop")

  await checkAlerts(page, app, say)
  await checkWaitingListKeyed(page, app, say)

  say("customer context, search, canned messages")
  {
    await page.locator("[data-testid=context] summary").click()
    await page.getByTestId("context-load").click()
    await page.locator("#context-body dl").waitFor()
    assert.match((await page.locator("#context-body").textContent()) ?? "", /Now on/)
    const word = "stuck"
    await page.getByTestId("search-q").fill(word)
    await page.getByTestId("search-submit").click()
    await page.getByTestId("search-results").waitFor({ state: "visible" })
    assert.match((await page.getByTestId("search-results").textContent()) ?? "", /match/)
    await page.locator("[data-testid=canned] summary").click()
    await page.getByTestId("canned-submit").click()
    await page.locator("[data-testid=canned-results] li").first().waitFor()
  }

  say("starting with a waiting customer: titled with their name, gone from the queue, started once")
  {
    // A customer of our own at the head of the first queue, so the check never depends on who is
    // still waiting from the seed.
    const queueName = (await queuesNow(app))[0]?.queue_name ?? ""
    const arn = await joinQueue(app, queueName, { conversation_participant_name: "Nadia Starter" })
    await queuesNow(app)
    const waiting = page.locator(`[data-testid=queues] .waiting li[data-key="${arn}"]`)
    await waiting.waitFor()
    {
      const name = ((await waiting.locator("b").textContent()) ?? "").trim()
      const key = (await waiting.getAttribute("data-key")) ?? ""
      const before = await page.locator("#detail").getAttribute("data-uuid")
      const posts = await countRequests(page, "POST", /^\/api\/conversations$/, async () => {
        await waiting.getByTestId("start-waiting").dblclick()
        await page.waitForFunction((previous) => {
          const detail = document.querySelector("#detail")
          return (
            detail?.getAttribute("data-state") === "open" && detail.getAttribute("data-uuid") !== previous
          )
        }, before)
      })
      assert.equal(posts, 1, "one start for a double click")
      assert.equal(((await page.getByTestId("detail-title").textContent()) ?? "").trim(), name)
      assert.equal(await page.locator(`[data-testid=queues] .waiting li[data-key="${key}"]`).count(), 0)
    }
  }

  if (screenshot) {
    // The picture shows a conversation with a history, the list without a search.
    await page.getByRole("button", { name: "Clear search" }).click()
    const shown = rows.filter({ hasNotText: /No messages yet|just now/ }).first()
    const shownUuid = (await shown.getAttribute("data-uuid")) ?? ""
    await shown.click()
    await page.waitForSelector(`#detail[data-state=open][data-uuid="${shownUuid}"]`)
    await page.setViewportSize({ width: 1440, height: 900 })
    await page
      .locator(".toast")
      .first()
      .waitFor({ state: "detached", timeout: 10_000 })
      .catch(() => undefined)
    say(`screenshot -> ${screenshot}`)
    await page.screenshot({ path: screenshot })
  }

  say("phone (390×844): one column, list then thread, every panel reachable")
  {
    const phone = await page.context().newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(app.url.replace(/\?token=.*$/, ""))
    await phone.waitForSelector("body[data-ready=true]")
    const box = async (selector: string) => phone.locator(selector).first().boundingBox()
    for (const selector of [".panel.queues", ".panel.conversations", "#my-status", "#start-open"]) {
      await phone.locator(selector).first().scrollIntoViewIfNeeded()
      const rect = await box(selector)
      assert.ok(
        rect && rect.width > 0 && rect.x >= 0 && rect.x + rect.width <= 390 + 1,
        `${selector} fits the width`
      )
    }
    assert.ok(!(await phone.locator("#detail").isVisible()), "the thread waits for a conversation")
    const row = phone
      .locator("[data-testid=conversations] .conversation")
      .filter({ hasNotText: /No messages yet|just now/ })
      .first()
    const uuid = (await row.getAttribute("data-uuid")) ?? ""
    await row.click()
    await phone.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
    assert.ok(!(await phone.locator(".panel.conversations").isVisible()), "one column: the list gives way")
    const thread = await box("#messages")
    assert.ok(
      thread && thread.width >= 300 && thread.height >= 200,
      `the thread is readable (${JSON.stringify(thread)})`
    )
    await assertAccessible(phone, "on the phone, thread open")
    const width = await phone.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 390, `no sideways scrolling (${width})`)
    if (screenshot) {
      const phoneShot = screenshot.replace(/\.png$/, "-phone.png")
      say(`screenshot -> ${phoneShot}`)
      await phone.screenshot({ path: phoneShot })
    }
    await phone.getByTestId("detail-back").click()
    await phone.locator(".panel.conversations").waitFor({ state: "visible" })
    await phone.close()
  }

  await checkEmptyConsole(page, app, say)
}

/** One group of checks on the console open in `page`; `say` prints its steps. */
type UiCheck = (page: Page, app: StartedConsole, say: (step: string) => void) => Promise<void>

/** Where the agent's attention is, as the alerts page is told by the test (see alertsSpy). */
type Attention = "here" | "other-window" | "other-tab"

/** What alertsSpy records in the page, and the switch it offers the test. */
interface AlertsSpy {
  readonly shown: Array<{ readonly title: string; readonly body: string; readonly tag: string }>
  /** `conversations` events received over /api/events: the list pushes the page has seen. */
  listPushes: number
  readonly attend: (where: Attention) => void
  /** Clicks the `index`th notification shown, as the agent would on the desktop. */
  readonly click: (index: number) => void
}

/**
 * Page-side, before the console's script: records each desktop notification instead of showing
 * it (permission and its request still go to Chromium's own Notification, so the granted
 * permission is what the page sees), counts the list pushes, and lets the test say where the
 * agent is looking. Headless Chromium reports every page visible and focused, so `hidden` and
 * `hasFocus()` follow `attend` here.
 */
const alertsSpy = (): void => {
  const Real = window.Notification
  let where: Attention = "here"
  const notifications: Array<EventTarget> = []
  const spy: AlertsSpy = {
    shown: [],
    listPushes: 0,
    attend: (next) => {
      const wasHidden = document.hidden
      where = next
      if (document.hidden !== wasHidden) document.dispatchEvent(new Event("visibilitychange"))
    },
    click: (index) => {
      notifications[index]?.dispatchEvent(new Event("click"))
    }
  }
  class RecordedNotification extends EventTarget {
    static get permission(): NotificationPermission {
      return Real.permission
    }
    static requestPermission(): Promise<NotificationPermission> {
      return Real.requestPermission()
    }
    constructor(title: string, options: NotificationOptions = {}) {
      super()
      spy.shown.push({ title, body: options.body ?? "", tag: options.tag ?? "" })
      notifications.push(this)
    }
    close(): void {}
  }
  Object.defineProperty(window, "Notification", { value: RecordedNotification, configurable: true })
  Object.defineProperty(document, "hidden", { get: () => where === "other-tab", configurable: true })
  Object.defineProperty(document, "visibilityState", {
    get: () => (where === "other-tab" ? "hidden" : "visible"),
    configurable: true
  })
  document.hasFocus = () => where === "here"
  const Source = window.EventSource
  window.EventSource = class extends Source {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init)
      this.addEventListener("conversations", () => {
        spy.listPushes++
      })
    }
  }
  ;(globalThis as unknown as { alertsSpy: AlertsSpy }).alertsSpy = spy
}

/**
 * Desktop notifications (notify.ts) and the title count, in a second tab as the agent would use
 * them: nothing before opting in, nothing while the agent looks at the console, then exactly one
 * notification per new chat, naming the customer, and one more in the title count. Clicking it
 * opens that conversation.
 */
const checkAlerts: UiCheck = async (page, app, say) => {
  say("Alerts: a desktop notification per new chat, only when opted in and looking elsewhere")
  const context = page.context()
  await context.grantPermissions(["notifications"], { origin: new URL(app.url).origin })
  const alerts = await context.newPage()
  try {
    await alerts.addInitScript(alertsSpy)
    await alerts.goto(app.url)
    await alerts.waitForSelector("body[data-ready=true]")
    const toggle = alerts.getByTestId("notify-toggle")
    assert.equal(await toggle.getAttribute("aria-pressed"), "false", "Alerts start off")
    const shown = () =>
      alerts.evaluate(() => [...(globalThis as unknown as { alertsSpy: AlertsSpy }).alertsSpy.shown])
    const attend = (where: Attention) =>
      alerts.evaluate((where) => {
        ;(globalThis as unknown as { alertsSpy: AlertsSpy }).alertsSpy.attend(where)
      }, where)
    // The first list push only teaches the page what exists; arrivals are counted after it.
    await alerts.waitForFunction(
      () => (globalThis as unknown as { alertsSpy: AlertsSpy }).alertsSpy.listPushes > 0
    )
    let arrivals = 0
    /** A new customer conversation in the mock, once the alerts tab lists it (its push was handled). */
    const arrive = async (customer: string, body: string): Promise<string> => {
      arrivals++
      const uuid = `alert-${app.runtime}-${Date.now()}-${arrivals}`
      const at = new Date(Date.now() + 180_000 + arrivals * 1000)
      await addCustomerConversation(app, { uuid, customer, message: body, at, unread: true })
      const row = alerts.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`)
      await row.waitFor()
      assert.equal(await row.locator(".who").textContent(), customer)
      return uuid
    }

    say("  not opted in, tab in the background: no notification")
    await attend("other-tab")
    await arrive("Quiet Customer", "Anyone there?")
    assert.deepEqual(await shown(), [])

    say("  opted in through Alerts, the agent looking at the console: no notification")
    await attend("here")
    await toggle.click()
    await alerts.waitForSelector("[data-testid=notify-toggle][aria-pressed=true]")
    await arrive("Watched Customer", "Hello?")
    assert.deepEqual(await shown(), [])

    say("  opted in, another window in front: one notification naming the customer; title +1")
    await attend("other-window")
    const before = await unreadInTitle(alerts)
    const first = await arrive("Ada Lovelace", "My order never arrived")
    assert.deepEqual(await shown(), [
      { title: "New chat from Ada Lovelace", body: "My order never arrived", tag: first }
    ])
    assert.equal(await unreadInTitle(alerts), before + 1, "the title counts the new unread chat")

    say("  opted in, tab in the background: one more, for that chat only")
    await attend("other-tab")
    const second = await arrive("Grace Hopper", "Wrong size delivered")
    assert.deepEqual(
      (await shown()).map((notification) => notification.tag),
      [first, second],
      "exactly one notification per new chat"
    )
    assert.equal((await shown())[1]?.title, "New chat from Grace Hopper")
    assert.equal(await unreadInTitle(alerts), before + 2)

    say("  clicking the first notification opens its chat")
    await alerts.evaluate(() => {
      ;(globalThis as unknown as { alertsSpy: AlertsSpy }).alertsSpy.click(0)
    })
    await alerts.waitForSelector(`#detail[data-state=open][data-uuid="${first}"]`)
    assert.equal(((await alerts.getByTestId("detail-title").textContent()) ?? "").trim(), "Ada Lovelace")

    say("  Alerts off again: no notification")
    await attend("here")
    await toggle.click()
    await alerts.waitForSelector("[data-testid=notify-toggle][aria-pressed=false]")
    await attend("other-tab")
    await arrive("Unheard Customer", "Hi")
    assert.equal((await shown()).length, 2)
    await attend("here")
  } finally {
    await alerts.close()
  }
}

/** The queues the console shows now, straight from its API (the test process holds the cookie). */
const queuesNow = async (app: StartedConsole): Promise<ReadonlyArray<ConversationWebchatQueueStatus>> => {
  const response = await fetch(`${app.url}/api/queues`)
  assert.ok(response.ok, `/api/queues answered ${response.status}`)
  return ((await response.json()) as QueuesWire).queues
}

/**
 * The waiting list redraws one customer at a time (queues.ts): a customer joining or leaving the
 * queue adds or removes only their row; the row the agent has focused stays the same node, focused.
 */
const checkWaitingListKeyed: UiCheck = async (page, app, say) => {
  say("waiting list: a customer joining or leaving leaves the other rows and the focus alone")
  const row = page.locator("[data-testid=queues] .waiting li").first()
  await row.waitFor()
  const key = (await row.getAttribute("data-key")) ?? ""
  const queueName = (await row.locator("xpath=ancestor::li[@data-queue]").getAttribute("data-queue")) ?? ""
  const handle = await row.elementHandle()
  assert.ok(handle, "a waiting customer's row")
  await row.getByTestId("start-waiting").focus()
  // The newcomer joins at the head of the same queue in the mock, so the existing rows come after
  // the new one. A queue fetch from here makes the console push the queues to every tab at once
  // (no wait for its 90 s queue poll).
  const newcomer = await joinQueue(app, queueName, {
    conversation_participant_name: "Nora Newcomer",
    question: "Do you ship to Norway?"
  })
  const unchanged = async (what: string) => {
    const same = await handle.evaluate(
      (node, key) =>
        node.isConnected &&
        node === document.querySelector(`[data-testid=queues] .waiting li[data-key="${key}"]`) &&
        document.activeElement === node.querySelector("[data-testid=start-waiting]"),
      key
    )
    assert.ok(same, `${what}: the first row is the same node and keeps the focus`)
  }
  await queuesNow(app)
  await page.locator(`[data-testid=queues] .waiting li[data-key="${newcomer}"]`).waitFor()
  await unchanged("a customer joined")
  await leaveQueue(app, queueName, newcomer)
  await queuesNow(app)
  await page
    .locator(`[data-testid=queues] .waiting li[data-key="${newcomer}"]`)
    .waitFor({ state: "detached" })
  await unchanged("a customer left")
  await handle.dispose()
}

/**
 * The console with nothing to do: no conversation, nobody waiting, nothing open. The mock answers
 * the list and the queue statuses empty until cleared; a fresh tab loads that state.
 */
const checkEmptyConsole: UiCheck = async (page, app, say) => {
  say("axe-core: no serious or critical violation on the empty console")
  const queues = (await queuesNow(app)).map((queue) => ({
    ...queue,
    customer_waiting_count: 0,
    queue_entries: []
  }))
  await mock(app, "faults", [
    {
      operationId: "getConversations",
      times: "always",
      body: {
        success: true,
        conversations: [],
        metadata: { result_set: { count: 0, limit: 50, more: false, offset: 0, total_records: 0 } }
      }
    },
    {
      operationId: "getConversationWebchatQueueStatuses",
      times: "always",
      body: { success: true, queue_statuses: queues }
    }
  ])
  const empty = await page.context().newPage()
  try {
    await empty.goto(app.url)
    await empty.waitForSelector("body[data-ready=true]")
    await empty.locator("[data-testid=conversations] .list-empty").waitFor()
    assert.equal(await empty.locator("[data-testid=conversations] .conversation").count(), 0)
    assert.ok((await empty.locator("[data-testid=queues] .queue").count()) > 0, "the queues are listed")
    assert.equal(await empty.locator("[data-testid=queues] .waiting li").count(), 0, "nobody waits")
    assert.equal(await empty.locator("#detail").getAttribute("data-state"), "empty")
    await assertAccessible(empty, "on the empty console")
  } finally {
    await empty.close()
    await clearFaults(app)
  }
  // The server's next list poll brings the conversations back to the first tab.
  await page.locator("[data-testid=conversations] .conversation").first().waitFor()
}
