/**
 * The Node.js adapter: Node's built-in fetch as the HttpClient (core's `FetchTransport.layer`),
 * configuration from `process.env`, and uploads of files read with `node:fs/promises`. Everything
 * else (operations, policy, errors) is core's. undici through `@effect/platform-node`, with its
 * pool and dispatcher options, is the separate entry `@uc-conversation/node/undici`
 * (ConversationApiNodeUndici.ts), loaded only when imported.
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import { FetchTransport, FileReadError, type UploadFile, uploadFileWith } from "@uc-conversation/core"
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http"
import type * as Layer from "effect/Layer"
import { layersOver, type NodeLayers } from "./layers.ts"

/**
 * The transport: Node's built-in fetch (Node >= 22), as core's `FetchTransport.layer`: Effect's
 * `FetchHttpClient`, on which core's operations call fetch directly while no tracer is installed.
 * For undici's own client use `ConversationApiNodeUndici.httpClient` from
 * `@uc-conversation/node/undici`.
 */
export const httpClient: Layer.Layer<HttpClient.HttpClient> = FetchTransport.layer

const layers = layersOver(httpClient)

/**
 * `ConversationApi` and `UltraCartClient` from explicit options (credential, base URL, retries,
 * timeout), over Node's fetch.
 */
export const layer: NodeLayers["layer"] = layers.layer

/**
 * `ConversationApi` and `UltraCartClient` configured from `process.env`: `ULTRACART_SIMPLE_KEY`
 * or `ULTRACART_OAUTH_TOKEN`, and optionally `ULTRACART_BASE_URL` (read through Effect's default
 * ConfigProvider, so a provider set by the application wins), over Node's fetch.
 */
export const layerConfig: NodeLayers["layerConfig"] = layers.layerConfig

const readBytes = (path: string): Effect.Effect<Uint8Array, FileReadError> =>
  Effect.tryPromise({
    try: (signal) => readFile(path, { signal }),
    catch: (cause) => new FileReadError({ path, message: `Cannot read ${path}: ${String(cause)}` })
  })

/**
 * Uploads a file from disk as conversation multimedia: reads it with `node:fs/promises`, then
 * hands the bytes to core's upload (presigned URL for the file's extension, then PUT).
 */
export const uploadFile: UploadFile<FileReadError> = uploadFileWith(readBytes)
