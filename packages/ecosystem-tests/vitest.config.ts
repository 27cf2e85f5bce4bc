import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../../vitest.shared.ts"

// The code under test lives in scripts/ecosystem (release:dry runs it from a scratch copy too).
export default defineConfig({
  test: {
    ...hangTimeouts,
    root: "../../scripts/ecosystem",
    include: ["*.test.ts"]
  }
})
