import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Bun and Deno suites run in their own runtimes (test:bun, test:deno).
    exclude: ["**/node_modules/**", "**/*.bun.test.ts", "**/*.deno.test.ts"]
  }
})
