import { defineConfig } from "vitest/config"

// The code under test lives in scripts/ecosystem (release:dry runs it from a scratch copy too).
export default defineConfig({
  test: {
    root: "../../scripts/ecosystem",
    include: ["*.test.ts"],
    testTimeout: 120_000
  }
})
