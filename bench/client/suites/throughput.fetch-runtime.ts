/** Bun and Deno throughput suite: the runtime's raw fetch against our client through that runtime's adapter. */
import process from "node:process"
import { oursAdapterClient } from "../clients/ours-adapter.ts"
import { rawFetchClient } from "../clients/raw-fetch.ts"
import { childConfig, log, writeResult } from "./child.ts"
import { defaultThroughputSettings, runThroughput } from "./throughput-runner.ts"

const runtime =
  process.versions.bun !== undefined
    ? `bun ${process.versions.bun}`
    : process.versions.deno !== undefined
      ? `deno ${process.versions.deno}`
      : `node ${process.version}`
const config = childConfig()
const clients = [rawFetchClient(config.baseUrl), await oursAdapterClient(config.baseUrl)]
const cells = await runThroughput(clients, defaultThroughputSettings, log)
for (const client of clients) await client.close?.()
writeResult(config, { runtime, settings: defaultThroughputSettings, cells })
