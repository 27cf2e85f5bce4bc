import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["*.test.ts"],
    // The fixture suite copies the repo and runs the generator and tsc per case.
    testTimeout: 300_000,
    hookTimeout: 300_000
  }
})
