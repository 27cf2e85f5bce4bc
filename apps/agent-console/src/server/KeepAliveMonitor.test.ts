import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { KeepAliveStatus } from "./KeepAliveMonitor.ts"
import { startTestApp, type TestApp } from "./testApp.ts"

// The budget's hour lasts 2 minutes: the list is polled about every 0.2 s, the keep-alive every 2 s.
let test: TestApp
beforeAll(async () => {
  test = await startTestApp(30)
})
afterAll(() => test?.close())

/** Reads `status` events from /api/events until `states` were seen in that order. */
const statusSequence = async (
  states: ReadonlyArray<KeepAliveStatus["state"]>,
  onState: (state: string) => void
) => {
  const abort = new AbortController()
  const response = await test.app.handler(
    new Request("http://127.0.0.1/api/events?tab=status-test&visible=true", { signal: abort.signal })
  )
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  const seen: Array<KeepAliveStatus> = []
  let buffer = ""
  try {
    while (seen.length === 0 || seen.at(-1)!.state !== states.at(-1) || seen.length < states.length) {
      const { value, done } = await reader.read()
      if (done) throw new Error("the stream ended")
      buffer += value
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const match = /^event: status\ndata: (.*)$/m.exec(event)
        if (!match) continue
        const status = JSON.parse(match[1]!) as KeepAliveStatus
        if (seen.at(-1)?.state === status.state) continue
        if (status.state !== states[seen.length]) continue
        seen.push(status)
        onState(status.state)
      }
    }
    return seen
  } finally {
    abort.abort()
  }
}

describe("the connection status pushed over /api/events", () => {
  it("turns failing while the list poll cannot reach UltraCart, and ok again when it can", async () => {
    const seen = await statusSequence(["ok", "failing", "ok"], (state) => {
      // Only the list poll fails (503): the keep-alive alone would keep the badge green.
      if (state === "ok" && !test.mock.requests().some((r) => r.status === 503))
        test.mock.injectFault({ operationId: "getConversations", status: 503, times: "always" })
      if (state === "failing") test.mock.clearFaults()
    })
    expect(seen[1]!.error).toMatchObject({
      tag: "ServerError",
      status: 503,
      outage: true,
      message: "UltraCart is unavailable (503). Try again shortly."
    })
    expect(seen[2]!.state).toBe("ok")
  })
})
