/**
 * A hostile HTTP responder on 127.0.0.1 and the matrix of what it does, shared by every transport's
 * suite: core's (the Promise facade on global fetch, Effect with FetchHttpClient), the Node adapter's
 * (its fetch and its `/undici` entry, vitest), the Bun adapter's (`bun test`) and the Deno adapter's
 * (`deno test`).
 *
 * It imports nothing from core: each suite passes in its own build of the client (core's sources,
 * or the package the adapter resolves), and errors are told apart by `_tag`, so one copy serves
 * every runtime. Assertions use `node:assert`, which all three runtimes have.
 *
 * Every case is bounded in size and time: bodies are cut by a 1 MiB `maxResponseBytes`, endless
 * writers stop when the client closes the socket, and nothing waits on a fixed sleep.
 *
 * @module
 */
import assert from "node:assert/strict"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { gzipSync } from "node:zlib"
import { Cause, type Duration, Effect, Exit, Redacted } from "effect"

/** What the responder does with the n-th request (1-based). */
export type Behaviour = (request: IncomingMessage, response: ServerResponse, n: number) => void

/** A running hostile responder. */
export interface Hostile {
  /** `http://127.0.0.1:PORT/rest/v2`, the base URL to give the client. */
  readonly baseUrl: string
  readonly origin: string
  /** Requests whose head arrived. */
  readonly requests: () => number
  /** Responses the client closed before the server finished writing them. */
  readonly closedEarly: () => number
  /**
   * Resolves once `closedEarly()` reaches `count` (the client may close a moment after it
   * returns). Rejects after 120 s, a hang detector only: `deno test` has no per-test timeout.
   */
  readonly waitForClosed: (count: number) => Promise<void>
  /** Header values the server received, per request. */
  readonly heads: Array<Readonly<Record<string, string | Array<string> | undefined>>>
  readonly close: () => Promise<void>
}

