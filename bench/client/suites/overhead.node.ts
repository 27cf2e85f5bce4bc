/**
 * Our runtime's own cost per call with the network taken out: an in-memory HttpClient answers
 * every request with the 5 kB fixture, and each variant runs sequentially, so the figure is
 * pure CPU per call (user + system ÷ calls). Steps build up from Effect's HttpClient to our
 * `getConversation` (which JIT-compiles its decoder, see core's runtime/prepared.ts); the last row
 * is Effect's HttpClient with that compiled decoder, the floor our runtime adds policy to.
 */
import { ConversationResponse, getConversation, UltraCartClient } from "@uc-conversation/core"
import { Duration, Effect, Layer, ManagedRuntime, Schedule, Schema } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import { oursOptions } from "../clients/ours.ts"
import { conversationResponse, SINGLE_MESSAGES, SINGLE_UUID } from "../fixtures/conversation.ts"
import { median } from "../harness/stats.ts"
import { childConfig, log, writeResult } from "./child.ts"

const CALLS = 3000
const ROUNDS = 5
const BASE_URL = "http://127.0.0.1:9/rest/v2"
const body = JSON.stringify(conversationResponse(SINGLE_MESSAGES))
const inMemory = HttpClient.make((request) =>
  Effect.succeed(
    HttpClientResponse.fromWeb(
      request,
      new Response(body, { headers: { "content-type": "application/json" } })
    )
  )
)
const http = Layer.succeed(HttpClient.HttpClient, inMemory)
const runtime = ManagedRuntime.make(
  Layer.merge(http, UltraCartClient.layer(oursOptions(BASE_URL)).pipe(Layer.provide(http)))
)
const url = `${BASE_URL}/conversation/conversations/${SINGLE_UUID}`
const decode = Schema.decodeUnknownEffect(ConversationResponse)
const fetchText = Effect.gen(function* () {
  const client = yield* HttpClient.HttpClient
  const response = yield* client.execute(HttpClientRequest.get(url, { acceptJson: true }))
  return JSON.parse(yield* response.text) as unknown
})
const decoded = Effect.flatMap(fetchText, decode)
const ours = () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID }))

const spanned = decoded.pipe(Effect.withSpan("getConversation"))
const timed = decoded.pipe(
  Effect.timeoutOrElse({ duration: Duration.seconds(60), orElse: () => Effect.fail("timeout") }),
  Effect.withSpan("getConversation")
)
const retried = decoded.pipe(
  Effect.timeoutOrElse({ duration: Duration.seconds(60), orElse: () => Effect.fail("timeout") }),
  Effect.retry({ schedule: Schedule.exponential(500), times: 2 }),
  Effect.withSpan("getConversation")
)

/** Cumulative: each indented step adds one thing to the step above it. */
const steps: Array<readonly [string, () => Promise<unknown>]> = [
  [
    "new Response(body).text() + JSON.parse, no Effect",
    async () => JSON.parse(await new Response(body).text())
  ],
  ["Effect HttpClient.execute + text + JSON.parse", () => runtime.runPromise(fetchText)],
  ["  + Schema.decodeUnknownEffect", () => runtime.runPromise(decoded)],
  ["  + Effect.withSpan", () => runtime.runPromise(spanned)],
  ["  + Effect.timeoutOrElse (60 s)", () => runtime.runPromise(timed)],
  ["  + Effect.retry (exponential, 2 times)", () => runtime.runPromise(retried)],
  [
    "ours: getConversation, retry disabled",
    () => runtime.runPromise(getConversation({ conversation_uuid: SINGLE_UUID }, { retry: false }))
  ],
  ["ours: getConversation (defaults)", ours]
]

const cpuPerCall = async (run: () => Promise<unknown>): Promise<number> => {
  const start = process.cpuUsage()
  for (let i = 0; i < CALLS; i++) await run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / CALLS
}

const measure = async (list: ReadonlyArray<readonly [string, () => Promise<unknown>]>) => {
  const samples = new Map<string, Array<number>>(list.map(([name]) => [name, []]))
  for (const [, run] of list) await cpuPerCall(run)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of list) samples.get(name)?.push(await cpuPerCall(run))
  }
  return list.map(([name]) => ({ name, cpuMicros: samples.get(name) ?? [] }))
}

const config = childConfig()
const results = await measure(steps)
// Enabling JIT is global and one-way for decoders created afterwards, so it runs last. (ours
// enabled it on its first call already; the interpreted decoder above had captured its parser.)
SchemaJITCompiler.enable(ConversationResponse.ast)
const jitDecode = Schema.decodeUnknownEffect(ConversationResponse)
results.push(
  ...(await measure([
    [
      "what-if: Effect HttpClient + JIT-compiled decode, no policy (the floor ours builds on)",
      () => runtime.runPromise(Effect.flatMap(fetchText, jitDecode))
    ]
  ]))
)
await runtime.dispose()
for (const r of results) log(`${r.name}: ${median(r.cpuMicros).toFixed(1)} µs/call`)
writeResult(config, { calls: CALLS, steps: results })
