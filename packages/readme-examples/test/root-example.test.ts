import { execFile } from "node:child_process"
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type CodeBlock, collectBlocks, moduleName } from "../src/extract.ts"

/** Where the example runs from: inside this package, so it imports the built packages as a user would. */
const runDir = fileURLToPath(new URL("../.tmp/run/", import.meta.url))

const run = (file: string, env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const {
      ULTRACART_OAUTH_TOKEN: _token,
      ULTRACART_SIMPLE_KEY: _key,
      ULTRACART_BASE_URL: _url,
      ...rest
    } = process.env
    execFile(process.execPath, [file], { cwd: runDir, env: { ...rest, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr })
    )
  })

/**
 * The root README's "Using the client" example, as written, run by Node against the mock server
 * (which enforces UltraCart's rate limits, as it does by default) through the variables
 * `ConversationApiNode.layerConfig` reads.
 */
describe("the root README's usage example", () => {
  let mock: MockServer
  let example: string
  let block: CodeBlock

  beforeAll(async () => {
    const blocks = (await collectBlocks()).filter((b) => b.file === "README.md")
    expect(blocks).toHaveLength(1)
    block = blocks[0] as CodeBlock
    expect(block.code).toContain("ConversationApiNode.layerConfig")
    await mkdir(runDir, { recursive: true })
    example = join(runDir, moduleName(block))
    await writeFile(example, block.code)
    mock = await startMockServer({ port: 0, host: "127.0.0.1" })
  })
  afterAll(async () => mock?.close())

  const env = () => ({ ULTRACART_BASE_URL: mock.baseUrl, ULTRACART_SIMPLE_KEY: mock.simpleKey })

  it("lists the websocket conversations and joins the first", async () => {
    mock.reset()
    const result = await run(example, env())
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0)

    const requests = mock.requests()
    expect(requests.map((r) => r.operationId)).toEqual(["getConversations", "joinConversation"])
    const [list, joined] = requests
    expect(new URLSearchParams(list?.query).get("medium")).toBe("websocket")
    expect(list?.status).toBe(200)
    expect(joined?.status).toBe(204)

    const uuid = joined?.pathParams.conversation_uuid ?? ""
    const conversation = mock.conversation(uuid)
    expect(conversation?.medium).toBe("websocket")
    expect(conversation?.participants.some((p) => p.status === "joined")).toBe(true)
    expect(result.stdout).toContain(`joined ${uuid}`)
  })

  it("joins nothing when no websocket conversation is waiting", async () => {
    mock.reset()
    mock.injectFault({
      operationId: "getConversations",
      status: 200,
      body: { success: true, conversations: [] }
    })
    const result = await run(example, env())
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0)
    expect(mock.requests().map((r) => r.operationId)).toEqual(["getConversations"])
    expect(result.stdout).toContain("no websocket conversation to join")
  })
})
