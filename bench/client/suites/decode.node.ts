/**
 * Decoding cost: a ConversationResponse with 1,000 messages. JSON.parse alone against
 * JSON.parse plus our generated schema (Schema.decodeUnknownSync), and, for reference, plus the
 * typescript-fetch client's FromJSON mapping. Variants alternate within each round.
 */
import { ConversationResponse } from "@uc-conversation/core"
import { Schema } from "effect"
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
const decode = Schema.decodeUnknownSync(ConversationResponse)
// The interpreted decoder must run once before JIT is enabled: decoders keep the parser they
// first resolved, so this one stays interpreted while the next one is compiled.
decode(JSON.parse(text))
SchemaJITCompiler.enable(ConversationResponse.ast)
const decodeJit = Schema.decodeUnknownSync(ConversationResponse)
const peer = (await import(String(config.tsFetchBundleUrl))) as PeerModels

const variants: ReadonlyArray<readonly [string, () => unknown]> = [
  ["JSON.parse", () => JSON.parse(text)],
  ["JSON.parse + ours (Schema.decodeUnknownSync)", () => decode(JSON.parse(text))],
  ["JSON.parse + ours with SchemaJITCompiler.enable (what-if)", () => decodeJit(JSON.parse(text))],
  ["JSON.parse + typescript-fetch FromJSON", () => peer.ConversationResponseFromJSON(JSON.parse(text))]
]

// The decoded value must really be the conversation, or the timing means nothing.
for (const run of [decode, decodeJit]) {
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
