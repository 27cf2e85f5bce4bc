/**
 * The one timeout policy of every vitest suite. Timeouts here detect a hang; they never measure
 * speed (speed lives in bench/). `npm test` runs the whole turbo graph on two cores, where a
 * socket test that takes 0.2 s alone took 10-37 s at load 15, so the bound is generous: a test
 * that has not finished in five minutes is stuck, not slow.
 */
export const hangTimeouts = { testTimeout: 300_000, hookTimeout: 300_000 } as const
