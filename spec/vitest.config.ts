import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // the CLI tests start real processes (node, and java for the JAR); under a loaded machine they need headroom
    testTimeout: 60_000
  }
})
