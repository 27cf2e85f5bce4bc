/**
 * A closed-loop load generator that runs unchanged on Node, Bun and Deno: `concurrency`
 * workers each await one request at a time until a request budget or a time budget runs out.
 */
import process from "node:process"
import { quantile } from "./stats.ts"

/** What one timed run measured. */
export interface LoadResult {
  readonly requests: number
  readonly seconds: number
  /** Completed requests per second. */
  readonly rps: number
  /** Per-request latency percentiles, in milliseconds. */
  readonly p50: number
  readonly p99: number
  /**
   * This process's CPU time (user + system) per completed request, in microseconds. Unlike
   * req/s it barely moves when other work shares the machine, so it is the steadier comparison.
   */
  readonly cpuMicrosPerRequest: number
}

/** Bounds of one run: whichever of the two is reached first ends it. */
export interface LoadBounds {
  readonly concurrency: number
  readonly durationMs: number
  readonly maxRequests: number
}

/** Runs `call` in a closed loop and measures throughput and latency. Any failure aborts the run. */
export const runLoad = async (call: () => Promise<unknown>, bounds: LoadBounds): Promise<LoadResult> => {
  const latencies = new Float64Array(bounds.maxRequests)
  let issued = 0
  let completed = 0
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  const deadline = start + bounds.durationMs
  const worker = async (): Promise<void> => {
    while (issued < bounds.maxRequests && performance.now() < deadline) {
      issued++
      const t0 = performance.now()
      await call()
      latencies[completed++] = performance.now() - t0
    }
  }
  await Promise.all(Array.from({ length: bounds.concurrency }, worker))
  const seconds = (performance.now() - start) / 1000
  const cpu = process.cpuUsage(cpuStart)
  const samples = Array.from(latencies.subarray(0, completed))
  return {
    requests: completed,
    seconds,
    rps: completed / seconds,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, completed)
  }
}
