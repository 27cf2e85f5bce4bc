/**
 * UltraCart's rate limits, over real sockets. Time is a manual clock: a leak over a simulated
 * hour is `clock.advance(...)`, never a sleep. Where real concurrency is needed a request is held
 * open (its body unfinished, or a latency fault) and the tests count answers, never time them.
 */
import { createHash } from "node:crypto"
import { type IncomingHttpHeaders, request } from "node:http"
import { afterEach, describe, expect, it } from "vitest"
import {
  createManualClock,
  DEFAULT_RATE_LIMIT,
  type ManualClock,
  type MockServer,
  type MockServerOptions,
  startMockServer,
  ultracartRateLimit
} from "./index.ts"

type Json = Record<string, unknown>

interface Answer {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly text: string
  readonly json: Json
}

const KEEPALIVE = "/rest/v2/conversation/agent/keepalive"
const started: Array<MockServer> = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((m) => m.close()))
})

const start = async (options: MockServerOptions): Promise<MockServer> => {
  const mock = await startMockServer({ port: 0, ...options })
  started.push(mock)
  return mock
}

const apiHeaders = (
  mock: MockServer,
  as: "simpleKey" | "oauthToken" = "simpleKey"
): Record<string, string> => ({
  "X-UltraCart-Api-Version": "2017-03-01",
  ...(as === "simpleKey"
    ? { "x-ultracart-simple-key": mock.simpleKey }
    : { authorization: `Bearer ${mock.oauthToken}` })
})

/**
 * One raw request on its own connection. `from` picks the client address (any 127/8 address
 * reaches loopback on Linux), which is how a test plays a second client IP. `hold` leaves the
 * body unfinished until the returned `finish` is called: the request is "being answered" meanwhile.
 */
const send = (
  mock: MockServer,
  path: string,
  init: {
    readonly method?: string
    readonly headers?: Record<string, string>
    readonly body?: string
    readonly from?: string
  } = {}
): Promise<Answer> => held(mock, path, init, false).answer

const held = (
  mock: MockServer,
  path: string,
  init: {
    readonly method?: string
    readonly headers?: Record<string, string>
    readonly body?: string
    readonly from?: string
  },
  hold: boolean
): { readonly answer: Promise<Answer>; readonly finish: () => void } => {
  const url = new URL(path, mock.url)
  let finish = (): void => {}
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? "GET",
        // A held request announces one body byte and sends it only on finish().
        headers: hold ? { ...init.headers, "content-length": "1" } : (init.headers ?? {}),
        agent: false,
        ...(init.from === undefined ? {} : { localAddress: init.from })
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          const isJson = (res.headers["content-type"] ?? "").includes("json") && text !== ""
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: isJson ? (JSON.parse(text) as Json) : {}
          })
        })
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    if (hold) {
      req.flushHeaders()
      finish = () => req.end("x")
    } else req.end(init.body)
  })
  return { answer, finish }
}

const keepalive = (mock: MockServer, as: "simpleKey" | "oauthToken" = "simpleKey", from?: string) =>
  send(mock, KEEPALIVE, { headers: apiHeaders(mock, as), ...(from === undefined ? {} : { from }) })

const statuses = async (calls: ReadonlyArray<() => Promise<Answer>>): Promise<Array<number>> => {
  const out: Array<number> = []
  for (const call of calls) out.push((await call()).status)
  return out
}

const times = <A>(n: number, value: A): Array<A> => Array.from({ length: n }, () => value)

const limited = (
  clock: ManualClock,
  buckets: ReadonlyArray<{ limit: number; seconds: number }>,
  extra = {}
) => start({ clock, rateLimit: { buckets, concurrent: "reject", ...extra } })

