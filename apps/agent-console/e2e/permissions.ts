/**
 * The console in Chromium for an agent without UltraCart's chat user role: it starts its own
 * console (the agent's roles are read once per console, so they are set on its mock before the
 * page first asks), then checks that the page offers no Join, Start, "+ New", status control or
 * upload, says why in plain words, and that the server refuses a join sent anyway (403) without
 * calling UltraCart.
 */
import assert from "node:assert/strict"
import type { BrowserContext } from "playwright-core"
import type { Runtime } from "../src/runtimes.ts"
import { missingPermissionMessage } from "../src/wire.ts"
import { signIn, startConsole } from "./harness.ts"
import { mock } from "./mockControl.ts"

/** The mock's answer to `getAgentWebsocketAuthorization` for an agent who may read but not chat. */
const readerAuth = {
  success: true,
  agent_auth: {
    chat_admin: false,
    chat_user: false,
    conversation_participant_arn:
      "arn:aws:chime:us-east-1:000000000000:app-instance/uc-mock/user/robin-reader",
    conversation_participant_name: "Robin Reader",
    merchant_id: "DEMO"
  }
}

/**
 * Runs the checks on `runtime` in a new page of `context`, with a console of their own, stopped
 * at the end.
 */
export const runPermissionChecks = async (context: BrowserContext, runtime: Runtime): Promise<void> => {
  const say = (name: string) => console.log(`  [${runtime}] permissions: ${name}`)
  const app = await startConsole(runtime)
  try {
    // Armed before any page loads: the console reads the agent's roles on the first /api/session.
    // UltraCart's answer for another agent, explicitly: the seeded one may chat.
    await mock(app, "faults", {
      operationId: "getAgentWebsocketAuthorization",
      body: readerAuth,
      times: "always"
    })
    await signIn(context, app)
    const page = await context.newPage()
    try {
      await page.goto(app.url)
      await page.waitForSelector("body[data-ready=true]")
      await page.locator("[data-testid=queues] .queue").first().waitFor()
      assert.equal(
        await page.getByTestId("agent-name").textContent(),
        "Robin Reader",
        "the agent the mock names"
      )

      say("the page says why it offers no chat actions")
      const note = page.getByTestId("access-note")
      assert.ok(await note.isVisible(), "the reason is shown")
      assert.ok(
        ((await note.textContent()) ?? "").includes(missingPermissionMessage.chat_user),
        "the note gives the reason the server's refusal gives"
      )
      assert.match(missingPermissionMessage.chat_user, /does not have the chat user permission/)

      say("no + New, no status controls, no Start for a waiting customer")
      assert.ok(!(await page.getByTestId("start-open").isVisible()), "no + New")
      assert.ok(!(await page.getByTestId("my-status").isVisible()), "no status for all queues")
      for (const control of await page
        .locator("[data-testid=queue-status], [data-testid=start-waiting]")
        .all())
        assert.ok(!(await control.isVisible()), "no per-queue status or Start")
      assert.ok(
        (await page.locator("[data-testid=queues] .waiting li").count()) > 0,
        "customers are waiting (their Start buttons are what must not show)"
      )

      say("an open conversation offers no Join and no upload")
      const row = page.locator("[data-testid=conversations] .conversation").first()
      const uuid = (await row.getAttribute("data-uuid")) ?? ""
      await row.click()
      await page.waitForSelector(`#detail[data-state=open][data-uuid="${uuid}"]`)
      assert.equal(await page.locator("#detail").getAttribute("data-joined"), "false", "not joined yet")
      assert.ok(!(await page.getByTestId("join").isVisible()), "no Join")
      assert.ok(!(await page.getByTestId("upload-form").isVisible()), "no upload")

      say("the server refuses a join sent anyway, and UltraCart never sees it")
      const refused = await page.evaluate(async (uuid) => {
        const response = await fetch(`/api/conversations/${encodeURIComponent(uuid)}/join`, {
          method: "POST",
          headers: { "x-console-request": "1", "content-type": "application/json" },
          body: "{}"
        })
        return { status: response.status, body: await response.json() }
      }, uuid)
      assert.deepEqual(refused, {
        status: 403,
        body: { error: { tag: "PermissionDenied", status: 403, message: missingPermissionMessage.chat_user } }
      })
      const { requests } = (await mock(app, "requests", undefined, "GET")) as {
        requests: ReadonlyArray<{ operationId?: string }>
      }
      assert.equal(requests.filter((request) => request.operationId === "joinConversation").length, 0)
    } finally {
      await page.close()
    }
  } catch (error) {
    console.error(`--- ${runtime} permissions console output ---\n${app.output().slice(-4000)}`)
    throw error
  } finally {
    await app.stop()
  }
}
