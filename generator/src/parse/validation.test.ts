import { createHash } from "node:crypto"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  bundleExternalRefs,
  loadDocumentSync,
  validationCacheKey,
  validationFileKey,
  writeCachedValidation
} from "@uc-conversation/spec"
import { afterAll, describe, expect, it } from "vitest"
import { fixture } from "../../test/support.ts"
import { GeneratorError } from "../diagnostics.ts"
import { generate } from "../generate.ts"
import { lintRules, startValidator } from "./validateInWorker.ts"

const scratch = mkdtempSync(join(tmpdir(), "uc-generate-validation-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

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

  it("finds a verdict by the file's bytes, and stores one for a document that refers to no other file by them", async () => {
    const cache = join(scratch, "by-bytes")
    const file = fixture("enums.yaml")
    const bytesKey = validationFileKey(
      createHash("sha256").update(readFileSync(file)).digest("hex"),
      lintRules
    )
    await generate({ spec: file, validationCache: cache })
    expect(readdirSync(cache)).toEqual([`${bytesKey}.json`])
    writeCachedValidation(cache, bytesKey, {
      valid: true,
      errors: [],
      warnings: [{ pointer: "/info", message: "planted by the bytes" }],
      unlisted: 0
    })
    const cached = await generate({ spec: file, validationCache: cache })
    expect(cached.warnings.map((w) => w.message)).toContain("planted by the bytes")
  })

  it("stores the verdict on a document with external $refs by the bundled document, not by the file's bytes", async () => {
    const cache = join(scratch, "external")
    const file = fixture("external-ref.yaml")
    await generate({ spec: file, validationCache: cache })
    const bundled = bundleExternalRefs(file, loadDocumentSync(file).doc).doc
    expect(readdirSync(cache)).toEqual([`${validationCacheKey(bundled, lintRules)}.json`])
  })

  it("takes a validator started before the generation (what the CLI does with --no-cache)", async () => {
    const plain = await generate({ spec: fixture("params.yaml") })
    const early = await generate({ spec: fixture("params.yaml"), validator: startValidator() })
    expect([...early.files]).toEqual([...plain.files])
    expect(early.warnings).toEqual(plain.warnings)
    const invalid = fixture("invalid/validator-errors.yaml")
    const failure = await generate({ spec: invalid, validator: startValidator() }).catch((e: unknown) => e)
    expect((failure as GeneratorError).pointer).toBe("#/paths/~1a/get/responses/200")
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
