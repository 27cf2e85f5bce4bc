import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { loadDocumentSync, validationCacheKey, writeCachedValidation } from "@uc-conversation/spec"
import { afterAll, describe, expect, it } from "vitest"
import { fixture } from "../../test/support.ts"
import { GeneratorError } from "../diagnostics.ts"
import { generate } from "../generate.ts"

const scratch = mkdtempSync(join(tmpdir(), "uc-generate-validation-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// The rules loadDocument turns into warnings; the cache key includes them.
const lintRules = [
  "path-parameters-not-in-parameters",
  "path-parameters-not-in-path",
  "duplicate-non-request-body-parameters",
  "non-optional-path-parameters",
  "array-without-items"
] as const

describe("validation beside generation", () => {
  it("reports the validator's verdict from the worker: same output, same warnings, with or without a cache", async () => {
    const cache = join(scratch, "same")
    const plain = await generate({ spec: fixture("params.yaml") })
    const cold = await generate({ spec: fixture("params.yaml"), validationCache: cache })
    const warm = await generate({ spec: fixture("params.yaml"), validationCache: cache })
    expect(readdirSync(cache)).toHaveLength(1)
    for (const run of [cold, warm]) {
      expect([...run.files]).toEqual([...plain.files])
      expect(run.warnings).toEqual(plain.warnings)
    }
  })

  it("takes a cached verdict instead of validating again (a planted one shows it is read)", async () => {
    const cache = join(scratch, "planted")
    const { doc } = loadDocumentSync(fixture("objects.yaml"))
    writeCachedValidation(cache, validationCacheKey(doc, lintRules), {
      valid: true,
      errors: [],
      warnings: [{ pointer: "/info", message: "planted in the cache" }],
      unlisted: 0
    })
    const cached = await generate({ spec: fixture("objects.yaml"), validationCache: cache })
    expect(cached.warnings.map((w) => w.message)).toContain("planted in the cache")
    const uncached = await generate({ spec: fixture("objects.yaml") })
    expect(uncached.warnings.map((w) => w.message)).not.toContain("planted in the cache")
  })

  it("refuses an invalid document with the validator's pointer, and never caches it", async () => {
    const cache = join(scratch, "invalid")
    const file = fixture("invalid/validator-errors.yaml")
    const failure = await generate({ spec: file, validationCache: cache }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(GeneratorError)
    expect((failure as GeneratorError).pointer).toBe("#/paths/~1a/get/responses/200")
    expect(() => readdirSync(cache)).toThrow()
  })
})
