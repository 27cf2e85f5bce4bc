/**
 * Adapter conformance: the checks each runtime's suite (vitest on Node, `bun test`, `deno test`)
 * runs against a real mock server. They return Promises and assert with `node:assert`, which all
 * three runtimes have, so the test files only wire them to their runner.
 *
 * @module
 */
import assert from "node:assert/strict"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  ConversationApi,
  type UltraCartClient,
  type UltraCartClientOptions,
  type UltraCartConfigError,
  type UploadFile
} from "@uc-conversation/core"
import type { MockServer } from "@uc-conversation/mock-server"
import { Effect, type Layer, Redacted } from "effect"

/** What every adapter exports, whatever its runtime. */
export interface Adapter {
  readonly layer: (
    options: UltraCartClientOptions
  ) => Layer.Layer<ConversationApi | UltraCartClient, UltraCartConfigError>
  readonly layerConfig: Layer.Layer<ConversationApi | UltraCartClient, unknown>
  readonly uploadFile: UploadFile<unknown>
}

/** Fast retries so the retry check takes milliseconds, not the default backoff. */
const fastRetry = { initialDelay: 5, maxDelay: 20 } as const

const run = <A, E>(
  effect: Effect.Effect<A, E, ConversationApi | UltraCartClient>,
  layer: Adapter["layer"],
  mock: MockServer,
  options: Partial<UltraCartClientOptions> = {}
) =>
  Effect.runPromise(
    Effect.provide(
      effect,
      layer({ baseUrl: mock.baseUrl, simpleKey: Redacted.make(mock.simpleKey), retry: fastRetry, ...options })
    )
  )

/** Runs `f` with the ConversationApi service. */
const withApi = <A, E>(f: (api: ConversationApi["Service"]) => Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    return yield* f(yield* ConversationApi)
  })

const countOf = (mock: MockServer, operationId: string): number =>
  mock.requests().filter((entry) => entry.operationId === operationId).length

/** Calls each of the 11 operations once and checks what came back (and that the mock saw each). */
export const everyOperation = async (adapter: Adapter, mock: MockServer): Promise<void> => {
  const before = mock.requests().length
  const seen = await run(
    Effect.gen(function* () {
      const api = yield* ConversationApi
      const auth = yield* api.getAgentWebsocketAuthorization()
      assert.ok(auth.agent_auth, "getAgentWebsocketAuthorization returns agent_auth")
      yield* api.getAgentKeepAlive()
      const list = yield* api.getConversations({ medium: "websocket", _limit: 5 })
      const first = list.conversations?.[0]?.conversation_uuid
      assert.ok(first, "getConversations returns at least one seeded conversation")
      const queues = yield* api.getConversationWebchatQueueStatuses()
      const queueName = queues.queue_statuses?.[0]?.queue_name
      assert.ok(queueName, "getConversationWebchatQueueStatuses returns a queue")
      yield* api.updateConversationWebchatQueueStatus({
        queue_name: queueName,
        body: { agent_status: "available" }
      })
      const started = yield* api.startConversation({ body: {} })
      assert.ok(started.conversation?.conversation_uuid, "startConversation returns the new conversation")
      const one = yield* api.getConversation({ conversation_uuid: first })
      assert.equal(one.conversation?.conversation_uuid, first)
      yield* api.joinConversation({ conversation_uuid: first })
      const messages = yield* api.getConversationMessages({ conversation_uuid: first, since: 0 })
      assert.ok(Array.isArray(messages.conversation_messages), "getConversationMessages returns a list")
      yield* api.leaveConversation({ conversation_uuid: first })
      const upload = yield* api.getConversationMultimediaUploadUrl({ extension: "png" })
      assert.ok(
        upload.conversation_multimedia_upload_url?.url,
        "getConversationMultimediaUploadUrl returns a URL"
      )
      return new Set(
        mock
          .requests()
          .slice(before)
          .filter((entry) => entry.status < 300)
          .map((entry) => entry.operationId)
      )
    }),
    adapter.layer,
    mock
  )
  assert.equal(
    seen.size,
    11,
    `the mock answered 11 distinct operations with 2xx, saw ${[...seen].join(", ")}`
  )
}

/** Writes a real file, uploads it with the adapter's `uploadFile`, and checks the mock stored those bytes. */
export const uploadFromDisk = async (adapter: Adapter, mock: MockServer): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), "uc-adapter-"))
  try {
    const path = join(dir, "photo.png")
    const bytes = crypto.getRandomValues(new Uint8Array(3000))
    await writeFile(path, bytes)
    const uploaded = await run(adapter.uploadFile(path), adapter.layer, mock)
    const stored = mock.upload(uploaded.key)
    assert.ok(stored, `the mock stored an upload under ${uploaded.key}`)
    assert.deepEqual(new Uint8Array(stored.bytes), bytes)
    assert.equal(stored.contentType, "image/png")
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A file that does not exist fails with the typed FileReadError naming the path, before any request. */
export const missingFile = async (adapter: Adapter, mock: MockServer): Promise<void> => {
  const before = mock.requests().length
  const path = join(tmpdir(), `uc-adapter-missing-${Date.now()}.png`)
  const error = await run(Effect.flip(adapter.uploadFile(path)), adapter.layer, mock)
  assert.equal((error as { _tag?: string })._tag, "FileReadError")
  assert.equal((error as { path?: string }).path, path)
  assert.equal(mock.requests().length, before, "no request was sent")
}

/** A 503 (with Retry-After: 0) on a retry-safe call is retried once: two requests, then success. */
export const retriesAfter503 = async (adapter: Adapter, mock: MockServer): Promise<void> => {
  const before = countOf(mock, "getConversationWebchatQueueStatuses")
  mock.injectFault({
    operationId: "getConversationWebchatQueueStatuses",
    status: 503,
    retryAfter: "0",
    times: 1
  })
  const result = await run(
    withApi((api) => api.getConversationWebchatQueueStatuses()),
    adapter.layer,
    mock
  )
  assert.ok(result.queue_statuses, "the retried call succeeds")
  assert.equal(countOf(mock, "getConversationWebchatQueueStatuses") - before, 2, "one 503, one retry")
}

/** A wrong simple key fails with the typed Unauthorized error, and the key is nowhere in it. */
export const unauthorized = async (adapter: Adapter, mock: MockServer): Promise<void> => {
  const wrongKey = "wrong-key-that-must-not-leak"
  const error = await run(Effect.flip(withApi((api) => api.getConversations())), adapter.layer, mock, {
    simpleKey: Redacted.make(wrongKey)
  })
  assert.equal(error._tag, "Unauthorized")
  assert.equal((error as { status?: number }).status, 401)
  assert.ok(
    !JSON.stringify(error).includes(wrongKey) && !String(error).includes(wrongKey),
    "the key is not in the error"
  )
}

/** `layerConfig` reads the runtime's environment; the caller has set ULTRACART_BASE_URL and ULTRACART_SIMPLE_KEY. */
export const configFromEnv = async (adapter: Adapter): Promise<void> => {
  const list = await Effect.runPromise(
    Effect.provide(
      withApi((api) => api.getConversations({ _limit: 1 })),
      adapter.layerConfig
    )
  )
  assert.equal(list.conversations?.length, 1)
}
