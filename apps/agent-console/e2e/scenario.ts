/**
 * The browser scenario: what an agent does in the console, checked against the embedded mock.
 */
import assert from "node:assert/strict"
import { DEFAULT_SIMPLE_KEY } from "@uc-conversation/mock-server"
import type { Page, Response } from "playwright-core"
import type { StartedConsole } from "./harness.ts"
import { addCustomerConversation, clearFaults, mock } from "./mockControl.ts"
import { runUiChecks } from "./ui.ts"

interface QueueWire {
  readonly queue_name?: string
  readonly agents?: ReadonlyArray<{
    readonly conversation_participant_arn?: string
    readonly agent_status?: string
  }>
}

/** A step's name, printed as it runs so a failure says where it happened. */
const step = (runtime: string, name: string) => console.log(`  [${runtime}] ${name}`)

/** Runs the whole scenario on a page pointed at a started console. */
export const runScenario = async (page: Page, app: StartedConsole, screenshot?: string): Promise<void> => {
  const say = (name: string) => step(app.runtime, name)

  // Every body the browser receives is kept, to check the credential never reaches it. Event
  // streams never end, so they are left out here; their events come from the same JSON encoders.
  const bodies: Array<Promise<string>> = []
  const keep = (response: Response) => {
    if (!(response.headers()["content-type"] ?? "").includes("text/event-stream")) {
      bodies.push(response.text().catch(() => ""))
    }
  }
  page.on("response", keep)

  say("open the console")
  await page.goto(app.url)
  await page.waitForSelector("body[data-ready=true]")
  assert.equal(await page.getByTestId("backend").textContent(), "Mock UltraCart")
  const agentName = (await page.getByTestId("agent-name").textContent()) ?? ""
  assert.ok(agentName.length > 1, "the agent's name is shown")
  await page.waitForSelector("[data-testid=connection][data-state=ok]")
  say("see the UltraCart budget in the header")
  await page.waitForFunction(
    () => Number(document.querySelector("[data-testid=budget]")?.getAttribute("data-used")) > 0
  )
  assert.match((await page.getByTestId("budget-text").textContent()) ?? "", /^\d+ \/ 1000 per hour$/)

  say("see the queues")
  const queues = page.locator("[data-testid=queues] .queue")
  assert.ok((await queues.count()) >= 1, "at least one queue is listed")
  assert.match((await queues.first().textContent()) ?? "", /waiting/)

  say("see the conversations, page through them, filter by medium")
  const conversations = page.locator("[data-testid=conversations] .conversation")
  const firstPage = await conversations.count()
  assert.ok(firstPage > 0, "conversations are listed")
  const pageInfo = page.getByTestId("page-info")
  assert.match((await pageInfo.textContent()) ?? "", /^1–\d+/)
  if (await page.getByTestId("page-next").isEnabled()) {
    await page.getByTestId("page-next").click()
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=page-info]")?.textContent?.startsWith("21")
    )
    assert.ok((await conversations.count()) > 0, "the second page has conversations")
    await page.getByTestId("page-prev").click()
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=page-info]")?.textContent?.startsWith("1–")
    )
  }
  await page.locator("#medium-filter [data-medium=sms]").click()
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll("[data-testid=conversations] .conversation")]
    return items.length > 0 && items.every((item) => item.querySelector(".tag.sms"))
  })
  await page.locator("#medium-filter [data-medium='']").click()
  await page.waitForFunction(
    (count) => document.querySelectorAll("[data-testid=conversations] .conversation").length === count,
    firstPage
  )

  say("open a conversation and join it")
  const target = page.locator("[data-testid=conversations] .conversation").first()
  const uuid = (await target.getAttribute("data-uuid")) ?? ""
  assert.ok(uuid !== "", "the conversation has a uuid")
  await target.click()
  await page.waitForSelector("#detail[data-state=open]")
  await page.waitForSelector("[data-testid=live][data-state=on]")
  // Seeded conversations may already have the agent in them: leave first, so Join is exercised.
  if (await page.getByTestId("leave").isVisible()) {
    await page.getByTestId("leave").click()
    await page.waitForSelector("#detail[data-joined=false]")
  }
  await page.getByTestId("join").click()
  await page.waitForSelector("#detail[data-joined=true]")
  assert.ok(await page.getByTestId("leave").isVisible(), "Leave is offered once joined")
  assert.match((await page.getByTestId("participants").textContent()) ?? "", new RegExp(agentName))

  say("see a message added to the mock meanwhile arrive live")
  const order = 4000 + Math.floor(Math.random() * 6000)
  const text = `Thanks! One more thing: order #${order} shows "label created" for 3 days now. Is it stuck?`
  await mock(app, `conversations/${encodeURIComponent(uuid)}/messages`, { body: text })
  // The server's list poll sees the conversation change and fetches its messages for the open tab.
  await page.getByTestId("messages").getByText(text).waitFor()

  say("upload an attachment")
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64"
  )
  await page
    .getByTestId("upload-file")
    .setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: png })
  await page.getByTestId("upload-submit").click()
  await page.waitForSelector("[data-testid=upload-result][data-state=ok]")
  const uploaded = (await page.getByTestId("upload-result").textContent()) ?? ""
  assert.match(uploaded, /Uploaded receipt\.png/)
  const key = /key (\S+)/.exec(uploaded)?.[1]
  assert.ok(key, "the upload key is shown")

  say("set the agent's status")
  await page.locator("[data-testid=my-status] [data-status=busy]").click()
  await page.waitForSelector("[data-testid=my-status] [data-status=busy][aria-pressed=true]")
  const session = (await (await fetch(`${app.url}/api/session`)).json()) as { agent: { arn: string } }
  const { queues: after } = (await (await fetch(`${app.url}/api/queues`)).json()) as {
    queues: ReadonlyArray<QueueWire>
  }
  const mine = after.flatMap(
    (queue) => queue.agents?.filter((agent) => agent.conversation_participant_arn === session.agent.arn) ?? []
  )
  assert.ok(mine.length > 0, "the agent is in at least one queue")
  assert.ok(
    mine.every((agent) => agent.agent_status === "busy"),
    "UltraCart (the mock) has the agent busy everywhere"
  )

  say("set the status in one queue only")
  const myQueues = after.filter((queue) =>
    queue.agents?.some((agent) => agent.conversation_participant_arn === session.agent.arn)
  )
  const one = myQueues[0]?.queue_name ?? ""
  const card = page.locator(`[data-testid=queues] .queue[data-queue="${one}"]`)
  await card.getByTestId("queue-status").selectOption("available")
  await page.waitForFunction(
    (name) =>
      document
        .querySelector(`[data-testid=queues] .queue[data-queue="${name}"] [data-testid=queue-status]`)
        ?.getAttribute("data-status") === "available",
    one
  )
  const { queues: perQueue } = (await (await fetch(`${app.url}/api/queues`)).json()) as {
    queues: ReadonlyArray<QueueWire>
  }
  const statusIn = (name: string | undefined) =>
    perQueue
      .find((queue) => queue.queue_name === name)
      ?.agents?.find((agent) => agent.conversation_participant_arn === session.agent.arn)?.agent_status
  assert.equal(statusIn(one), "available")
  for (const other of myQueues.slice(1))
    assert.equal(statusIn(other.queue_name), "busy", "other queues keep busy")
  // Back to busy everywhere, so the screenshot shows one status.
  await page.locator("[data-testid=my-status] [data-status=busy]").click()
  await page.waitForSelector("[data-testid=my-status] [data-status=busy][aria-pressed=true]")

  say("start a conversation with a waiting customer")
  const waiting = page.locator("[data-testid=queues] .waiting li").first()
  const customer = (await waiting.locator("b").textContent()) ?? ""
  assert.ok(customer !== "", "a customer is waiting in a queue")
  const before = await page.locator("#detail").getAttribute("data-uuid")
  await waiting.getByTestId("start-waiting").click()
  await page.waitForFunction((previous) => {
    const detail = document.querySelector("#detail")
    return detail?.getAttribute("data-state") === "open" && detail.getAttribute("data-uuid") !== previous
  }, before)
  assert.match((await page.getByTestId("participants").textContent()) ?? "", new RegExp(agentName))

  say("see a new conversation appear in the list without refreshing")
  {
    // A second tab: it shares the server's one list poll with the first.
    const live = await page.context().newPage()
    await live.goto(app.url)
    await live.waitForSelector("body[data-ready=true]")
    const uuid = `live-${app.runtime}-${Date.now()}`
    await addCustomerConversation(app, {
      uuid,
      customer: "Newly Arrived",
      message: "Hello from a new customer",
      at: new Date(Date.now() + 60_000)
    })
    const item = live.locator(`[data-testid=conversations] .conversation[data-uuid="${uuid}"]`)
    await item.waitFor({ state: "visible" })
    assert.match((await item.textContent()) ?? "", /Hello from a new customer/)
    await live.close()
  }

  say("see a rate limit explained, then recover")
  // Armed until cleared: the server's own list poll may meet it too, and must not use it up.
  await mock(app, "faults", {
    operationId: "getConversations",
    status: 429,
    retryAfter: "7",
    times: "always"
  })
  await page.getByTestId("refresh-conversations").click()
  const banner = page.getByTestId("banner")
  await banner.waitFor({ state: "visible" })
  assert.match((await banner.textContent()) ?? "", /Rate limited, retry in \d+s/)
  await clearFaults(app)
  await page.getByTestId("refresh-conversations").click()
  await banner.waitFor({ state: "hidden" })
  assert.ok((await conversations.count()) > 0, "the list is back")

  await runUiChecks(page, app, screenshot)

  say("check the credential never reached the browser")
  page.off("response", keep)
  const received = await Promise.all(bodies)
  assert.ok(received.length > 10, "responses were recorded")
  assert.ok(!received.some((body) => body.includes(DEFAULT_SIMPLE_KEY)), "no response carries the simple key")
}
