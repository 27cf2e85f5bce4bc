import { defineConfig } from "vitest/config"

// Runs every package's suite from the root (`pnpm exec vitest`); turbo runs them per package.
export default defineConfig({
  test: {
    projects: ["spec", "generator", "packages/*", "apps/*", "scripts/release"]
  }
})
