/**
 * Runs every client of one runtime through the same load schedule, side by side in one
 * process: for each operation and concurrency, every client gets a warm-up, then `rounds`
 * timed runs with the client order rotated each round so no side always goes first.
 * Runtime-neutral (Node, Bun, Deno).
 */
import { type BenchClient, type Operation, verifyClient } from "../clients/client.ts"
import { type LoadResult, runLoad } from "../harness/load.ts"

/** How long and how often to run. */
export interface ThroughputSettings {
  readonly operations: ReadonlyArray<Operation>
  readonly concurrencies: ReadonlyArray<number>
  readonly rounds: number
  readonly warmupMs: number
  readonly durationMs: number
  readonly maxRequests: number
}

/** Defaults sized so the whole Node suite (5 clients) stays near two minutes on 2 cores. */
export const defaultThroughputSettings: ThroughputSettings = {
  operations: ["getConversation", "getConversations"],
  concurrencies: [1, 16, 64],
  rounds: 7,
  warmupMs: 250,
  durationMs: 400,
  maxRequests: 50_000
}

/** Every timed run of one client at one operation and concurrency. */
export interface ThroughputCell {
  readonly client: string
  readonly operation: Operation
  readonly concurrency: number
  readonly runs: ReadonlyArray<LoadResult>
}

/** Verifies every client, then runs the schedule. */
export const runThroughput = async (
  clients: ReadonlyArray<BenchClient>,
  settings: ThroughputSettings,
  log: (line: string) => void
): Promise<Array<ThroughputCell>> => {
  for (const client of clients) await verifyClient(client)
  const cells: Array<ThroughputCell> = []
  for (const operation of settings.operations) {
    for (const concurrency of settings.concurrencies) {
      const runs = new Map<string, Array<LoadResult>>(clients.map((c) => [c.name, []]))
      for (const client of clients) {
        await runLoad(client[operation], {
          concurrency,
          durationMs: settings.warmupMs,
          maxRequests: settings.maxRequests
        })
      }
      for (let round = 0; round < settings.rounds; round++) {
        for (let i = 0; i < clients.length; i++) {
          const client = clients[(i + round) % clients.length]
          if (client === undefined) continue
          const bounds = { concurrency, durationMs: settings.durationMs, maxRequests: settings.maxRequests }
          runs.get(client.name)?.push(await runLoad(client[operation], bounds))
        }
      }
      for (const client of clients) {
        const clientRuns = runs.get(client.name) ?? []
        cells.push({ client: client.name, operation, concurrency, runs: clientRuns })
        const rps = clientRuns.map((r) => Math.round(r.rps)).join(" ")
        log(`${operation} c=${concurrency} ${client.name}: ${rps} req/s`)
      }
    }
  }
  return cells
}
