import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Real sockets under load: `npm test` runs every suite of the turbo graph at once on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
