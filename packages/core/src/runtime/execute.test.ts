import { assert, describe, it } from "@effect/vitest"
import {
  Cause,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  Redacted,
  References,
  Schema,
  Tracer
} from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { json, type Loopback, loopback } from "../../test/loopback.ts"
import { ErrorResponse } from "../generated/models.gen.ts"
import { UltraCartClient } from "./client.ts"
import type { UltraCartClientOptions } from "./config.ts"
import { BadRequest, type UltraCartError } from "./errors.ts"
import { execute } from "./execute.ts"
import type { OperationDefinition } from "./operation.ts"

const SECRET = "sk-test-0123456789-very-secret"

const Thing = Schema.Struct({ id: Schema.String, count: Schema.optionalKey(Schema.Number) })
const ThingResponse = Schema.Struct({
  success: Schema.optionalKey(Schema.Boolean),
  thing: Schema.optionalKey(Thing)
})
const errors = {
  "400": ErrorResponse,
  "401": ErrorResponse,
  "410": ErrorResponse,
  "429": ErrorResponse,
  "500": ErrorResponse
}

const GetThingArgs = Schema.Struct({
  thing_uuid: Schema.String,
  tags: Schema.optionalKey(Schema.Array(Schema.String)),
  ids: Schema.optionalKey(Schema.Array(Schema.Number)),
  limit: Schema.optionalKey(Schema.Int),
  "X-Trace": Schema.optionalKey(Schema.String)
})
const getThing: OperationDefinition<typeof GetThingArgs.Type, typeof ThingResponse.Type> = {
  operationId: "getThing",
  method: "GET",
  pathTemplate: "/things/{thing_uuid}",
  parameters: [
    { name: "thing_uuid", in: "path", required: true, explode: false },
    { name: "tags", in: "query", required: false, explode: true },
    { name: "ids", in: "query", required: false, explode: false },
    { name: "limit", in: "query", required: false, explode: true },
    { name: "X-Trace", in: "header", required: false, explode: false }
  ],
  requestBody: undefined,
  args: GetThingArgs,
  success: ThingResponse,
  errors,
  retrySafe: true,
  scopes: ["conversation_read"],
  summary: "Get a thing"
}

const StartThingArgs = Schema.Struct({ body: Schema.Struct({ name: Schema.String }) })
const startThing: OperationDefinition<typeof StartThingArgs.Type, typeof ThingResponse.Type> = {
  operationId: "startThing",
  method: "POST",
  pathTemplate: "/things",
  parameters: [],
  requestBody: { contentType: "application/json", required: true },
  args: StartThingArgs,
  success: ThingResponse,
  errors,
  retrySafe: false,
  scopes: ["conversation_write"],
  summary: "Start a thing"
}

const PingArgs = Schema.Struct({})
const ping: OperationDefinition<typeof PingArgs.Type, void> = {
  operationId: "ping",
  method: "PUT",
  pathTemplate: "/ping",
  parameters: [],
  requestBody: undefined,
  args: PingArgs,
  success: undefined,
  errors,
  retrySafe: true,
  scopes: [],
  summary: undefined
}

const clientLayer = (server: Loopback, options: Partial<UltraCartClientOptions> = {}) =>
  UltraCartClient.layer({
    baseUrl: `${server.origin}/rest/v2`,
    simpleKey: Redacted.make(SECRET),
    retry: { initialDelay: 5, maxDelay: 20 },
    ...options
  }).pipe(Layer.provide(FetchHttpClient.layer))

const ok = { success: true, thing: { id: "t1", count: 2 } }

