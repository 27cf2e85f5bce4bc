import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../../vitest.shared.ts"

export default defineConfig({
  test: {
    ...hangTimeouts,
    // e2e/*.test.ts: the harness's own tests; the browser scenario runs through `pnpm e2e`.
    include: ["src/**/*.test.ts", "e2e/**/*.test.ts"]
  }
})
