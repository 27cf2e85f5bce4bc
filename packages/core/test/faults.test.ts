/**
 * The fault matrix: every fault the mock can inject, against a retry-safe operation
 * (getConversation) and against startConversation (never retried). Each case states the outcome
 * and how many requests the mock must have seen. README.md shows the same table.
 */

import { assert, describe, it } from "@effect/vitest"
import type { FaultSpec } from "@uc-conversation/mock-server"
import { Cause, Effect, Exit } from "effect"
import { getConversation } from "../src/generated/operations/getConversation.gen.ts"
import { startConversation } from "../src/generated/operations/startConversation.gen.ts"
import type { UltraCartError } from "../src/runtime/errors.ts"
import { mockClient, mockServer } from "./mock.ts"

type Outcome = "ok" | UltraCartError["_tag"]

/** Expected result: outcome and number of requests the mock saw. */
type Expect = readonly [Outcome, number]

interface FaultCase {
  readonly name: string
  readonly fault: Omit<FaultSpec, "operationId">
  readonly safe: Expect
  readonly unsafe: Expect
  /** Per-attempt timeout; default {@link hangTimeoutMs}. */
  readonly timeoutMs?: number
}

/**
 * The per-attempt timeout of every case that is not about timeouts: far above any response time,
 * so a loaded machine (`npm test` on two cores) makes a case slower, never a Timeout.
 */
const hangTimeoutMs = 60_000

/**
 * The timeout case: the mock holds the answer 10x longer than the client waits. The mock's delay
 * starts only once the request has arrived, after the client's timer started, so the client times
 * out first however slow the machine is.
 */
const timeoutMs = 300
const heldMs = 3_000

export const faultMatrix: ReadonlyArray<FaultCase> = [
  { name: "400", fault: { status: 400 }, safe: ["BadRequest", 1], unsafe: ["BadRequest", 1] },
  { name: "401", fault: { status: 401 }, safe: ["Unauthorized", 1], unsafe: ["Unauthorized", 1] },
  { name: "404", fault: { status: 404 }, safe: ["UnexpectedStatus", 1], unsafe: ["UnexpectedStatus", 1] },
  { name: "408", fault: { status: 408 }, safe: ["ok", 2], unsafe: ["UnexpectedStatus", 1] },
  {
    name: "410",
    fault: { status: 410 },
    safe: ["ApplicationDisabled", 1],
    unsafe: ["ApplicationDisabled", 1]
  },
  {
    name: "429 Retry-After: 0",
    fault: { status: 429, retryAfter: "0" },
    safe: ["ok", 2],
    unsafe: ["RateLimited", 1]
  },
  {
    name: "429 Retry-After: 1 (waits ≥ 1 s)",
    fault: { status: 429, retryAfter: "1" },
    safe: ["ok", 2],
    unsafe: ["RateLimited", 1]
  },
  { name: "500", fault: { status: 500 }, safe: ["ok", 2], unsafe: ["ServerError", 1] },
  { name: "502", fault: { status: 502 }, safe: ["ok", 2], unsafe: ["ServerError", 1] },
  { name: "503 ×2", fault: { status: 503, times: 2 }, safe: ["ok", 3], unsafe: ["ServerError", 1] },
  {
    name: "503 always",
    fault: { status: 503, times: "always" },
    safe: ["ServerError", 3],
    unsafe: ["ServerError", 1]
  },
  { name: "connection reset", fault: { reset: true }, safe: ["ok", 2], unsafe: ["Transport", 1] },
  { name: "truncated body", fault: { truncate: true }, safe: ["ok", 2], unsafe: ["Transport", 1] },
  {
    name: "malformed JSON",
    fault: { malformedJson: true },
    safe: ["ResponseDecode", 1],
    unsafe: ["ResponseDecode", 1]
  },
  {
    name: "HTML body on 200",
    fault: { body: "<html><body>Gateway</body></html>", contentType: "text/html" },
    safe: ["ResponseDecode", 1],
    unsafe: ["ResponseDecode", 1]
  },
  {
    name: "content-type text/html, JSON body",
    fault: { contentType: "text/html" },
    safe: ["ok", 1],
    unsafe: ["ok", 1]
  },
  { name: "unknown enum values", fault: { mutate: "unknownEnum" }, safe: ["ok", 1], unsafe: ["ok", 1] },
  { name: "nulls everywhere", fault: { mutate: "nulls" }, safe: ["ok", 1], unsafe: ["ok", 1] },
  { name: "extra fields", fault: { mutate: "extraFields" }, safe: ["ok", 1], unsafe: ["ok", 1] },
  {
    name: "extra fields (explicit body)",
    fault: {
      body: {
        conversation: { conversation_uuid: "x", x_new_field: "later release" },
        x_new_top: { nested: [1, 2] }
      }
    },
    safe: ["ok", 1],
    unsafe: ["ok", 1]
  },
  {
    name: `latency 100 ms (< ${hangTimeoutMs} ms timeout)`,
    fault: { latencyMs: 100 },
    safe: ["ok", 1],
    unsafe: ["ok", 1]
  },
  {
    name: `latency ${heldMs} ms (> ${timeoutMs} ms timeout)`,
    fault: { latencyMs: heldMs },
    timeoutMs,
    safe: ["Timeout", 1],
    unsafe: ["Timeout", 1]
  }
]

const target = "fault-target-conversation"

describe("fault matrix", () => {
  for (const testCase of faultMatrix) {
    for (const kind of ["safe", "unsafe"] as const) {
      const [expected, requests] = testCase[kind]
      const operationId = kind === "safe" ? "getConversation" : "startConversation"
      it.live(`${testCase.name} → ${operationId}: ${expected}, ${requests} request(s)`, () =>
        Effect.gen(function* () {
          const mock = yield* mockServer
          mock.addConversation({ conversation_uuid: target })
          mock.injectFault({ ...testCase.fault, operationId })
          const call =
            kind === "safe"
              ? Effect.asVoid(getConversation({ conversation_uuid: target }))
              : Effect.asVoid(startConversation({ body: {} }))
          const started = Date.now()
          const exit = yield* Effect.exit(
            call.pipe(
              Effect.provide(mockClient(mock, "simpleKey", { timeout: testCase.timeoutMs ?? hangTimeoutMs }))
            )
          )
          const elapsed = Date.now() - started
          // Never a defect or an interruption: success or one typed failure.
          assert.isFalse(
            Exit.hasDies(exit),
            `defect: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`
          )
          assert.isFalse(Exit.hasInterrupts(exit))
          const outcome = Exit.isSuccess(exit) ? "ok" : Cause.squash(exit.cause)
          const tag = outcome === "ok" ? "ok" : (outcome as UltraCartError)._tag
          assert.strictEqual(tag, expected)
          if (testCase.fault.latencyMs !== undefined && expected === "Timeout") {
            // The mock logs a request only once its latency has passed.
            yield* Effect.sleep(testCase.fault.latencyMs)
          }
          const seen = mock.requests().filter((r) => r.operationId === operationId)
          assert.strictEqual(seen.length, requests, JSON.stringify(seen.map((r) => r.status)))
          if (testCase.fault.retryAfter === "1" && kind === "safe") assert.isAtLeast(elapsed, 950)
          if (tag === "RateLimited" && testCase.fault.retryAfter !== undefined) {
            const error = Cause.squash(Exit.isFailure(exit) ? exit.cause : Cause.empty) as UltraCartError
            assert.strictEqual(
              error._tag === "RateLimited" ? error.retryAfterMillis : -1,
              Number(testCase.fault.retryAfter) * 1000
            )
          }
        })
      )
    }
  }
})
