/**
 * The console's UI in Chromium, after the main scenario (scenario.ts calls it): the front-end
 * bugs of issue 17 item 2, each checked where it used to fail; what the console offers with
 * today's API (item 3); the phone layout (item 4); keyboard use (item 5); the screenshots (item 7).
 */
import assert from "node:assert/strict"
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import type { Page, Request } from "playwright-core"
import type { StartedConsole } from "./harness.ts"

const mock = async (app: StartedConsole, path: string, body?: unknown, method = "POST"): Promise<unknown> => {
  const response = await fetch(`${app.mockUrl}/__mock/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  assert.ok(response.ok, `mock control ${path} answered ${response.status}: ${text}`)
  return text === "" ? undefined : JSON.parse(text)
}

const clearFaults = (app: StartedConsole) => mock(app, "faults", undefined, "DELETE")

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

  say("an error banner does not stop the list; it clears itself on recovery")
  {
    await mock(app, "faults", { operationId: "getConversations", status: 500, times: "always" })
    await page.getByTestId("refresh-conversations").click()
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=banner]")?.textContent?.includes("Loading conversations")
    )
    await clearFaults(app)
    const uuid = `banner-${app.runtime}-${Date.now()}`
    const newest = new Date(Date.now() + 120_000).toISOString()
    await mock(app, "conversations", {
      conversation_uuid: uuid,
      medium: "websocket",
      start_dts: newest,
      last_message_dts: newest,
      unread_messages: true,
      last_conversation_message_body: "Is my parcel lost?",
      last_conversation_participant_name: "Banner Tester"
    })
    // No click: the server's next list poll brings it, banner or not, and the banner goes.
    await page.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`).waitFor()
    await banner.waitFor({ state: "hidden" })

    say("opening an unread conversation marks it read; the title counts unread")
    const row = page.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`)
    assert.ok(await row.locator(".tag.unread").isVisible(), "NEW shows first")
    assert.match(await page.title(), /^\(\d+\) Agent Console/)
    const reads = await countRequests(page, "POST", /\/read$/, async () => {
      await row.click()
      await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
      await row.locator(".tag.unread").waitFor({ state: "detached" })
    })
    assert.equal(reads, 1, "markReadConversation was called once")
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
    const waiting = page.locator("[data-testid=queues] .waiting li").first()
    if ((await waiting.count()) === 0) {
      say("(nobody is waiting any more: skipped)")
    } else {
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
}
