import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../vitest.shared.ts"

export default defineConfig({
  test: {
    ...hangTimeouts,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The CLI caches validator verdicts; the tests' cache lives with their scratch output, never in ~/.cache.
    env: { UC_CONVERSATION_CACHE_DIR: ".tmp/test/cache" },
    globalSetup: ["./test/globalSetup.ts"]
  }
})
