/**
 * Memory: RSS after 10,000 requests at concurrency 64 against RSS after a warm-up, both after
 * a forced GC (run with --expose-gc). The static server counts what it answered: none may be lost.
 */
import { clientByKey } from "../clients/by-key.ts"
import { runLoad } from "../harness/load.ts"
import { childConfig, log, writeResult } from "./child.ts"

// RSS climbs for the first 20–30k requests of this load while V8 and malloc size their pools:
// raw undici and raw fetch do the same, with the JS heap and V8's committed heap flat. Runs with a
// 20k warm-up sometimes still caught the last ~25 MiB of that climb in the measured batch, so the
// warm-up is 30k. The report also shows RSS before the warm-up, so nothing is hidden.
const WARMUP = 30_000
const REQUESTS = 10_000
const CONCURRENCY = 64

const config = childConfig()
const origin = new URL(config.baseUrl).origin
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run with --expose-gc")

const settle = async (): Promise<NodeJS.MemoryUsage> => {
  // Two passes with a turn of the event loop between them let finalizers and weak refs clear.
  gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  gc()
  return process.memoryUsage()
}

const serverCount = async (): Promise<number> =>
  ((await (await fetch(`${origin}/__count`)).json()) as { count: number }).count
const serverReset = async (): Promise<void> => {
  await (await fetch(`${origin}/__reset`, { method: "POST" })).arrayBuffer()
}

const client = clientByKey(config.client, config.baseUrl)
const bounds = (maxRequests: number) => ({ concurrency: CONCURRENCY, durationMs: 120_000, maxRequests })

const snapshot = (usage: NodeJS.MemoryUsage) => ({
  rss: usage.rss,
  arrayBuffers: usage.arrayBuffers,
  heapUsed: usage.heapUsed,
  heapTotal: usage.heapTotal,
  external: usage.external
})

/** One counted batch: the server's counter is reset first, so `answered` is this batch's. */
const batch = async () => {
  await serverReset()
  const run = await runLoad(client.getConversation, bounds(REQUESTS))
  const answered = await serverCount()
  return { completed: run.requests, answered, seconds: run.seconds, memory: snapshot(await settle()) }
}

await runLoad(client.getConversation, bounds(100))
const start = snapshot(await settle())
await runLoad(client.getConversation, bounds(WARMUP))
const before = snapshot(await settle())
const measured = await batch()
// Two more batches show whether RSS keeps climbing (a leak) or has settled (allocator noise).
const later = [await batch(), await batch()]
await client.close?.()
log(
  `${client.name}: ${measured.completed} sent, ${measured.answered} answered, RSS ${(before.rss / 2 ** 20).toFixed(1)} -> ${(measured.memory.rss / 2 ** 20).toFixed(1)} -> ${later
    .map((b) => (b.memory.rss / 2 ** 20).toFixed(1))
    .join(" -> ")} MB`
)
writeResult(config, {
  client: client.name,
  concurrency: CONCURRENCY,
  warmup: WARMUP,
  completed: measured.completed,
  answered: measured.answered,
  seconds: measured.seconds,
  start,
  before,
  after: measured.memory,
  later
})