describe("execute: request encoding", () => {
  it.live("percent-encodes path parameters so / ? # % spaces and non-ASCII arrive exactly", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, ok))
      const values = [
        "a/b",
        "what?x=1",
        "frag#ment",
        "100%",
        "two words",
        "ünïcødé-日本",
        "a+b&c=d",
        "~!*'()"
      ]
      for (const value of values) {
        yield* execute(getThing, { thing_uuid: value }).pipe(Effect.provide(clientLayer(server)))
      }
      const prefix = "/rest/v2/things/"
      assert.deepStrictEqual(
        server.requests.map((r) => decodeURIComponent(r.url.slice(prefix.length))),
        values
      )
      for (const request of server.requests) {
        assert.isTrue(request.url.startsWith(prefix))
        // Exactly one path segment after the prefix: nothing leaked into the query or fragment.
        assert.notInclude(request.url.slice(prefix.length), "/")
        assert.notInclude(request.url.slice(prefix.length), "?")
      }
    })
  )

  it.live("sends query arrays per explode, header params, auth, default headers and user agent", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, ok))
      const result = yield* execute(getThing, {
        thing_uuid: "x",
        tags: ["a b", "c"],
        ids: [1, 2, 3],
        limit: 5,
        "X-Trace": "trace-1"
      }).pipe(Effect.provide(clientLayer(server, { userAgent: "test-agent/1" })))
      assert.deepStrictEqual(result, ok)
      const [request] = server.requests
      assert.isDefined(request)
      const url = new URL(request?.url ?? "", server.origin)
      assert.deepStrictEqual(url.searchParams.getAll("tags"), ["a b", "c"])
      assert.deepStrictEqual(url.searchParams.getAll("ids"), ["1,2,3"])
      assert.strictEqual(url.searchParams.get("limit"), "5")
      assert.strictEqual(request?.headers["x-trace"], "trace-1")
      assert.strictEqual(request?.headers["x-ultracart-simple-key"], SECRET)
      assert.strictEqual(request?.headers["x-ultracart-api-version"], "2017-03-01")
      assert.strictEqual(request?.headers["user-agent"], "test-agent/1")
      assert.strictEqual(request?.headers.authorization, undefined)
    })
  )

  it.live("sends OAuth tokens as a bearer header, fresh from an Effect on every request", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, ok))
      let n = 0
      const fresh = Effect.sync(() => Redacted.make(`token-${++n}`))
      const layer = UltraCartClient.layer({ baseUrl: `${server.origin}/rest/v2`, oauthToken: fresh }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
      yield* execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(layer))
      yield* execute(getThing, { thing_uuid: "y" }).pipe(Effect.provide(layer))
      assert.deepStrictEqual(
        server.requests.map((r) => r.headers.authorization),
        ["Bearer token-1", "Bearer token-2"]
      )
      assert.strictEqual(server.requests[0]?.headers["x-ultracart-simple-key"], undefined)
    })
  )

  it.live("sends a JSON body with its content type", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 201, ok))
      yield* execute(startThing, { body: { name: "Zoë" } }).pipe(Effect.provide(clientLayer(server)))
      const [request] = server.requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.headers["content-type"], "application/json")
      assert.deepStrictEqual(JSON.parse(request?.body ?? ""), { name: "Zoë" })
    })
  )

  it.live("fails with InvalidRequest before any I/O when args do not encode", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, ok))
      const layer = clientLayer(server)
      const bad = [
        { thing_uuid: 42 as unknown as string },
        { thing_uuid: "x", limit: 1.5 },
        { thing_uuid: "" },
        { thing_uuid: ".." }
      ]
      for (const args of bad) {
        const error = yield* Effect.flip(execute(getThing, args).pipe(Effect.provide(layer)))
        assert.strictEqual(error._tag, "InvalidRequest")
        assert.strictEqual(error._tag === "InvalidRequest" ? error.operationId : undefined, "getThing")
      }
      const badOptions = [{ timeout: "soon" as "1 second" }, { retry: { maxRetries: Number.NaN } }]
      for (const options of badOptions) {
        const error = yield* Effect.flip(
          execute(getThing, { thing_uuid: "x" }, options).pipe(Effect.provide(layer))
        )
        assert.strictEqual(error._tag, "InvalidRequest")
      }
      const noBody = yield* Effect.flip(
        execute(startThing, {} as typeof StartThingArgs.Type).pipe(Effect.provide(layer))
      )
      assert.strictEqual(noBody._tag, "InvalidRequest")
      assert.strictEqual(server.requests.length, 0)
    })
  )

  it.live("void operations accept any 2xx and ignore the body", () =>
    Effect.gen(function* () {
      const replies: Array<[number, string]> = [
        [204, ""],
        [200, "not json at all"],
        [202, '{"whatever":true}']
      ]
      const server = yield* loopback((_, res) => {
        const [status, body] = replies.shift() ?? [500, ""]
        res.writeHead(status, { "content-type": "text/plain" })
        res.end(status === 204 ? undefined : body)
      })
      const layer = clientLayer(server)
      for (let i = 0; i < 3; i++) {
        const result = yield* execute(ping, {}).pipe(Effect.provide(layer))
        assert.strictEqual(result, undefined)
      }
    })
  )
})

