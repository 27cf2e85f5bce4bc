/**
 * Bun and Deno throughput suite: the runtime's raw fetch against our client through that runtime's
 * adapter, with Effect's bare FetchHttpClient beside them to show which share of the gap is Effect's.
 */
import { effectFloorClient } from "../clients/effect-floor.ts"
import { oursAdapterClient } from "../clients/ours-adapter.ts"
import { rawFetchClient } from "../clients/raw-fetch.ts"
import { childConfig, log, runtimeLabel, writeResult } from "./child.ts"
import { defaultThroughputSettings, runThroughput } from "./throughput-runner.ts"

const runtime = runtimeLabel()
const config = childConfig()
const clients = [
  rawFetchClient(config.baseUrl),
  effectFloorClient(config.baseUrl),
  await oursAdapterClient(config.baseUrl)
]
const cells = await runThroughput(clients, defaultThroughputSettings, log)
for (const client of clients) await client.close?.()
writeResult(config, { runtime, settings: defaultThroughputSettings, cells })
