/**
 * A small seeded PRNG (mulberry32). The seed data must be identical on every run and every
 * runtime, so nothing in seeding may touch Math.random or the wall clock.
 */
export interface Prng {
  /** A float in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max], both inclusive. */
  readonly int: (min: number, max: number) => number
  /** One element of a non-empty list. */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** True with the given probability. */
  readonly chance: (probability: number) => boolean
  /** A version-4-shaped UUID drawn from the stream. */
  readonly uuid: () => string
}

/** A PRNG stream for `seed`; the same seed always yields the same sequence. */
export const makePrng = (seed: number): Prng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <A>(items: ReadonlyArray<A>): A => {
    const item = items[int(0, items.length - 1)]
    if (item === undefined) throw new Error("pick from an empty list")
    return item
  }
  const hex = (digits: number): string => {
    let out = ""
    for (let i = 0; i < digits; i++) out += int(0, 15).toString(16)
    return out
  }
  const uuid = (): string =>
    `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`
  return { next, int, pick, chance: (p) => next() < p, uuid }
}
