/** Per-call latency samples, summarised for the sequential-latency suite. */
import type { Operation } from "../clients/client.ts"
import { quantile } from "./stats.ts"

/** How many calls, per client. */
export interface SequentialSettings {
  readonly warmupCalls: number
  readonly rounds: number
  readonly calls: Readonly<Record<Operation, number>>
  /** A round stops early after this long (bounds the suite on a slow or loaded machine). */
  readonly roundLimitMs: number
}

/** One round's percentiles, in microseconds. */
export interface LatencyRound {
  readonly p50: number
  readonly p99: number
}

/** Latency of one client at one operation, in microseconds. */
export interface LatencySummary {
  /** Timed calls, every round together. */
  readonly calls: number
  /** Percentiles over every timed call of every round (nearest rank). */
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly rounds: ReadonlyArray<LatencyRound>
}

/** Summarises per-round samples (µs); the pooled percentiles take every round together. */
export const summariseLatency = (rounds: ReadonlyArray<ReadonlyArray<number>>): LatencySummary => {
  const all = rounds.flat()
  return {
    calls: all.length,
    p50: quantile(all, 0.5),
    p90: quantile(all, 0.9),
    p99: quantile(all, 0.99),
    max: all.length === 0 ? Number.NaN : Math.max(...all),
    rounds: rounds.map((samples) => ({ p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) }))
  }
}
