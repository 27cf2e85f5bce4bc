import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DEFAULT_SPEC, loadDocumentSync } from "@uc-conversation/spec"
import { afterAll, describe, expect, it } from "vitest"
import { startMockServer } from "../index.ts"
import { dialectOf } from "./dialect.ts"

describe("the wire dialect comes from the spec", () => {
  it("reads UltraCart's error header and version header from the committed document", () => {
    const { doc } = loadDocumentSync(DEFAULT_SPEC)
    expect(dialectOf(doc)).toEqual({
      errorHeader: "UC-REST-ERROR",
      requiredHeaders: { "X-UltraCart-Api-Version": "2017-03-01" }
    })
  })

  // The same document with other names: if the mock typed either fact by hand, this would fail.
  const dir = mkdtempSync(join(tmpdir(), "uc-mock-dialect-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("serves whatever error header and required headers the document states", async () => {
    const { doc } = loadDocumentSync(DEFAULT_SPEC)
    const file = join(dir, "other-dialect.json")
    writeFileSync(
      file,
      JSON.stringify({ ...doc, "x-uc-error-header": "X-Why", "x-uc-default-headers": { "X-Api-Level": "7" } })
    )
    const mock = await startMockServer({ port: 0, specPath: file, rateLimit: "off" })
    try {
      expect(mock.requiredHeaders).toEqual({ "X-Api-Level": "7" })
      const keepAlive = (headers: Record<string, string>) =>
        fetch(`${mock.baseUrl}/conversation/agent/keepalive`, {
          headers: { "x-ultracart-simple-key": mock.simpleKey, ...headers }
        })
      const missing = await keepAlive({ "X-UltraCart-Api-Version": "2017-03-01" })
      expect(missing.status).toBe(400)
      expect(missing.headers.get("x-why")).toBe("Missing X-Api-Level header; send 7.")
      expect(missing.headers.get("uc-rest-error")).toBeNull()
      const wrong = await keepAlive({ "X-Api-Level": "8" })
      expect(wrong.status).toBe(400)
      expect(wrong.headers.get("x-why")).toBe('Unsupported X-Api-Level "8"; send 7.')
      expect((await keepAlive({ "X-Api-Level": "7" })).status).toBe(204)
    } finally {
      await mock.close()
    }
  })
})
