import { writeFile } from "node:fs/promises"
import { join } from "node:path"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"
import { repoRoot, scratchDir } from "./support.ts"

const generatedDir = join(repoRoot, "packages/core/src/generated")

const bundle = async (entrySource: string): Promise<string> => {
  const dir = await scratchDir("treeshake")
  const entry = join(dir, "entry.ts")
  await writeFile(entry, entrySource)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    treeShaking: true,
    // effect is a peer dependency; what matters is which generated code survives.
    external: ["effect", "effect/*"],
    logLevel: "silent"
  })
  return result.outputFiles.map((f) => f.text).join("")
}

describe("tree-shaking of the generated client (esbuild)", () => {
  it("an entry importing only getConversation from index.gen.ts keeps no other operation", async () => {
    const code = await bundle(
      `import { getConversation } from ${JSON.stringify(join(generatedDir, "index.gen.ts"))}\nexport const run = getConversation\n`
    )
    expect(code).toContain('"/conversation/conversations/{conversation_uuid}"')
    for (const otherPath of [
      "/conversation/agent/auth",
      "/conversation/agent/keepalive",
      "/conversation/conversations/{conversation_uuid}/join",
      "/conversation/conversations/{conversation_uuid}/messages/{since}",
      "/conversation/upload_url/{extension}",
      "/conversation/conversations/queues/statuses"
    ]) {
      expect(code).not.toContain(JSON.stringify(otherPath))
    }
    // Unused models go too: the start-conversation request is only used by startConversation.
    expect(code).not.toContain("ConversationStartRequest")
  })

  it("importing the whole service keeps every operation (the test above can fail)", async () => {
    const code = await bundle(
      `import { ConversationApi } from ${JSON.stringify(join(generatedDir, "index.gen.ts"))}\nexport const layer = ConversationApi.layer\n`
    )
    expect(code).toContain('"/conversation/agent/keepalive"')
    expect(code).toContain('"/conversation/upload_url/{extension}"')
  })
})
