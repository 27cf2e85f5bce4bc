import { defineConfig } from "vitest/config"
import { hangTimeouts } from "../../vitest.shared.ts"

export default defineConfig({
  test: { ...hangTimeouts, include: ["test/**/*.test.ts"] }
})
