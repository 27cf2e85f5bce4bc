import { describe, expect, it } from "vitest"
import { generatorError } from "./spec-update.ts"

describe("generatorError", () => {
  it("picks uc-generate's error line out of pnpm's and turbo's noise", () => {
    const output = [
      "• turbo 2.11.11",
      " Tasks:    1 successful, 1 total",
      "$ uc-generate --spec ../../spec/conversation.openapi.yaml --out src/generated",
      "error UCG_E002 #: ENUM must be equal to one of the allowed values",
      "[ELIFECYCLE] Command failed with exit code 1."
    ].join("\n")
    expect(generatorError(output)).toBe("error UCG_E002 #: ENUM must be equal to one of the allowed values")
  })

  it("falls back to the last line", () => {
    expect(generatorError("building\nsegfault\n\n")).toBe("segfault")
    expect(generatorError("")).toBe("no output")
  })
})