describe("rate limit: default and off", () => {
  it("startMockServer() enforces UltraCart's published limits by default", async () => {
    const mock = await start({})
    expect(DEFAULT_RATE_LIMIT).toBe(ultracartRateLimit)
    expect(mock.rateLimit().rateLimit).toEqual(ultracartRateLimit)
  })

  it('"off" means no limit: concurrent requests and any number of them pass', async () => {
    const mock = await start({ rateLimit: "off" })
    const answers = await Promise.all(
      times(10, 0).map(() =>
        send(mock, KEEPALIVE, { headers: { ...apiHeaders(mock), "x-mock-fault": '{"latencyMs":50}' } })
      )
    )
    expect(answers.map((a) => a.status)).toEqual(times(10, 204))
    expect(mock.rateLimit()).toMatchObject({
      rateLimit: "off",
      admitted: 0,
      rejected: { rate: 0, concurrent: 0 }
    })
  })

  it("a client that waits for each answer (keep-alive fetch) is never refused as concurrent", async () => {
    const mock = await start({ rateLimit: ultracartRateLimit })
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${mock.url}${KEEPALIVE}`, { headers: apiHeaders(mock) })
      await response.arrayBuffer()
      expect(response.status).toBe(204)
    }
    expect(mock.rateLimit()).toMatchObject({ admitted: 20, rejected: { rate: 0, concurrent: 0 } })
  })

  it("refuses a bad option or time scale at start", async () => {
    await expect(startMockServer({ rateLimit: { buckets: [] } })).rejects.toThrow(
      /startMockServer: `buckets` must be a list/
    )
    await expect(startMockServer({ timeScale: 0 })).rejects.toThrow(/startMockServer: the time scale/)
  })
})

describe("rate limit: leaky buckets", () => {
  it("leaks continuously (no fixed reset) and names the bucket that overflowed", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 3, seconds: 60 }])
    expect(await statuses(times(4, () => keepalive(mock)))).toEqual([204, 204, 204, 429])
    const refused = await keepalive(mock)
    expect(refused.headers["uc-rest-error"]).toBe("rate of 3 per 60 second(s) exceeded.")
    // One request leaks out every 20 s: not a moment earlier...
    clock.advance(19_999)
    expect((await keepalive(mock)).status).toBe(429)
    // ...and exactly one at 20 s.
    clock.advance(1)
    expect(await statuses(times(2, () => keepalive(mock)))).toEqual([204, 429])
    // Half a window gives back half the budget (a fixed window would give none, or all of it).
    clock.advance(30_000)
    expect(await statuses(times(3, () => keepalive(mock)))).toEqual([204, 429, 429])
    expect(mock.rateLimit()).toMatchObject({ admitted: 5, rejected: { rate: 6, concurrent: 0 } })
  })

  it("applies every bucket and names the one that overflowed", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [
      { limit: 2, seconds: 10 },
      { limit: 3, seconds: 100 }
    ])
    expect(await statuses(times(2, () => keepalive(mock)))).toEqual([204, 204])
    expect((await keepalive(mock)).headers["uc-rest-error"]).toBe("rate of 2 per 10 second(s) exceeded.")
    // 10 s later the short bucket is empty, the long one has leaked only 0.3.
    clock.advance(10_000)
    expect((await keepalive(mock)).status).toBe(204)
    const long = await keepalive(mock)
    expect(long.status).toBe(429)
    expect(long.headers["uc-rest-error"]).toBe("rate of 3 per 100 second(s) exceeded.")
    expect(long.json.error).toMatchObject({
      developer_message: "rate of 3 per 100 second(s) exceeded.",
      user_message: "rate of 3 per 100 second(s) exceeded."
    })
    expect(mock.rateLimit().credentials.simpleKey).toEqual([
      { limit: 2, seconds: 10, level: 1, remaining: 1 },
      { limit: 3, seconds: 100, level: 2.7, remaining: 0 }
    ])
  })

  it("keeps a bucket per credential and one per client IP, and a request needs room in both", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 2, seconds: 3600 }])
    // The simple key spends its budget from 127.0.0.1.
    expect(await statuses(times(3, () => keepalive(mock, "simpleKey")))).toEqual([204, 204, 429])
    // Another credential from the same IP: the IP's bucket is full.
    expect((await keepalive(mock, "oauthToken")).status).toBe(429)
    // Another credential from another IP: both of its buckets are empty.
    expect(await statuses(times(3, () => keepalive(mock, "oauthToken", "127.0.0.2")))).toEqual([
      204, 204, 429
    ])
    // The spent key from a fresh IP: its credential bucket is still full.
    expect((await keepalive(mock, "simpleKey", "127.0.0.3")).status).toBe(429)
    const snapshot = mock.rateLimit()
    expect(snapshot.credentials.simpleKey?.[0]).toMatchObject({ level: 2, remaining: 0 })
    expect(snapshot.credentials.oauthToken?.[0]).toMatchObject({ level: 2, remaining: 0 })
    expect(Object.keys(snapshot.ips).sort()).toEqual(["127.0.0.1", "127.0.0.2", "127.0.0.3"])
    expect(snapshot.ips["127.0.0.1"]?.[0]).toMatchObject({ level: 2 })
    expect(snapshot.ips["127.0.0.3"]?.[0]).toMatchObject({ level: 0, remaining: 2 })
  })

  it("counts only API calls: not control routes, CORS preflights, presigned uploads or unidentified callers", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 2, seconds: 3600 }])
    const upload = await send(mock, "/rest/v2/conversation/upload_url/png", { headers: apiHeaders(mock) })
    expect(upload.status).toBe(200)
    const url = (upload.json.conversation_multimedia_upload_url as Json).url as string
    for (let i = 0; i < 3; i++) {
      expect(
        (await send(mock, new URL(url).pathname + new URL(url).search, { method: "PUT", body: "png" })).status
      ).toBe(200)
      expect((await send(mock, "/__mock/health")).status).toBe(200)
      expect((await send(mock, KEEPALIVE, { method: "OPTIONS" })).status).toBe(204)
      expect(
        (await send(mock, KEEPALIVE, { headers: { ...apiHeaders(mock), "x-ultracart-simple-key": "wrong" } }))
          .status
      ).toBe(401)
    }
    expect(await statuses(times(2, () => keepalive(mock)))).toEqual([204, 429])
    expect(mock.rateLimit()).toMatchObject({ admitted: 2, rejected: { rate: 1, concurrent: 0 } })
  })

  it("logs a 429 like any request, and a refused request takes no armed fault", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 1, seconds: 3600 }])
    expect((await keepalive(mock)).status).toBe(204)
    mock.injectFault({ operationId: "getAgentKeepAlive", status: 503 })
    expect((await keepalive(mock)).status).toBe(429)
    expect(mock.requests().map((r) => [r.operationId, r.status])).toEqual([
      ["getAgentKeepAlive", 204],
      ["getAgentKeepAlive", 429]
    ])
    clock.advance(3_600_000)
    expect((await keepalive(mock)).status).toBe(503)
  })
})

describe("rate limit: time scale", () => {
  it("divides every bucket window, so a simulated hour leaks in a minute; the text keeps UltraCart's numbers", async () => {
    const clock = createManualClock()
    const mock = await start({ clock, timeScale: 60, rateLimit: { buckets: [{ limit: 2, seconds: 3600 }] } })
    expect(await statuses(times(3, () => keepalive(mock)))).toEqual([204, 204, 429])
    expect((await keepalive(mock)).headers["uc-rest-error"]).toBe("rate of 2 per 3600 second(s) exceeded.")
    clock.advance(29_999) // half a simulated hour, less 60 simulated ms
    expect((await keepalive(mock)).status).toBe(429)
    clock.advance(30_001) // a whole simulated hour in all: the bucket is empty again
    expect(await statuses(times(3, () => keepalive(mock)))).toEqual([204, 204, 429])
    expect(mock.rateLimit().timeScale).toBe(60)
  })

  it("shortens the websocket JWT's lifetime: an hour becomes a minute", async () => {
    const mock = await start({ timeScale: 60 })
    const auth = await send(mock, "/rest/v2/conversation/agent/auth", {
      method: "PUT",
      headers: apiHeaders(mock)
    })
    const jwt = (auth.json.agent_auth as Json).jwt as string
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Json
    expect((payload.exp as number) - (payload.iat as number)).toBe(60)
  })

  it("shortens the presigned upload URL's default lifetime too", async () => {
    const mock = await start({ timeScale: 60 })
    const before = Date.now()
    const upload = await send(mock, "/rest/v2/conversation/upload_url/png", { headers: apiHeaders(mock) })
    const after = Date.now()
    const url = new URL((upload.json.conversation_multimedia_upload_url as Json).url as string)
    const expires = Number(url.searchParams.get("expires"))
    // 15 minutes / 60 = 15 s, bounded by the readings around the call (no speed assumed).
    expect(expires).toBeGreaterThanOrEqual(before + 15_000)
    expect(expires).toBeLessThanOrEqual(after + 15_000)
  })
})

describe("rate limit: concurrency", () => {
  it("10 concurrent raw requests with the simple key and a 100 ms latency fault: at least one concurrency 429", async () => {
    const mock = await start({ rateLimit: ultracartRateLimit })
    mock.injectFault({ operationId: "getAgentKeepAlive", latencyMs: 100, times: "always" })
    const answers = await Promise.all(times(10, 0).map(() => keepalive(mock)))
    const refused = answers.filter((a) => a.status === 429)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(answers.filter((a) => a.status === 204).length).toBe(10 - refused.length)
    for (const a of refused) expect(a.headers["uc-rest-error"]).toMatch(/^concurrent requests exceeded/)
    expect(mock.rateLimit().rejected).toEqual({ rate: 0, concurrent: refused.length })
  })

  it('the same with concurrent: "allow": every request succeeds, nothing is refused', async () => {
    const mock = await start({ rateLimit: { ...ultracartRateLimit, concurrent: "allow" } })
    mock.injectFault({ operationId: "getAgentKeepAlive", latencyMs: 100, times: "always" })
    const answers = await Promise.all(times(10, 0).map(() => keepalive(mock)))
    expect(answers.map((a) => a.status)).toEqual(times(10, 204))
    expect(mock.rateLimit()).toMatchObject({ admitted: 10, rejected: { rate: 0, concurrent: 0 } })
  })

  it("refuses every request while one from the same credential or IP is still being answered", async () => {
    const mock = await start({ rateLimit: ultracartRateLimit })
    const first = held(mock, KEEPALIVE, { headers: apiHeaders(mock) }, true)
    // The held request is admitted on arrival; wait (by polling state, not by timing) until it is.
    while (mock.rateLimit().inFlight === 0) await new Promise((resolve) => setImmediate(resolve))
    const same = await Promise.all(times(3, 0).map(() => keepalive(mock)))
    const sameIp = await keepalive(mock, "oauthToken")
    const sameKeyOtherIp = await keepalive(mock, "simpleKey", "127.0.0.2")
    const otherBoth = await keepalive(mock, "oauthToken", "127.0.0.2")
    first.finish()
    expect((await first.answer).status).toBe(204)
    expect(same.map((a) => a.status)).toEqual([429, 429, 429])
    expect([sameIp.status, sameKeyOtherIp.status, otherBoth.status]).toEqual([429, 429, 204])
    // Answered means released: the next request goes through.
    while (mock.rateLimit().inFlight > 0) await new Promise((resolve) => setImmediate(resolve))
    expect((await keepalive(mock)).status).toBe(204)
    expect(mock.rateLimit()).toMatchObject({ admitted: 3, rejected: { rate: 0, concurrent: 5 }, inFlight: 0 })
  })
})

describe("rate limit: the 429 answer", () => {
  it("is UltraCart's ErrorResponse with UC-REST-ERROR, and no Retry-After by default", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 1, seconds: 86400 }])
    await keepalive(mock)
    const refused = await keepalive(mock)
    expect(refused.status).toBe(429)
    expect(refused.headers["content-type"]).toBe("application/json; charset=UTF-8")
    expect(refused.headers["uc-rest-error"]).toBe("rate of 1 per 86400 second(s) exceeded.")
    expect(refused.headers["retry-after"]).toBeUndefined()
    expect(refused.json).toEqual({
      success: false,
      error: {
        developer_message: "rate of 1 per 86400 second(s) exceeded.",
        error_code: "429",
        more_info: "https://www.ultracart.com/api/",
        user_message: "rate of 1 per 86400 second(s) exceeded."
      },
      metadata: {}
    })
  })

  it("with retryAfter: true, sends Retry-After: whole seconds until the bucket has leaked enough", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 1, seconds: 10 }], { retryAfter: true })
    await keepalive(mock)
    clock.advance(2_500)
    expect((await keepalive(mock)).headers["retry-after"]).toBe("8") // 7.5 s, rounded up
    clock.advance(7_000)
    expect((await keepalive(mock)).headers["retry-after"]).toBe("1") // 0.5 s: never "0"
  })

  it("a concurrency 429 has UltraCart's shape and no Retry-After (the wait is the other request's)", async () => {
    const mock = await start({ rateLimit: { ...ultracartRateLimit, retryAfter: true } })
    const first = held(mock, KEEPALIVE, { headers: apiHeaders(mock) }, true)
    while (mock.rateLimit().inFlight === 0) await new Promise((resolve) => setImmediate(resolve))
    const refused = await keepalive(mock)
    first.finish()
    await first.answer
    expect(refused.status).toBe(429)
    expect(refused.headers["retry-after"]).toBeUndefined()
    const message = refused.headers["uc-rest-error"]
    expect(message).toMatch(/^concurrent requests exceeded/)
    expect(refused.json).toMatchObject({
      success: false,
      error: { developer_message: message, user_message: message, error_code: "429" },
      metadata: {}
    })
  })
})

describe("rate limit: controls", () => {
  it("GET /__mock/rate-limit reports the configuration, counters and levels", async () => {
    const clock = createManualClock()
    const mock = await start({ clock, rateLimit: ultracartRateLimit })
    await keepalive(mock)
    const got = await send(mock, "/__mock/rate-limit")
    expect(got.status).toBe(200)
    expect(got.json).toEqual({
      rateLimit: ultracartRateLimit,
      timeScale: 1,
      admitted: 1,
      rejected: { rate: 0, concurrent: 0 },
      inFlight: 0,
      credentials: {
        simpleKey: [
          { limit: 1000, seconds: 3600, level: 1, remaining: 999 },
          { limit: 10000, seconds: 86400, level: 1, remaining: 9999 }
        ],
        oauthToken: [
          { limit: 1000, seconds: 3600, level: 0, remaining: 1000 },
          { limit: 10000, seconds: 86400, level: 0, remaining: 10000 }
        ]
      },
      ips: {
        "127.0.0.1": [
          { limit: 1000, seconds: 3600, level: 1, remaining: 999 },
          { limit: 10000, seconds: 86400, level: 1, remaining: 9999 }
        ]
      }
    })
    expect(got.json).toEqual(JSON.parse(JSON.stringify(mock.rateLimit())))
  })

  it("PUT /__mock/rate-limit replaces the configuration and empties the buckets", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 1, seconds: 3600 }])
    expect(await statuses(times(2, () => keepalive(mock)))).toEqual([204, 429])
    const put = await send(mock, "/__mock/rate-limit", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true })
    })
    expect(put.status).toBe(200)
    expect(put.json).toMatchObject({
      rateLimit: { buckets: [{ limit: 20, seconds: 2 }], concurrent: "allow", retryAfter: true },
      rejected: { rate: 1, concurrent: 0 }
    })
    expect(await statuses(times(21, () => keepalive(mock)))).toEqual([...times(20, 204), 429])
    const off = await send(mock, "/__mock/rate-limit", { method: "PUT", body: '"off"' })
    expect(off.json.rateLimit).toBe("off")
    expect(await statuses(times(30, () => keepalive(mock)))).toEqual(times(30, 204))
  })

  it.each([
    ["", /Send the rate limit as JSON/],
    ["{not json", /not valid JSON/],
    ['"on"', /Invalid rate limit: the rate limit must be "off" or an object/],
    [
      '{"buckets":[{"limit":0,"seconds":1}]}',
      /Invalid rate limit: `buckets\[0\]\.limit` must be a whole number/
    ],
    ['{"concurrent":"sometimes"}', /`concurrent` must be "reject" or "allow"/],
    ['{"burst":5}', /unknown rate limit field `burst`/]
  ])(
    "PUT /__mock/rate-limit refuses %j with 400 and a clear message, changing nothing",
    async (body, message) => {
      const mock = await start({ rateLimit: ultracartRateLimit })
      const put = await send(mock, "/__mock/rate-limit", { method: "PUT", body })
      expect(put.status).toBe(400)
      expect(put.headers["uc-rest-error"]).toMatch(message)
      expect((put.json.error as Json).developer_message).toMatch(message)
      expect(mock.rateLimit().rateLimit).toEqual(ultracartRateLimit)
    }
  )

  it("setRateLimit / rateLimit in process; reset() restores the start-up limit and zeroes the counters", async () => {
    const clock = createManualClock()
    const mock = await limited(clock, [{ limit: 1, seconds: 3600 }])
    expect(() => mock.setRateLimit({ buckets: [{ limit: -1, seconds: 1 }] })).toThrow(
      /setRateLimit: `buckets\[0\]\.limit`/
    )
    mock.setRateLimit({ buckets: [{ limit: 5, seconds: 60 }] })
    expect(mock.rateLimit().rateLimit).toEqual({
      buckets: [{ limit: 5, seconds: 60 }],
      concurrent: "reject",
      retryAfter: false
    })
    expect(await statuses(times(6, () => keepalive(mock)))).toEqual([...times(5, 204), 429])
    mock.reset()
    expect(mock.rateLimit()).toMatchObject({
      rateLimit: { buckets: [{ limit: 1, seconds: 3600 }] },
      admitted: 0,
      rejected: { rate: 0, concurrent: 0 }
    })
    expect(await statuses(times(2, () => keepalive(mock)))).toEqual([204, 429])
    mock.setRateLimit("off")
    expect(mock.rateLimit().rateLimit).toBe("off")
  })

  it("never shows a credential, or its hash, in the configuration, counters or log", async () => {
    const clock = createManualClock()
    const mock = await start({
      clock,
      rateLimit: ultracartRateLimit,
      simpleKey: "secret-simple-key-under-test",
      oauthToken: "secret-oauth-token-under-test"
    })
    await keepalive(mock, "simpleKey")
    await keepalive(mock, "oauthToken", "127.0.0.2")
    const outputs = [
      (await send(mock, "/__mock/rate-limit")).text,
      JSON.stringify(mock.rateLimit()),
      (await send(mock, "/__mock/requests")).text
    ]
    const secrets = [mock.simpleKey, mock.oauthToken].flatMap((s) => [
      s,
      createHash("sha256").update(s).digest("hex").slice(0, 16),
      ...["simpleKey", "oauthToken"].map((kind) =>
        createHash("sha256").update(`${kind}:${s}`).digest("hex").slice(0, 16)
      )
    ])
    for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret)
  })
})
