import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../../vitest.shared.ts"

export default defineConfig({
  test: {
    ...hangTimeouts,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Bun and Deno suites run in their own runtimes (test:bun, test:deno).
    exclude: ["**/node_modules/**", "**/*.bun.test.ts", "**/*.deno.test.ts"]
  }
})
