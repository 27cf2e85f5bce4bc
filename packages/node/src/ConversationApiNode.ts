/**
 * The Node.js adapter: undici as the HttpClient, configuration from `process.env`, and uploads of
 * files read with `node:fs/promises`. Everything else (operations, policy, errors) is core's.
 *
 * @module
 */
import { readFile } from "node:fs/promises"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import {
  ConversationApi,
  FileReadError,
  UltraCartClient,
  type UltraCartClientOptions,
  type UltraCartConfigError,
  type UploadFile,
  uploadFileWith
} from "@uc-conversation/core"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"

/** The transport: undici's connection-pooled client, through `@effect/platform-node`. */
export const httpClient: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndici

/**
 * `ConversationApi` and `UltraCartClient` from explicit options (credential, base URL, retries,
 * timeout), over undici.
 */
export const layer = (
  options: UltraCartClientOptions
): Layer.Layer<ConversationApi | UltraCartClient, UltraCartConfigError> =>
  ConversationApi.layer.pipe(Layer.provideMerge(UltraCartClient.layer(options)), Layer.provide(httpClient))

/**
 * `ConversationApi` and `UltraCartClient` configured from `process.env`: `ULTRACART_SIMPLE_KEY`
 * or `ULTRACART_OAUTH_TOKEN`, and optionally `ULTRACART_BASE_URL` (read through Effect's default
 * ConfigProvider, so a provider set by the application wins).
 */
export const layerConfig: Layer.Layer<
  ConversationApi | UltraCartClient,
  UltraCartConfigError | Config.ConfigError
> = ConversationApi.layer.pipe(Layer.provideMerge(UltraCartClient.layerConfig()), Layer.provide(httpClient))

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
