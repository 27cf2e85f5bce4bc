import { describe, expect, it } from "vitest"
import { simulatedLatency } from "./shift.ts"

const poll = (receivedAt: number) => ({
  operationId: "getConversations",
  status: 200,
  receivedAt,
  pathParams: {}
})
const fetchOf = (conversation: string, receivedAt: number) => ({
  operationId: "getConversationMessages",
  status: 200,
  receivedAt,
  pathParams: { conversation_uuid: conversation }
})

describe("a message's latency in simulated time", () => {
  it("scales the wait for the next poll and counts the work after it as it ran", () => {
    // Sent at 1,000 ms; the next poll arrives 100 ms later (6 simulated seconds at scale 60); the
    // page shows it 250 ms after that: 0.25 s of work, not 15 simulated seconds.
    const latency = simulatedLatency(
      { sentAt: 1000, seenAt: 1350, conversation: "c" },
      [poll(900), poll(1100), fetchOf("c", 1150)],
      60
    )
    expect(latency).toBeCloseTo(6.25, 6)
  })

  it("a messages fetch for the message's own conversation also carries it; another's does not", () => {
    const requests = [fetchOf("other", 1010), fetchOf("c", 1020), poll(1500)]
    expect(simulatedLatency({ sentAt: 1000, seenAt: 1100, conversation: "c" }, requests, 60)).toBeCloseTo(
      1.2 + 0.08,
      6
    )
  })

  it("with no request between sending and showing, the whole time is scaled", () => {
    expect(simulatedLatency({ sentAt: 1000, seenAt: 1200, conversation: "c" }, [poll(900)], 60)).toBeCloseTo(
      12,
      6
    )
  })
})
