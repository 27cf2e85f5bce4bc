/** Node throughput suite: raw undici, raw fetch, typescript-fetch and our client (Node adapter over fetch and undici, core over FetchHttpClient), side by side. */
import type { BenchClient } from "../clients/client.ts"
import { oursFetchClient } from "../clients/ours.ts"
import { oursNodeClient, oursNodeUndiciClient } from "../clients/ours-node.ts"
import { rawFetchClient } from "../clients/raw-fetch.ts"
import { rawUndiciClient } from "../clients/raw-undici.ts"
import { typescriptFetchClient } from "../clients/typescript-fetch.ts"
import { childConfig, log, writeResult } from "./child.ts"
import { defaultThroughputSettings, runThroughput } from "./throughput-runner.ts"

const config = childConfig()
const clients: Array<BenchClient> = [
  rawUndiciClient(config.baseUrl),
  rawFetchClient(config.baseUrl),
  await typescriptFetchClient(String(config.tsFetchBundle), config.baseUrl),
  oursNodeClient(config.baseUrl),
  oursNodeUndiciClient(config.baseUrl),
  oursFetchClient(config.baseUrl)
]
const cells = await runThroughput(clients, defaultThroughputSettings, log)
for (const client of clients) await client.close?.()
writeResult(config, { runtime: `node ${process.version}`, settings: defaultThroughputSettings, cells })
