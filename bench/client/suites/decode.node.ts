/**
 * Decoding cost: a ConversationResponse with 1,000 messages. JSON.parse alone against JSON.parse
 * plus our generated schema as `execute` decodes it (SchemaJITCompiler enabled for the success
 * schema, then Schema.decodeUnknownResult), against the same schema interpreted (Effect's default
 * without the JIT), and, for reference, the typescript-fetch client's FromJSON mapping (which
 * renames keys and does not validate). Variants alternate within each round.
 */
import { ConversationResponse } from "@uc-conversation/core"
import { Result, Schema } from "effect"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import { conversationResponse } from "../fixtures/conversation.ts"
import { childConfig, log, writeResult } from "./child.ts"

interface PeerModels {
  readonly ConversationResponseFromJSON: (json: unknown) => unknown
}

const MESSAGES = 1000
const ROUNDS = 7
const ITERATIONS = 20

const config = childConfig()
const text = JSON.stringify(conversationResponse(MESSAGES))
const interpreted = Schema.decodeUnknownSync(ConversationResponse)
// The interpreted decoder must run once before JIT is enabled: decoders keep the parser they
// first resolved, so this one stays interpreted while the next one is compiled. This is what
// core's runtime/prepared.ts does for every operation's success schema.
interpreted(JSON.parse(text))
SchemaJITCompiler.enable(ConversationResponse.ast)
const compiled = Schema.decodeUnknownResult(ConversationResponse)
const decodeJit = (input: unknown): unknown => Result.getOrThrow(compiled(input))
const peer = (await import(String(config.tsFetchBundleUrl))) as PeerModels

const variants: ReadonlyArray<readonly [string, () => unknown]> = [
  ["JSON.parse", () => JSON.parse(text)],
  ["JSON.parse + ours (JIT-compiled schema, as execute decodes)", () => decodeJit(JSON.parse(text))],
  ["JSON.parse + the same schema interpreted (Effect's default)", () => interpreted(JSON.parse(text))],
  ["JSON.parse + typescript-fetch FromJSON", () => peer.ConversationResponseFromJSON(JSON.parse(text))]
]

// The decoded value must really be the conversation, or the timing means nothing.
for (const run of [interpreted, decodeJit]) {
  const decoded = run(JSON.parse(text)) as { conversation?: { messages?: ReadonlyArray<unknown> } }
  if (decoded.conversation?.messages?.length !== MESSAGES) throw new Error("decode lost messages")
}

let sink = 0
// CPU time, not wall time: the work is synchronous, and CPU time does not count the moments the
// OS gives this core to another process on a shared machine.
const timeOnce = (run: () => unknown): number => {
  const start = process.cpuUsage()
  for (let i = 0; i < ITERATIONS; i++) sink += run() === undefined ? 0 : 1
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / ITERATIONS
}
for (const [, run] of variants) timeOnce(run)
const samples = new Map<string, Array<number>>(variants.map(([name]) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of variants) samples.get(name)?.push(timeOnce(run))
}
for (const [name, ms] of samples) log(`${name}: ${ms.map((m) => m.toFixed(2)).join(" ")} ms`)
writeResult(config, {
  bytes: text.length,
  messages: MESSAGES,
  iterations: ITERATIONS,
  sink,
  variants: [...samples].map(([name, ms]) => ({ name, ms }))
})
