import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/globalSetup.ts"],
    // The scale test type-checks a 1.9 MB spec's output; tsc runs in a child process.
    testTimeout: 30_000
  }
})
