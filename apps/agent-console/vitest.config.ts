import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../../vitest.shared.ts"

export default defineConfig({
  test: {
    ...hangTimeouts,
    // e2e/*.test.ts: the harness's own tests and the simulated hour of a shift (shift.test.ts, in
    // Chromium; `test` runs it after the others, alone, so its hour of polls is not squeezed by
    // other files; its latency scales only waits, see simulatedLatency); the browser scenario on
    // the three runtimes runs through `pnpm e2e`.
    include: ["src/**/*.test.ts", "e2e/**/*.test.ts"]
  }
})