/** Starts a responder that answers every request with `behaviour`. */
export const startHostile = (behaviour: Behaviour): Promise<Hostile> =>
  new Promise((resolve) => {
    let requests = 0
    let closedEarly = 0
    const waiters: Array<{ count: number; done: () => void }> = []
    const heads: Hostile["heads"] = []
    const server = createServer((request, response) => {
      requests++
      heads.push(request.headers)
      response.on("close", () => {
        if (response.writableFinished) return
        closedEarly++
        for (const waiter of waiters.filter((w) => closedEarly >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.done()
        }
      })
      // Drain the request body so a POST is answered like a GET.
      request.resume()
      behaviour(request, response, requests)
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      const origin = `http://127.0.0.1:${port}`
      resolve({
        origin,
        baseUrl: `${origin}/rest/v2`,
        requests: () => requests,
        closedEarly: () => closedEarly,
        waitForClosed: (count) =>
          closedEarly >= count
            ? Promise.resolve()
            : new Promise((done, fail) => {
                const timer = setTimeout(
                  () => fail(new Error(`the client did not close ${count} response(s)`)),
                  120_000
                )
                waiters.push({
                  count,
                  done: () => {
                    clearTimeout(timer)
                    done()
                  }
                })
              }),
        heads,
        close: () =>
          new Promise<void>((done) => {
            // Deno waits on keep-alive sockets unless they are closed first.
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

// ---------------------------------------------------------------------------------------------
// Behaviours
// ---------------------------------------------------------------------------------------------

const MiB = 1024 * 1024
const filler = Buffer.alloc(64 * 1024, "x")

/** Writes `chunk` over and over (respecting backpressure) until `limit` bytes or the socket closes. */
const pump = (response: ServerResponse, chunk: Buffer, limit: number): void => {
  let written = 0
  const write = (): void => {
    while (!response.destroyed && written < limit) {
      written += chunk.length
      if (!response.write(chunk)) {
        response.once("drain", write)
        return
      }
    }
    if (!response.destroyed && Number.isFinite(limit)) response.end()
  }
  write()
}

/** A JSON body. */
export const json =
  (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Behaviour =>
  (_, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers })
    response.end(JSON.stringify(body))
  }

/** `first` for the first `times` requests, then `then`. */
export const firstThen =
  (times: number, first: Behaviour, then: Behaviour): Behaviour =>
  (request, response, n) =>
    (n <= times ? first : then)(request, response, n)

/** A body of `bytes` bytes that says so in Content-Length, written until the client hangs up. */
export const declaredBody =
  (status: number, bytes: number): Behaviour =>
  (_, response) => {
    response.writeHead(status, { "content-type": "application/json", "content-length": String(bytes) })
    pump(response, filler, bytes)
  }

/** A chunked body of `bytes` bytes, no Content-Length. */
export const chunkedBody =
  (status: number, bytes: number): Behaviour =>
  (_, response) => {
    response.writeHead(status, { "content-type": "application/json" })
    pump(response, filler, bytes)
  }

/** A chunked body that never ends, written as fast as the client reads. */
export const endlessBody: Behaviour = (_, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  pump(response, filler, Number.POSITIVE_INFINITY)
}

/** A body that trickles a few bytes every 50 ms and never ends. */
export const tricklingBody: Behaviour = (_, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.write('{"conversation":')
  const timer = setInterval(() => {
    if (response.destroyed) return clearInterval(timer)
    response.write(" ")
  }, 50)
  response.on("close", () => clearInterval(timer))
}

/**
 * A gzip bomb that never ends: gzip members of 1 MiB of zeros (about 1 KB each), concatenated
 * without end, so a decoder that reads it all expands it without bound.
 */
const bombMember = gzipSync(Buffer.alloc(MiB), { level: 9 })
const bombChunk = Buffer.concat(Array.from({ length: 64 }, () => bombMember))
export const gzipBomb: Behaviour = (_, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
  pump(response, bombChunk, Number.POSITIVE_INFINITY)
}

/** A small, valid JSON body, gzip-encoded although the client asked for identity. */
export const gzipJson: Behaviour = (_, response) => {
  const body = gzipSync(Buffer.from(JSON.stringify({ conversation: { conversation_uuid: "gz" } })))
  response.writeHead(200, {
    "content-type": "application/json",
    "content-encoding": "gzip",
    "content-length": String(body.length)
  })
  response.end(body)
}

/** A 400 that echoes the request's credential into `UC-REST-ERROR` and its error body. */
export const echoCredential: Behaviour = (request, response) => {
  const sent = String(request.headers["x-ultracart-simple-key"] ?? request.headers.authorization ?? "")
  response.writeHead(400, { "content-type": "application/json", "UC-REST-ERROR": `bad key ${sent}` })
  response.end(
    JSON.stringify({
      success: false,
      error: { developer_message: `you sent ${sent}`, user_message: sent, error_code: "echo" }
    })
  )
}

const ok: Behaviour = json(200, { conversation: { conversation_uuid: "c1" }, success: true })

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

/** The key every hostile case configures; none of it may appear in any error. */
export const hostileKey = "SECRET-KEY-0123456789abcdef"

/** The size limit the matrix configures, small so heavy cases stay fast: 1 MiB. */
export const hostileLimit = MiB

/** Client options every case starts from (plain data, so every kit can pass it on). */
export interface HostileClientOptions {
  readonly baseUrl: string
  readonly simpleKey: string
  readonly maxResponseBytes: number
  readonly timeout: string
  readonly retry: {
    readonly initialDelay: number
    readonly maxDelay: number
    readonly maxRetryAfter: string
  }
}

/** Per-call options a case may add. */
export interface HostileCallOptions {
  readonly headers?: Readonly<Record<string, string>>
  readonly timeout?: string
  readonly maxResponseBytes?: number
}

/** What a call ended in. A defect, an interruption or a plain Error fails every case. */
export type Outcome =
  | { readonly kind: "ok" }
  | { readonly kind: "error"; readonly error: { readonly _tag: string } & Record<string, unknown> }
  | { readonly kind: "defect"; readonly detail: string }

/** A finished Effect as an Outcome: its typed failure, or a defect/interruption (which no case allows). */
export const outcomeOf = (effect: Effect.Effect<unknown, unknown>): Promise<Outcome> =>
  Effect.runPromiseExit(effect).then((exit): Outcome => {
    if (Exit.isSuccess(exit)) return { kind: "ok" }
    if (Cause.hasDies(exit.cause) || Cause.hasInterrupts(exit.cause)) {
      return { kind: "defect", detail: Cause.pretty(exit.cause) }
    }
    return { kind: "error", error: Cause.squash(exit.cause) as { _tag: string } }
  })

/** A settled Promise as an Outcome: a rejection must be a tagged error, anything else is a defect. */
export const promiseOutcome = (promise: Promise<unknown>): Promise<Outcome> =>
  promise.then(
    (): Outcome => ({ kind: "ok" }),
    (error: unknown): Outcome =>
      typeof error === "object" && error !== null && "_tag" in error
        ? { kind: "error", error: error as { _tag: string } }
        : { kind: "defect", detail: String(error) }
  )

/** One client build under test (a transport, a way of calling it). */
export interface Kit {
  readonly label: string
  /** getConversation (retry-safe) or startConversation (never retried) with these options. */
  readonly call: (
    kind: "safe" | "unsafe",
    client: HostileClientOptions,
    options?: HostileCallOptions
  ) => Promise<Outcome>
}

/** Expected outcome (`ok` or an error tag) and how many requests the responder saw. */
type Expect = readonly [string, number]

/** One row of the matrix. */
export interface HostileCase {
  readonly name: string
  readonly behaviour: () => Behaviour
  readonly call?: HostileCallOptions
  readonly safe: Expect
  readonly unsafe: Expect
  /** Extra checks on the error (or on the responder) for this row. */
  readonly check?: (outcome: Outcome, server: Hostile, kind: "safe" | "unsafe") => Promise<void> | void
}

const errorOf = (outcome: Outcome): Record<string, unknown> => {
  assert.equal(outcome.kind, "error")
  return outcome.kind === "error" ? outcome.error : {}
}

/** The body limit was enforced: no more than the limit plus one chunk was read. */
const boundedRead = (outcome: Outcome): void => {
  const error = errorOf(outcome)
  assert.equal(error.limit, hostileLimit)
  assert.ok(typeof error.bytesRead === "number", "bytesRead is reported")
  assert.ok(
    error.bytesRead > hostileLimit && error.bytesRead <= hostileLimit + MiB,
    `read ${error.bytesRead}`
  )
}

export const hostileMatrix: ReadonlyArray<HostileCase> = [
  {
    name: "200, Content-Length 64 MiB (> 1 MiB limit)",
    behaviour: () => declaredBody(200, 64 * MiB),
    safe: ["ResponseTooLarge", 1],
    unsafe: ["ResponseTooLarge", 1],
    check: async (outcome, server) => {
      const error = errorOf(outcome)
      assert.equal(error.bytesRead, 0)
      assert.equal(error.declaredLength, 64 * MiB)
      await server.waitForClosed(1)
    }
  },
  {
    name: "200, chunked 16 MiB (> 1 MiB limit)",
    behaviour: () => chunkedBody(200, 16 * MiB),
    safe: ["ResponseTooLarge", 1],
    unsafe: ["ResponseTooLarge", 1],
    check: boundedRead
  },
  {
    name: "200, endless chunked body",
    behaviour: () => endlessBody,
    safe: ["ResponseTooLarge", 1],
    unsafe: ["ResponseTooLarge", 1],
    // The writer never stops by itself: only the client closing the socket ends it.
    check: async (outcome, server) => {
      boundedRead(outcome)
      await server.waitForClosed(1)
    }
  },
  {
    name: "200, endless body trickling (under the limit), 500 ms timeout",
    behaviour: () => tricklingBody,
    call: { timeout: "500 millis" },
    safe: ["Timeout", 1],
    unsafe: ["Timeout", 1],
    check: (_, server) => server.waitForClosed(1)
  },
  {
    name: "per-call maxResponseBytes 1000 < a 4 KB body",
    behaviour: () => chunkedBody(200, 4096),
    call: { maxResponseBytes: 1000 },
    safe: ["ResponseTooLarge", 1],
    unsafe: ["ResponseTooLarge", 1],
    check: (outcome) => assert.equal(errorOf(outcome).limit, 1000)
  },
  {
    name: "503 with a 16 MiB body once, then ok",
    behaviour: () => firstThen(1, chunkedBody(503, 16 * MiB), ok),
    safe: ["ok", 2],
    unsafe: ["ServerError", 1]
  },
  {
    name: "200, endless gzip bomb (Content-Encoding: gzip)",
    behaviour: () => gzipBomb,
    safe: ["ResponseDecode", 1],
    unsafe: ["ResponseDecode", 1],
    check: async (outcome, server) => {
      assert.match(String(errorOf(outcome).detail), /encoded \(gzip\)/)
      await server.waitForClosed(1)
    }
  },
  {
    name: "200, small gzip JSON although identity was asked for",
    behaviour: () => gzipJson,
    safe: ["ResponseDecode", 1],
    unsafe: ["ResponseDecode", 1],
    check: (_, server) => assert.equal(server.heads[0]?.["accept-encoding"], "identity")
  },
  {
    name: "429, Retry-After: nonsense 2999 (ignored: backoff)",
    behaviour: () => firstThen(1, json(429, {}, { "Retry-After": "nonsense 2999" }), ok),
    safe: ["ok", 2],
    unsafe: ["RateLimited", 1],
    check: (outcome, _, kind) => {
      if (kind === "unsafe") assert.equal(errorOf(outcome).retryAfterMillis, undefined)
    }
  },
  {
    // The client waits at most maxRetryAfter (300 ms here) before its retry; the error reports the
    // server's wait up to one day, so an application can tell its user the truth.
    name: "429, Retry-After: 90000 (waits 300 ms at most, reports one day)",
    behaviour: () => firstThen(1, json(429, {}, { "Retry-After": "90000" }), ok),
    safe: ["ok", 2],
    unsafe: ["RateLimited", 1],
    check: (outcome, _, kind) => {
      if (kind === "unsafe") assert.equal(errorOf(outcome).retryAfterMillis, 86_400_000)
    }
  },
  {
    name: "429, Retry-After: 400 nines (capped, never Infinity)",
    behaviour: () => firstThen(1, json(429, {}, { "Retry-After": "9".repeat(400) }), ok),
    safe: ["ok", 2],
    unsafe: ["RateLimited", 1],
    check: (outcome, _, kind) => {
      if (kind === "unsafe")
        assert.equal(JSON.parse(JSON.stringify(errorOf(outcome))).retryAfterMillis, 86_400_000)
    }
  },
  {
    name: "400 echoing the key into UC-REST-ERROR and the body",
    behaviour: () => echoCredential,
    safe: ["BadRequest", 1],
    unsafe: ["BadRequest", 1],
    check: (outcome) => {
      const error = errorOf(outcome)
      assert.match(String(error.ucRestError), /<redacted>/)
      assertNoSecret(error, [hostileKey])
    }
  },
  {
    name: "call header with CR LF (X-Note: a\\r\\nX-Injected: 1)",
    behaviour: () => ok,
    call: { headers: { "X-Note": "a\r\nX-Injected: 1" } },
    safe: ["InvalidRequest", 0],
    unsafe: ["InvalidRequest", 0]
  },
  {
    name: "call header with a bad name",
    behaviour: () => ok,
    call: { headers: { "X Note": "a" } },
    safe: ["InvalidRequest", 0],
    unsafe: ["InvalidRequest", 0]
  }
]

/** The client options a case runs with, against `server`. */
export const hostileClient = (server: Hostile): HostileClientOptions => ({
  baseUrl: server.baseUrl,
  simpleKey: hostileKey,
  maxResponseBytes: hostileLimit,
  timeout: "10 seconds",
  retry: { initialDelay: 5, maxDelay: 20, maxRetryAfter: "300 millis" }
})

/** Runs one row against one kit, for one kind of operation, with its own responder. */
export const runHostileCase = async (
  kit: Kit,
  testCase: HostileCase,
  kind: "safe" | "unsafe"
): Promise<void> => {
  const server = await startHostile(testCase.behaviour())
  try {
    const outcome = await kit.call(kind, hostileClient(server), testCase.call)
    assert.notEqual(outcome.kind, "defect", outcome.kind === "defect" ? outcome.detail : "")
    const [expected, requests] = testCase[kind]
    const tag = outcome.kind === "ok" ? "ok" : outcome.kind === "error" ? outcome.error._tag : "defect"
    assert.equal(tag, expected, `${kit.label}: ${testCase.name}`)
    assert.equal(server.requests(), requests, `${kit.label}: ${testCase.name}: requests`)
    if (outcome.kind === "error") assertNoSecret(outcome.error, [hostileKey])
    await testCase.check?.(outcome, server, kind)
  } finally {
    await server.close()
  }
}

// ---------------------------------------------------------------------------------------------
// Credentials that cannot be header values
// ---------------------------------------------------------------------------------------------

/** Keys a bad paste produces: CR LF (with an injected header), LF, NUL, a trailing newline. */
export const badKeys: ReadonlyArray<readonly [string, string]> = [
  ["CR LF", `${hostileKey}\r\nX-Injected: 1`],
  ["LF", `${hostileKey}\nX-Injected: 1`],
  ["NUL", `${hostileKey}\u0000tail`],
  ["trailing newline", `${hostileKey}\n`]
]

/** Every way an error gets printed: none may contain a secret (or a long piece of one). */
export const renderings = (error: unknown): ReadonlyArray<string> => {
  const value = error as Error
  return [
    String(value),
    JSON.stringify(value),
    value.message ?? "",
    value.stack ?? "",
    inspect(value, { depth: 10 }),
    Cause.pretty(Cause.fail(value))
  ]
}

/** Fails when any rendering of `error` contains a secret or the part of it before a line break. */
export const assertNoSecret = (error: unknown, secrets: ReadonlyArray<string>): void => {
  for (const rendered of renderings(error)) {
    for (const secret of secrets) {
      assert.ok(!rendered.includes(secret), `secret in ${rendered.slice(0, 300)}`)
      assert.ok(!rendered.includes(hostileKey), `key in ${rendered.slice(0, 300)}`)
    }
  }
}

/**
 * An UltraCartConfigError for a bad key: the option (or variable) is named, the value is not, and no request
 * was sent. `error` is what building the client threw or failed with.
 */
export const assertBadKeyRefused = (error: unknown, option: string, key: string, server: Hostile): void => {
  const tagged = error as { _tag?: string; option?: string; message?: string }
  assert.equal(tagged._tag, "UltraCartConfigError", `got ${String(error)}`)
  assert.equal(tagged.option, option)
  assert.match(String(tagged.message), new RegExp(option))
  assertNoSecret(error, [key])
  assert.equal(server.requests(), 0, "no request was sent")
}

// ---------------------------------------------------------------------------------------------
// The whole suite for a runtime adapter
// ---------------------------------------------------------------------------------------------

/** The client options of a case in the Effect API's shape (Durations as inputs, the key Redacted). */
export interface EffectClientOptions {
  readonly baseUrl: string
  readonly simpleKey: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>
  readonly maxResponseBytes: number
  readonly timeout: Duration.Input
  readonly retry: {
    readonly initialDelay: number
    readonly maxDelay: number
    readonly maxRetryAfter: Duration.Input
  }
}

/** The case's client options for the Effect API. */
export const effectClientOptions = (client: HostileClientOptions): EffectClientOptions => ({
  ...client,
  simpleKey: Redacted.make(client.simpleKey),
  timeout: client.timeout as Duration.Input,
  retry: { ...client.retry, maxRetryAfter: client.retry.maxRetryAfter as Duration.Input }
})

/** The case's per-call options for the Effect API. */
export const effectCallOptions = (
  call: HostileCallOptions | undefined
): (Omit<HostileCallOptions, "timeout"> & { readonly timeout?: Duration.Input }) | undefined => {
  if (call === undefined) return undefined
  const { timeout, ...rest } = call
  return timeout === undefined ? rest : { ...rest, timeout: timeout as Duration.Input }
}

/** Read and write access to the environment an adapter's `layerConfig` reads. */
export interface EnvAccess {
  readonly get: (name: string) => string | undefined
  readonly set: (name: string, value: string | undefined) => void
}

/** {@link EnvAccess} over a plain record of variables (`process.env`, `Bun.env`). */
export const recordEnv = (record: Record<string, string | undefined>): EnvAccess => ({
  get: (name) => record[name],
  set: (name, value) => {
    if (value === undefined) delete record[name]
    else record[name] = value
  }
})

/** What a runtime adapter's suite supplies: its layers, reached through its own test runner. */
export interface AdapterKit {
  /** e.g. "Node adapter (fetch)". */
  readonly label: string
  /** Where `layerConfig` reads, e.g. "process.env". */
  readonly envLabel: string
  readonly env: EnvAccess
  /** getConversation (safe) or startConversation (unsafe) through the adapter's `layer(options)`. */
  readonly call: (
    kind: "safe" | "unsafe",
    options: EffectClientOptions,
    call?: ReturnType<typeof effectCallOptions>
  ) => Promise<Outcome>
  /** How building the adapter's `layer(options)` ended. */
  readonly build: (options: EffectClientOptions) => Promise<Outcome>
  /** How building the adapter's `layerConfig` ended, with the environment as it is. */
  readonly buildFromEnv: () => Promise<Outcome>
}

/** One test of a runtime's suite; each runner registers these with its own `it`/`Deno.test`. */
export interface AdapterCase {
  readonly name: string
  readonly run: () => Promise<void>
}

const withResponder = async (run: (server: Hostile) => Promise<void>): Promise<void> => {
  const server = await startHostile(json(200, { conversation: {} }))
  try {
    await run(server)
  } finally {
    await server.close()
  }
}

const withEnv = async <A>(
  env: EnvAccess,
  values: Record<string, string | undefined>,
  run: () => Promise<A>
) => {
  const saved = Object.keys(values).map((name) => [name, env.get(name)] as const)
  for (const [name, value] of Object.entries(values)) env.set(name, value)
  try {
    return await run()
  } finally {
    for (const [name, value] of saved) env.set(name, value)
  }
}

/**
 * Every hostile case for a runtime adapter: the whole matrix over its transport, then the
 * credentials that cannot be header values, through `layer`, `layerConfig` and a key from an Effect.
 */
export const adapterCases = (adapter: AdapterKit): ReadonlyArray<AdapterCase> => {
  const kit: Kit = {
    label: adapter.label,
    call: (kind, client, call) => adapter.call(kind, effectClientOptions(client), effectCallOptions(call))
  }
  const cases: Array<AdapterCase> = []
  for (const testCase of hostileMatrix) {
    for (const kind of ["safe", "unsafe"] as const) {
      const [expected, requests] = testCase[kind]
      const operation = kind === "safe" ? "getConversation" : "startConversation"
      cases.push({
        name: `hostile, ${adapter.label}: ${testCase.name} → ${operation}: ${expected}, ${requests} request(s)`,
        run: () => runHostileCase(kit, testCase, kind)
      })
    }
  }
  for (const [name, key] of badKeys) {
    cases.push({
      name: `bad key (${name}), ${adapter.label}: layer fails with an UltraCartConfigError naming simpleKey, before any request`,
      run: () =>
        withResponder(async (server) => {
          const outcome = await adapter.build({
            ...effectClientOptions(hostileClient(server)),
            simpleKey: Redacted.make(key)
          })
          if (outcome.kind !== "error")
            throw new Error(`expected an UltraCartConfigError, got ${outcome.kind}`)
          assertBadKeyRefused(outcome.error, "simpleKey", key, server)
        })
    })
    // An environment variable cannot hold NUL (the OS refuses it), so that key has no env case.
    if (!key.includes("\u0000"))
      cases.push({
        name: `bad key (${name}), ${adapter.label}: layerConfig fails naming ULTRACART_SIMPLE_KEY (from ${adapter.envLabel})`,
        run: () =>
          withResponder(async (server) => {
            const variables = {
              ULTRACART_BASE_URL: server.baseUrl,
              ULTRACART_SIMPLE_KEY: key,
              ULTRACART_OAUTH_TOKEN: undefined
            }
            const outcome = await withEnv(adapter.env, variables, adapter.buildFromEnv)
            if (outcome.kind !== "error")
              throw new Error(`expected an UltraCartConfigError, got ${outcome.kind}`)
            assertBadKeyRefused(outcome.error, "ULTRACART_SIMPLE_KEY", key, server)
          })
      })
    cases.push({
      name: `bad key (${name}), ${adapter.label}: a credential from an Effect fails the call with InvalidRequest, no I/O`,
      run: () =>
        withResponder(async (server) => {
          const outcome = await adapter.call("safe", {
            ...effectClientOptions(hostileClient(server)),
            simpleKey: Effect.succeed(Redacted.make(key))
          })
          if (outcome.kind !== "error" || outcome.error._tag !== "InvalidRequest") {
            throw new Error(`expected InvalidRequest, got ${JSON.stringify(outcome)}`)
          }
          assertNoSecret(outcome.error, [key])
          assert.equal(server.requests(), 0, "no request was sent")
        })
    })
  }
  return cases
}
