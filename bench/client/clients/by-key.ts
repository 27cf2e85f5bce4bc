/** Node clients by the short keys the orchestrator passes to single-client suites. */
import type { BenchClient } from "./client.ts"
import { effectFloorClient } from "./effect-floor.ts"
import { oursFetchClient } from "./ours.ts"
import { oursNodeClient, oursNodeUndiciClient } from "./ours-node.ts"
import { rawFetchClient } from "./raw-fetch.ts"
import { rawUndiciClient } from "./raw-undici.ts"

const makers: Readonly<Record<string, (baseUrl: string) => BenchClient>> = {
  "effect-floor": effectFloorClient,
  "ours-node": oursNodeClient,
  "ours-node-undici": oursNodeUndiciClient,
  "ours-fetch": oursFetchClient,
  "raw-fetch": rawFetchClient,
  "raw-undici": rawUndiciClient
}

/** The client named by `key` (ours-node, ours-node-undici, ours-fetch, effect-floor, raw-fetch, raw-undici) against `baseUrl`. */
export const clientByKey = (key: unknown, baseUrl: string): BenchClient => {
  const make = makers[String(key)]
  if (make === undefined)
    throw new Error(`unknown client ${String(key)}; known: ${Object.keys(makers).join(", ")}`)
  return make(baseUrl)
}
