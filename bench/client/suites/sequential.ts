/**
 * The headline suite: sequential latency, the way UltraCart lets an application work (one request
 * at a time per application). Runs unchanged on Node, Bun and Deno. In one process: raw fetch +
 * JSON.parse (the baseline), our client through the runtime's adapter with the rate-limit
 * scheduler on (see SCHEDULED in clients/ours.ts), on Node also core + FetchHttpClient and core +
 * FetchTransport, and a
 * what-if of the adapter with `rateLimit: "off"` to show the scheduler's own share.
 *
 * Calls are interleaved one by one: every iteration calls each client once, the order rotated
 * every iteration, so each client's samples and raw fetch's come from the same moments. Each
 * call is timed alone with `performance.now()` (the whole `await`: request, body, decoding).
 */
import process from "node:process"
import { type BenchClient, type Operation, verifyClient } from "../clients/client.ts"
import { oursFetchClient, oursFetchTransportClient, SCHEDULED } from "../clients/ours.ts"
import { adapterName, oursAdapterClient } from "../clients/ours-adapter.ts"
import { rawFetchClient } from "../clients/raw-fetch.ts"
import { type LatencySummary, type SequentialSettings, summariseLatency } from "../harness/latency.ts"
import { childConfig, log, runtimeLabel, writeResult } from "./child.ts"

/** Defaults sized so the three runtimes together take about two and a half minutes on 2 cores. */
const defaults: SequentialSettings = {
  warmupCalls: 300,
  rounds: 5,
  calls: { getConversation: 1500, getConversations: 600 },
  roundLimitMs: 10_000
}

const runtime = runtimeLabel()
const config = childConfig()
/** `settings` in the config overrides the defaults (for a quick check by hand). */
const settings: SequentialSettings = { ...defaults, ...(config.settings as Partial<SequentialSettings>) }
const raw = rawFetchClient(config.baseUrl)
const scheduled: Array<BenchClient> = [await oursAdapterClient(config.baseUrl, SCHEDULED)]
if (process.versions.bun === undefined && process.versions.deno === undefined) {
  scheduled.push(oursFetchClient(config.baseUrl, "ours (core + FetchHttpClient)", SCHEDULED))
  scheduled.push(oursFetchTransportClient(config.baseUrl, "ours (core + FetchTransport)", SCHEDULED))
}
const unscheduled = await oursAdapterClient(
  config.baseUrl,
  "off",
  `what-if: ${adapterName()}, rateLimit "off"`
)
const clients: Array<BenchClient> = [raw, ...scheduled, unscheduled]

/** Calls made through a scheduled client, to check against what its scheduler counted. */
let scheduledCalls = 0
const isScheduled = (client: BenchClient) => scheduled.includes(client)

for (const client of clients) {
  await verifyClient(client)
  if (isScheduled(client)) scheduledCalls += 2
}

const cells: Array<{ client: string; operation: Operation; latency: LatencySummary }> = []
const now = () => performance.now()
for (const operation of ["getConversation", "getConversations"] as const) {
  for (let i = 0; i < settings.warmupCalls; i++) {
    for (const client of clients) await client[operation]()
  }
  scheduledCalls += settings.warmupCalls * scheduled.length
  const samples = clients.map(() => Array.from({ length: settings.rounds }, (): Array<number> => []))
  for (let round = 0; round < settings.rounds; round++) {
    const deadline = now() + settings.roundLimitMs
    for (let i = 0; i < settings.calls[operation] && now() < deadline; i++) {
      for (let k = 0; k < clients.length; k++) {
        const index = (i + k) % clients.length
        const client = clients[index]
        if (client === undefined) continue
        const t0 = now()
        await client[operation]()
        samples[index]?.[round]?.push((now() - t0) * 1000)
        if (isScheduled(client)) scheduledCalls++
      }
    }
  }
  clients.forEach((client, index) => {
    const latency = summariseLatency(samples[index] ?? [])
    cells.push({ client: client.name, operation, latency })
    log(
      `${operation} ${client.name}: p50 ${latency.p50.toFixed(0)} µs, p99 ${latency.p99.toFixed(0)} µs (${latency.calls} calls)`
    )
  })
}

// The scheduler really ran: it admitted and counted every call of the scheduled clients (they
// share one scheduler: same key and base URL), one at a time.
const budget = await scheduled[0]?.budget?.()
if (
  budget === undefined ||
  !budget.enabled ||
  budget.maxConcurrent !== 1 ||
  budget.usedLastDay !== scheduledCalls
) {
  throw new Error(
    `scheduler budget ${JSON.stringify(budget)} does not match ${scheduledCalls} scheduled calls`
  )
}
for (const client of clients) await client.close?.()
writeResult(config, {
  runtime,
  settings,
  scheduler: { option: SCHEDULED, maxConcurrent: budget.maxConcurrent, counted: budget.usedLastDay },
  cells
})
