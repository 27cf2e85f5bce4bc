/**
 * Where our client's time per request goes, built up layer by layer from raw fetch to our
 * `getConversation`, all over FetchHttpClient in one process (c=64, rounds alternating).
 * CPU µs per request is the figure to read: it is steadier than req/s on a shared machine.
 */
import { ConversationResponse, getConversation, UltraCartClient } from "@uc-conversation/core"
import { Duration, Effect, Layer, ManagedRuntime, Schedule, Schema } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { ULTRACART_HEADERS } from "../clients/client.ts"
import { oursOptions } from "../clients/ours.ts"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { runLoad } from "../harness/load.ts"
import { childConfig, log, writeResult } from "./child.ts"

const ROUNDS = 5
const config = childConfig()
const url = `${config.baseUrl}/conversation/conversations/${SINGLE_UUID}`
const runtime = ManagedRuntime.make(
  Layer.merge(
    FetchHttpClient.layer,
    UltraCartClient.layer(oursOptions(config.baseUrl)).pipe(Layer.provide(FetchHttpClient.layer))
  )
)
const decodeSync = Schema.decodeUnknownSync(ConversationResponse)
const decode = Schema.decodeUnknownEffect(ConversationResponse)
const fetchText = Effect.gen(function* () {
  const client = yield* HttpClient.HttpClient
  const response = yield* client.get(url, { headers: ULTRACART_HEADERS })
  return JSON.parse(yield* response.text) as unknown
})
const decoded = Effect.flatMap(fetchText, decode)

const timeout = Effect.timeoutOrElse({ duration: Duration.seconds(60), orElse: () => Effect.fail("timeout") })
const spanned = decoded.pipe(Effect.withSpan("getConversation"))
const timed = decoded.pipe(timeout, Effect.withSpan("getConversation"))
const retried = decoded.pipe(
  timeout,
  Effect.retry({ schedule: Schedule.exponential(500), times: 2 }),
  Effect.withSpan("getConversation")
)
const rawJson = async () =>
  JSON.parse(await (await fetch(url, { headers: ULTRACART_HEADERS })).text()) as unknown

/** Cumulative: each indented step adds one thing to the step above it; "ours" is our client as shipped. */
const steps: ReadonlyArray<readonly [string, () => Promise<unknown>]> = [
  ["raw fetch + JSON.parse", rawJson],
  ["  + Schema.decodeUnknownSync (our schema)", async () => decodeSync(await rawJson())],
  ["Effect HttpClient (FetchHttpClient) + JSON.parse", () => runtime.runPromise(fetchText)],
  ["  + Schema.decodeUnknownEffect", () => runtime.runPromise(decoded)],
  ["  + Effect.withSpan", () => runtime.runPromise(spanned)],
  ["  + Effect.timeoutOrElse (60 s)", () => runtime.runPromise(timed)],
  ["  + Effect.retry (exponential, 2 times)", () => runtime.runPromise(retried)],
  [
    "ours: getConversation, retry disabled",
    () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID }, { retry: false }))
  ],
  [
    "ours: getConversation (defaults)",
    () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID }))
  ]
]

const cpu = new Map<string, Array<number>>(steps.map(([name]) => [name, []]))
const rps = new Map<string, Array<number>>(steps.map(([name]) => [name, []]))
for (const [, run] of steps) await runLoad(run, { concurrency: 64, durationMs: 250, maxRequests: 100_000 })
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of steps) {
    const result = await runLoad(run, { concurrency: 64, durationMs: 400, maxRequests: 100_000 })
    cpu.get(name)?.push(result.cpuMicrosPerRequest)
    rps.get(name)?.push(result.rps)
  }
}
await runtime.dispose()
for (const [name] of steps) log(`${name}: ${(cpu.get(name) ?? []).map((c) => c.toFixed(0)).join(" ")} µs/req`)
writeResult(config, {
  steps: steps.map(([name]) => ({ name, cpuMicros: cpu.get(name), rps: rps.get(name) }))
})
