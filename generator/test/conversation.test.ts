import { join } from "node:path"
import { listOperations, loadDocumentSync } from "@uc-conversation/spec"
import { describe, expect, it } from "vitest"
import { generate } from "../src/generate.ts"
import { checkOutput } from "../src/write/writeOutput.ts"
import { repoRoot } from "./support.ts"

const spec = join(repoRoot, "spec/conversation.openapi.yaml")

describe("the real conversation spec", () => {
  it("generates UltraCart's 141 operations and 180 schemas, matching the committed output; its one warning is the Error rename", async () => {
    const generated = await generate({ spec })
    // UltraCart's `Error` model would shadow the global Error: it is emitted as ErrorModel.
    expect(generated.warnings).toStrictEqual([
      {
        code: "UCG_W013",
        pointer: "#/components/schemas/Error",
        message: '"Error" is the name of a global; emitted as ErrorModel'
      }
    ])
    // Every operation of the document, in its order, read by the spec library, not by the generator.
    const inSpec = listOperations(loadDocumentSync(spec).doc).map((op) => op.id)
    expect(inSpec).toHaveLength(141)
    expect(generated.ir.operations.map((o) => o.operationId)).toStrictEqual(inSpec)
    expect(generated.ir.schemas).toHaveLength(180)
    const drift = await checkOutput(join(repoRoot, "packages/core/src/generated"), generated.files)
    expect(drift.diff).toBe("")
  })

  it("carries the x-uc extensions into the definitions and metadata", async () => {
    const { ir, files } = await generate({ spec })
    expect(ir.defaultHeaders).toStrictEqual({ "X-UltraCart-Api-Version": "2017-03-01" })
    expect(ir.errorMessageHeader).toBe("UC-REST-ERROR")
    const byId = new Map(ir.operations.map((o) => [o.operationId, o]))
    expect(byId.get("startConversation")?.retrySafe).toBe(false)
    expect(byId.get("getConversation")?.retrySafe).toBe(true)
    expect(byId.get("getConversations")?.pagination).toBeDefined()
    expect(byId.get("getAgentKeepAlive")?.success).toBeUndefined()
    expect(files.get("metadata.gen.ts")).toContain(
      'defaultHeaders: { "X-UltraCart-Api-Version": "2017-03-01" }'
    )
    const messages = files.get("operations/getConversationMessages.gen.ts") ?? ""
    expect(messages).toContain("since: Int64")
    expect(messages).toContain('{ name: "since", in: "path", required: true, explode: false }')
    const api = files.get("api.md") ?? ""
    for (const o of ir.operations) expect(api).toContain(`## ${o.operationId}`)
  })
})