describe("execute: status mapping", () => {
  const cases: Array<[number, UltraCartError["_tag"]]> = [
    [400, "BadRequest"],
    [401, "Unauthorized"],
    [404, "UnexpectedStatus"],
    [410, "ApplicationDisabled"],
    [429, "RateLimited"],
    [500, "ServerError"],
    [503, "ServerError"]
  ]
  for (const [status, tag] of cases) {
    it.live(`maps ${status} to ${tag} with the decoded body and UC-REST-ERROR`, () =>
      Effect.gen(function* () {
        const server = yield* loopback((_, res) =>
          json(
            res,
            status,
            {
              success: false,
              error: { developer_message: "dev says no", user_message: "no", error_code: String(status) }
            },
            { "UC-REST-ERROR": `readable ${status}`, "Retry-After": "0" }
          )
        )
        const error = yield* Effect.flip(
          execute(getThing, { thing_uuid: "a/b" }, { retry: false }).pipe(Effect.provide(clientLayer(server)))
        )
        assert.strictEqual(error._tag, tag)
        if (!("status" in error)) return assert.fail("expected a status")
        assert.strictEqual(error.status, status)
        assert.strictEqual(error.method, "GET")
        assert.strictEqual(error.path, "/things/{thing_uuid}")
        if (error._tag === "ResponseDecode" || error._tag === "ResponseTooLarge")
          return assert.fail(`unexpected ${error._tag}`)
        assert.strictEqual(error.ucRestError, `readable ${status}`)
        assert.strictEqual(error.response?.error?.developer_message, "dev says no")
        assert.include(error.message, `readable ${status}`)
        if (error._tag === "RateLimited") assert.strictEqual(error.retryAfterMillis, 0)
      })
    )
  }

  it.live("keeps going when the error body is not JSON", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => {
        res.writeHead(400, { "content-type": "text/html" })
        res.end("<html>nope</html>")
      })
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.instanceOf(error, BadRequest)
      if (error._tag !== "BadRequest") return
      assert.strictEqual(error.response, undefined)
      assert.strictEqual(error.ucRestError, undefined)
    })
  )

  it.live("fails with ResponseDecode on a 2xx body that is not JSON or does not match", () =>
    Effect.gen(function* () {
      const bodies = ["<html>hi</html>", '{"thing":{"id":7}}', '{"thing":']
      const server = yield* loopback((_, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(bodies.shift())
      })
      for (let i = 0; i < 3; i++) {
        const error = yield* Effect.flip(
          execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
        )
        assert.strictEqual(error._tag, "ResponseDecode")
      }
      // Decode errors are not transient: one request each.
      assert.strictEqual(server.requests.length, 3)
    })
  )
})

