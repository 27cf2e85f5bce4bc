import assert from "node:assert/strict"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Conformance from "@uc-conversation/adapter-conformance"
import { startMockServer } from "@uc-conversation/mock-server"
import { Effect, Redacted } from "effect"
import { ConversationApiDeno, DenoPermissionError } from "./index.ts"

// Set up at the top level, with the suite's own -A, so the permission tests below can drop
// --allow-env / --allow-read for their body only.
const mock = await startMockServer({ port: 0 })
const scratch = await mkdtemp(join(tmpdir(), "uc-deno-"))
const photo = join(scratch, "photo.png")
await writeFile(photo, new Uint8Array([137, 80, 78, 71]))

/** Deno.test with the sanitizers off: the mock's server and keep-alive sockets outlive single tests. */
const test = (name: string, fn: () => Promise<void>, permissions?: Deno.TestPermissions): void =>
  Deno.test({
    name,
    fn,
    sanitizeOps: false,
    sanitizeResources: false,
    ...(permissions === undefined ? {} : { permissions })
  })

const variables = ["ULTRACART_BASE_URL", "ULTRACART_SIMPLE_KEY", "ULTRACART_OAUTH_TOKEN"] as const

const withEnv = async (run: () => Promise<void>): Promise<void> => {
  const saved = variables.map((name) => [name, Deno.env.get(name)] as const)
  Deno.env.set("ULTRACART_BASE_URL", mock.baseUrl)
  Deno.env.set("ULTRACART_SIMPLE_KEY", mock.simpleKey)
  Deno.env.delete("ULTRACART_OAUTH_TOKEN")
  try {
    await run()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Deno.env.delete(name)
      else Deno.env.set(name, value)
    }
  }
}

test("sends every operation", () => Conformance.everyOperation(ConversationApiDeno, mock))
test("uploads a file read with Deno.readFile", () => Conformance.uploadFromDisk(ConversationApiDeno, mock))
test("fails with a typed FileReadError for a missing file", () =>
  Conformance.missingFile(ConversationApiDeno, mock))
test("retries an injected 503", () => Conformance.retriesAfter503(ConversationApiDeno, mock))
test("fails with a typed Unauthorized on a wrong key", () =>
  Conformance.unauthorized(ConversationApiDeno, mock))
test("reads ULTRACART_* from Deno.env", () => withEnv(() => Conformance.configFromEnv(ConversationApiDeno)))

test(
  "without --allow-env, layerConfig fails with a DenoPermissionError naming the flag",
  async () => {
    const error = await Effect.runPromise(
      Effect.flip(Effect.provide(Effect.void, ConversationApiDeno.layerConfig))
    )
    assert.ok(error instanceof DenoPermissionError, `got ${String(error)}`)
    assert.equal(error.flag, "--allow-env")
    assert.match(error.message, /--allow-env/)
    assert.match(error.resource, /^ULTRACART_/)
  },
  { env: false, read: true, net: true }
)

test(
  "without --allow-read, uploadFile fails with a DenoPermissionError naming the flag",
  async () => {
    const layer = ConversationApiDeno.layer({
      baseUrl: mock.baseUrl,
      simpleKey: Redacted.make(mock.simpleKey)
    })
    const error = await Effect.runPromise(
      Effect.flip(Effect.provide(ConversationApiDeno.uploadFile(photo), layer))
    )
    assert.ok(error instanceof DenoPermissionError, `got ${String(error)}`)
    assert.equal(error.flag, "--allow-read")
    assert.match(error.message, /--allow-read/)
    assert.equal(error.resource, photo)
  },
  { read: false, env: true, net: true }
)

test("(teardown) closes the mock server", async () => {
  await mock.close()
  await rm(scratch, { recursive: true, force: true })
})
