/**
 * Where our client spends its time: run under `node --cpu-prof`, one client drives
 * `getConversation` at concurrency 64 for a fixed time; the orchestrator summarises the profile.
 */
import type { BenchClient } from "../clients/client.ts"
import { oursFetchClient } from "../clients/ours.ts"
import { oursNodeClient } from "../clients/ours-node.ts"
import { rawFetchClient } from "../clients/raw-fetch.ts"
import { runLoad } from "../harness/load.ts"
import { childConfig, writeResult } from "./child.ts"

const config = childConfig()
const makers: Record<string, (baseUrl: string) => BenchClient> = {
  "ours-node": oursNodeClient,
  "ours-fetch": oursFetchClient,
  "raw-fetch": rawFetchClient
}
const make = makers[String(config.client)]
if (make === undefined) throw new Error(`unknown client ${String(config.client)}`)
const client = make(config.baseUrl)
const operation = config.operation === "getConversations" ? "getConversations" : "getConversation"
await runLoad(client[operation], { concurrency: 64, durationMs: 500, maxRequests: 100_000 })
const run = await runLoad(client[operation], {
  concurrency: 64,
  durationMs: Number(config.durationMs ?? 3000),
  maxRequests: 1_000_000
})
await client.close?.()
writeResult(config, { client: client.name, operation, rps: run.rps })