describe("execute: retries and timeouts", () => {
  it.live("retries a retry-safe operation on 503 and 408 and then succeeds", () =>
    Effect.gen(function* () {
      const statuses = [503, 408]
      const server = yield* loopback((_, res) => {
        const status = statuses.shift()
        status === undefined ? json(res, 200, ok) : json(res, status, {})
      })
      const result = yield* execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      assert.deepStrictEqual(result, ok)
      assert.strictEqual(server.requests.length, 3)
    })
  )

  it.live("gives up after maxRetries and reports the last failure", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 500, {}))
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(server.requests.length, 3)
    })
  )

  it.live("never retries an operation that is not retry-safe", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 503, {}))
      const error = yield* Effect.flip(
        execute(startThing, { body: { name: "n" } }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(server.requests.length, 1)
    })
  )

  it.live("per-call retry: false disables retries; per-call maxRetries overrides the client", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 503, {}))
      const layer = clientLayer(server)
      yield* Effect.flip(execute(getThing, { thing_uuid: "x" }, { retry: false }).pipe(Effect.provide(layer)))
      assert.strictEqual(server.requests.length, 1)
      yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }, { retry: { maxRetries: 4 } }).pipe(Effect.provide(layer))
      )
      assert.strictEqual(server.requests.length, 6)
    })
  )

  it.live("does not retry 400, 401 or 410", () =>
    Effect.gen(function* () {
      const statuses = [400, 401, 410]
      const server = yield* loopback((_, res) => json(res, statuses.shift() ?? 200, {}))
      const layer = clientLayer(server)
      for (let i = 0; i < 3; i++)
        yield* Effect.flip(execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(layer)))
      assert.strictEqual(server.requests.length, 3)
    })
  )

  it.live("honours Retry-After on 429 before retrying", () =>
    Effect.gen(function* () {
      let first = true
      const server = yield* loopback((_, res) => {
        if (first) {
          first = false
          return json(res, 429, {}, { "Retry-After": "1" })
        }
        json(res, 200, ok)
      })
      const started = Date.now()
      yield* execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      const elapsed = Date.now() - started
      assert.strictEqual(server.requests.length, 2)
      assert.isAtLeast(elapsed, 950)
    })
  )

  it.live("times out a request that gets no response, and the server sees the socket close", () =>
    Effect.gen(function* () {
      const server = yield* loopback(() => {
        // never answer
      })
      // The point is a request the server holds, so it must arrive before the timeout: 5 s is 30x
      // the slowest arrival seen under the full `npm test` graph on 2 cores (150 ms).
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }, { timeout: "5 seconds" }).pipe(
          Effect.provide(clientLayer(server))
        )
      )
      assert.strictEqual(error._tag, "Timeout")
      if (error._tag === "Timeout") assert.strictEqual(error.timeoutMillis, 5000)
      // A timeout is not retried: one request.
      assert.strictEqual(server.requests.length, 1)
      yield* waitFor(() => server.aborted() === 1)
    })
  )

  it.live("interrupting the fiber aborts the underlying request", () =>
    Effect.gen(function* () {
      const server = yield* loopback(() => {
        // never answer
      })
      const fiber = yield* Effect.forkChild(
        execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      )
      yield* waitFor(() => server.requests.length === 1)
      assert.strictEqual(server.aborted(), 0)
      yield* Fiber.interrupt(fiber)
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.hasInterrupts(exit))
      yield* waitFor(() => server.aborted() === 1)
    })
  )

  it.live("a transport failure (connection reset) is a typed Transport error and is retried", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => {
        res.socket?.destroy()
      })
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.strictEqual(error._tag, "Transport")
      assert.strictEqual(server.requests.length, 3)
    })
  )

  it.live("a truncated body is a Transport error", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        res.write('{"thing":')
        setTimeout(() => res.socket?.destroy(), 10)
      })
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }, { retry: false }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.strictEqual(error._tag, "Transport")
    })
  )
})

