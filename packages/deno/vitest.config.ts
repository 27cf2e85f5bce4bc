import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Bun and Deno suites run in their own runtimes (test:bun, test:deno).
    exclude: ["**/node_modules/**", "**/*.bun.test.ts", "**/*.deno.test.ts"],
    // Real sockets to the mock server; `npm test` runs many suites at once on two cores.
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
