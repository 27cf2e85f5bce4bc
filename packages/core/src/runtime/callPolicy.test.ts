import { assert, describe, it } from "@effect/vitest"
import { Duration, Result } from "effect"
import { callHeadersProblem, resolveCallPolicy } from "./callPolicy.ts"
import { defaultRetryPolicy } from "./retry.ts"

const client = { retry: defaultRetryPolicy, timeout: Duration.seconds(60), maxResponseBytes: 1000 }

describe("a call's policy", () => {
  it("reuses the client's policy object when the call overrides nothing", () => {
    const policy = resolveCallPolicy(client, { headers: { a: "b" } } as never)
    assert.isTrue(Result.isSuccess(policy) && policy.success === client)
  })

  it("overrides retry, timeout and maxResponseBytes per call", () => {
    const policy = resolveCallPolicy(client, { retry: false, timeout: "2 seconds", maxResponseBytes: 10 })
    if (Result.isFailure(policy)) return assert.fail(policy.failure)
    assert.strictEqual(policy.success.retry.maxRetries, 0)
    assert.strictEqual(Duration.toMillis(policy.success.timeout), 2000)
    assert.strictEqual(policy.success.maxResponseBytes, 10)
  })

  it("describes an unreadable option instead of throwing", () => {
    for (const options of [
      { maxResponseBytes: 0 },
      { maxResponseBytes: 1.5 },
      { timeout: "soon" as "1 second" },
      { retry: { maxRetryAfter: Duration.infinity } }
    ]) {
      const policy = resolveCallPolicy(client, options)
      assert.isTrue(Result.isFailure(policy), JSON.stringify(options))
    }
  })

  it("refuses call headers with CR or LF or a bad name, naming the header only", () => {
    assert.isUndefined(callHeadersProblem(undefined))
    assert.isUndefined(callHeadersProblem({ "X-Note": "fine" }))
    const problem = callHeadersProblem({ "X-Note": "a\r\nX-Injected: secret-value" })
    assert.include(problem ?? "", "X-Note")
    assert.notInclude(problem ?? "", "secret-value")
    assert.isString(callHeadersProblem({ "X Note": "a" }))
  })
})
