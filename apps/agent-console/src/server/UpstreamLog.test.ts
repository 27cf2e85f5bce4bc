import { Effect } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import { describe, expect, it } from "vitest"
import { describeUrl, withUpstreamLog } from "./UpstreamLog.ts"

describe("describeUrl", () => {
  it("keeps harmless query parameters", () => {
    expect(describeUrl("http://127.0.0.1:4000/rest/v2/conversation/conversations?_limit=20&medium=sms")).toBe(
      "127.0.0.1:4000/rest/v2/conversation/conversations?_limit=20&medium=sms"
    )
  })

  it("masks presigned-URL signatures and anything named like a secret", () => {
    const line = describeUrl(
      "https://bucket.s3.amazonaws.com/up/k1?X-Amz-Signature=abc123&X-Amz-Credential=AKIA&token=t0k&part=1"
    )
    expect(line).toBe("bucket.s3.amazonaws.com/up/k1?X-Amz-Signature=…&X-Amz-Credential=…&token=…&part=1")
    expect(line).not.toMatch(/abc123|AKIA|t0k/)
  })
})

describe("withUpstreamLog", () => {
  it("logs method, url, status and timing, and never a header", async () => {
    const lines: Array<string> = []
    const base = HttpClient.make((request) =>
      Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{}", { status: 201 })))
    )
    const client = withUpstreamLog(base, (line) => lines.push(line))
    const request = HttpClientRequest.get("http://127.0.0.1:9/rest/v2/conversation/agent/keepalive").pipe(
      HttpClientRequest.setHeader("x-ultracart-simple-key", "secret-key-value"),
      HttpClientRequest.setUrlParam("since", "5")
    )
    const response = await Effect.runPromise(client.execute(request))
    expect(response.status).toBe(201)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^upstream GET 127\.0\.0\.1:9\/rest\/v2\/conversation\/agent\/keepalive\?since=5 -> 201 \(\d+ ms\)$/
    )
    expect(lines.join("\n")).not.toContain("secret-key-value")
  })

  it("logs failures too", async () => {
    const lines: Array<string> = []
    const failing = HttpClient.make(() => Effect.die(new Error("boom")))
    const client = withUpstreamLog(failing, (line) => lines.push(line))
    await Effect.runPromiseExit(client.execute(HttpClientRequest.post("http://127.0.0.1:9/rest/v2/x")))
    expect(lines[0]).toMatch(/^upstream POST 127\.0\.0\.1:9\/rest\/v2\/x -> failed \(\d+ ms\)$/)
  })
})