describe("execute: secrets", () => {
  it.live("spans: one per call named by operationId, no credential in any attribute, event or exit", () =>
    Effect.gen(function* () {
      const spans: Array<{ span: Tracer.NativeSpan; exit?: Exit.Exit<unknown, unknown> }> = []
      const tracer = Tracer.make({
        span(options) {
          const span = new Tracer.NativeSpan(options)
          const entry: { span: Tracer.NativeSpan; exit?: Exit.Exit<unknown, unknown> } = { span }
          const end = span.end.bind(span)
          span.end = (endTime, exit) => {
            entry.exit = exit
            end(endTime, exit)
          }
          spans.push(entry)
          return span
        }
      })
      const statuses = [200, 400, 401]
      const server = yield* loopback((_, res) => json(res, statuses.shift() ?? 500, ok))
      for (let i = 0; i < 3; i++) {
        yield* Effect.exit(
          execute(getThing, { thing_uuid: "x" }).pipe(
            Effect.provide(clientLayer(server)),
            Effect.withTracer(tracer),
            // Even with every header recorded on the http.client span, the credential is redacted.
            Effect.provideService(HttpClient.TracerHeaderFilter, () => true)
          )
        )
      }
      const own = spans.filter((s) => s.span.name === "getThing")
      assert.strictEqual(own.length, 3)
      assert.strictEqual(own[0]?.span.attributes.get("uc.operation_id"), "getThing")
      assert.strictEqual(own[0]?.span.attributes.get("url.template"), "/things/{thing_uuid}")
      assert.isTrue(
        spans.some((s) => s.span.name !== "getThing"),
        "the HttpClient's own span is recorded too"
      )
      const headerAttributes = spans
        .flatMap((s) => [...s.span.attributes.keys()])
        .filter((k) => k.includes("header"))
      assert.isAbove(headerAttributes.length, 0)
      for (const { span, exit } of spans) {
        const rendered = [
          span.name,
          JSON.stringify([...span.attributes.entries()]),
          JSON.stringify(span.events),
          exit === undefined ? "" : Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
        ].join("\n")
        assert.notInclude(rendered, SECRET)
      }
    })
  )

  it.live("trace headers and the HttpClient span only when a tracer is installed", () =>
    Effect.gen(function* () {
      const server = yield* loopback((_, res) => json(res, 200, ok))
      let spans = 0
      const tracer = Tracer.make({
        span(options) {
          spans++
          return new Tracer.NativeSpan(options)
        }
      })
      yield* execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      yield* execute(getThing, { thing_uuid: "x" }).pipe(
        Effect.provide(clientLayer(server)),
        Effect.withTracer(tracer)
      )
      const [untraced, traced] = server.requests
      assert.isUndefined(untraced?.headers.traceparent)
      assert.isUndefined(untraced?.headers.b3)
      assert.isString(traced?.headers.traceparent)
      // The operation's span and the HttpClient's span.
      assert.strictEqual(spans, 2)
    })
  )

  it.live("does not follow redirects, so the credential never reaches another origin", () =>
    Effect.gen(function* () {
      const elsewhere = yield* loopback((_, res) => json(res, 200, ok))
      const server = yield* loopback((_, res) => {
        res.writeHead(302, { location: `${elsewhere.origin}/rest/v2/things/x` })
        res.end()
      })
      const error = yield* Effect.flip(
        execute(getThing, { thing_uuid: "x" }).pipe(Effect.provide(clientLayer(server)))
      )
      assert.strictEqual(error._tag, "UnexpectedStatus")
      assert.strictEqual("status" in error ? error.status : 0, 302)
      assert.strictEqual(server.requests.length, 1)
      assert.strictEqual(elsewhere.requests.length, 0)
    })
  )

  it.live("the credential never appears in errors, their JSON, messages or debug logs", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const collector = Logger.make((options) => {
        lines.push(Logger.formatLogFmt.log(options))
      })
      const statuses: Array<number | "reset"> = [400, 401, 429, 500, 404, "reset", 503, 200]
      const server = yield* loopback((_, res) => {
        const status = statuses.shift()
        // Once the scripted replies are used up, never answer: the last call must time out.
        if (status === undefined) return
        if (status === "reset") return res.socket?.destroy()
        json(res, status, { error: { developer_message: "bad" } }, { "UC-REST-ERROR": `status ${status}` })
      })
      const program = Effect.gen(function* () {
        const failures: Array<UltraCartError> = []
        for (let i = 0; i < 6; i++) {
          const error = yield* Effect.flip(execute(getThing, { thing_uuid: "x" }, { retry: false }))
          yield* Effect.logDebug("call failed", error)
          yield* Effect.logError(error)
          failures.push(error)
        }
        // 503 then 200: one retry, which the runtime logs at debug level.
        yield* execute(getThing, { thing_uuid: "x" })
        failures.push(yield* Effect.flip(execute(getThing, { thing_uuid: "x" }, { timeout: "50 millis" })))
        return failures
      }).pipe(
        Effect.provide(clientLayer(server)),
        Effect.provide(Logger.layer([collector])),
        Effect.provideService(References.MinimumLogLevel, "Debug")
      )
      const failures = yield* program
      assert.deepStrictEqual(
        failures.map((e) => e._tag),
        [
          "BadRequest",
          "Unauthorized",
          "RateLimited",
          "ServerError",
          "UnexpectedStatus",
          "Transport",
          "Timeout"
        ]
      )
      assert.isTrue(lines.some((line) => line.includes("UltraCart request")))
      assert.isTrue(lines.some((line) => line.includes("UltraCart retry scheduled")))
      for (const error of failures) {
        for (const rendered of [String(error), JSON.stringify(error), error.message, error.stack ?? ""]) {
          assert.notInclude(rendered, SECRET)
        }
      }
      for (const line of lines) assert.notInclude(line, SECRET)
    })
  )
})

/**
 * Polls a condition on real time (for effects the server observes asynchronously). No deadline of
 * its own: a condition that never holds is caught by the suite's hang timeout, not by a guess at
 * how fast a loaded machine is.
 */
const waitFor = Effect.fnUntraced(function* (condition: () => boolean) {
  while (!condition()) yield* Effect.sleep(Duration.millis(10))
})
