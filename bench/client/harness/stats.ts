/** Summary statistics over repeated benchmark runs. */

/** Median, minimum and maximum of a set of samples. */
export interface Spread {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: number
}

const sorted = (values: ReadonlyArray<number>): Array<number> => [...values].sort((a, b) => a - b)

/** The q-quantile (0..1) of `values` by nearest rank; NaN for an empty set. */
export const quantile = (values: ReadonlyArray<number>, q: number): number => {
  if (values.length === 0) return Number.NaN
  const s = sorted(values)
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))
  return s[rank] ?? Number.NaN
}

/** The median, interpolating between the two middle values of an even-sized set. */
export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const s = sorted(values)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

/** Median, min and max of `values`. */
export const spread = (values: ReadonlyArray<number>): Spread => {
  const s = sorted(values)
  return { median: median(s), min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN, runs: s.length }
}

/** `a / b`, or NaN when b is not a positive finite number. */
export const ratio = (a: number, b: number): number => (Number.isFinite(b) && b > 0 ? a / b : Number.NaN)
