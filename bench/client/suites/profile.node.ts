/**
 * Where our client spends its time: one client drives a fixed-time load at concurrency 64
 * while the V8 profiler runs (node:inspector, started after a warm-up so module loading and
 * JIT warm-up stay out of it); the profile goes to `profileFile` for the orchestrator to summarise.
 */
import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { clientByKey } from "../clients/by-key.ts"
import { runLoad } from "../harness/load.ts"
import { childConfig, writeResult } from "./child.ts"

const config = childConfig()
const client = clientByKey(config.client, config.baseUrl)
const operation = config.operation === "getConversations" ? "getConversations" : "getConversation"
await runLoad(client[operation], { concurrency: 64, durationMs: 1000, maxRequests: 100_000 })

const session = new Session()
session.connect()
await session.post("Profiler.enable")
await session.post("Profiler.start")
const run = await runLoad(client[operation], {
  concurrency: 64,
  durationMs: Number(config.durationMs ?? 3000),
  maxRequests: 1_000_000
})
const { profile } = await session.post("Profiler.stop")
session.disconnect()
writeFileSync(String(config.profileFile), JSON.stringify(profile))
await client.close?.()
writeResult(config, { client: client.name, operation, rps: run.rps })
