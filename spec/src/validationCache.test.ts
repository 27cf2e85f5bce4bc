import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import {
  defaultValidationCacheDir,
  readCachedValidation,
  validationCacheKey,
  validationFileKey,
  writeCachedValidation
} from "./validationCache.ts"
import type { ValidatorResult } from "./validator.ts"

const dir = mkdtempSync(join(tmpdir(), "uc-validation-cache-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const doc = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} }
const passed: ValidatorResult = {
  valid: true,
  errors: [],
  warnings: [{ pointer: "/paths", message: "a finding" }],
  unlisted: 0
}

describe("the validator's verdict cache", () => {
  it("keys on the document and on the rules", () => {
    const key = validationCacheKey(doc, ["array-without-items"])
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(validationCacheKey(doc, ["array-without-items"])).toBe(key)
    expect(
      validationCacheKey({ ...doc, info: { title: "u", version: "1" } }, ["array-without-items"])
    ).not.toBe(key)
    expect(validationCacheKey(doc, [])).not.toBe(key)
  })

  it("keys a file's verdict on its bytes' hash and on the rules, apart from any document's key", () => {
    const sha = "a".repeat(64)
    const key = validationFileKey(sha, ["array-without-items"])
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(validationFileKey(sha, ["array-without-items"])).toBe(key)
    expect(validationFileKey("b".repeat(64), ["array-without-items"])).not.toBe(key)
    expect(validationFileKey(sha, [])).not.toBe(key)
    expect(validationCacheKey(doc, ["array-without-items"])).not.toBe(key)
  })

  it("gives back a stored passing verdict", () => {
    const key = validationCacheKey(doc, [])
    expect(readCachedValidation(dir, key)).toBeUndefined()
    writeCachedValidation(dir, key, passed)
    expect(readCachedValidation(dir, key)).toEqual(passed)
  })

  it("never stores a failing verdict", () => {
    const key = validationCacheKey({ ...doc, paths: { "/x": {} } }, [])
    writeCachedValidation(dir, key, {
      valid: false,
      errors: [{ pointer: "", message: "bad" }],
      warnings: [],
      unlisted: 0
    })
    expect(readCachedValidation(dir, key)).toBeUndefined()
    expect(readdirSync(dir).filter((f) => f.startsWith(key))).toEqual([])
  })

  it("treats an unreadable or foreign entry as no entry", () => {
    const key = validationCacheKey({ ...doc, openapi: "3.0.3" }, [])
    writeFileSync(join(dir, `${key}.json`), "{not json")
    expect(readCachedValidation(dir, key)).toBeUndefined()
    writeFileSync(join(dir, `${key}.json`), JSON.stringify({ valid: false, warnings: [] }))
    expect(readCachedValidation(dir, key)).toBeUndefined()
  })

  it("lives in UC_CONVERSATION_CACHE_DIR, else the user's cache directory", () => {
    const before = process.env.UC_CONVERSATION_CACHE_DIR
    try {
      process.env.UC_CONVERSATION_CACHE_DIR = "/somewhere"
      expect(defaultValidationCacheDir()).toBe("/somewhere/validated")
      delete process.env.UC_CONVERSATION_CACHE_DIR
      expect(defaultValidationCacheDir()).toMatch(/uc-conversation\/validated$/)
    } finally {
      if (before === undefined) delete process.env.UC_CONVERSATION_CACHE_DIR
      else process.env.UC_CONVERSATION_CACHE_DIR = before
    }
  })
})
