/**
 * The Bun adapter: fetch as the HttpClient, configuration from `Bun.env`, and uploads of files
 * read with `Bun.file`. Everything else (operations, policy, errors) is core's.
 *
 * @module
 */
import {
  ConversationApi,
  FetchTransport,
  FileReadError,
  UltraCartClient,
  type UltraCartClientOptions,
  type UltraCartConfigError,
  type UploadFile,
  uploadFileWith
} from "@uc-conversation/core"
import type * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"

/**
 * The transport: Bun's native fetch. (`@effect/platform-node`'s undici layer does not run on Bun,
 * and there is no Effect 4 `@effect/platform-bun`.)
 */
export const httpClient: Layer.Layer<HttpClient.HttpClient> = FetchTransport.layer

/**
 * `ConversationApi` and `UltraCartClient` from explicit options (credential, base URL, retries,
 * timeout), over fetch.
 */
export const layer = (
  options: UltraCartClientOptions
): Layer.Layer<ConversationApi | UltraCartClient, UltraCartConfigError> =>
  ConversationApi.layer.pipe(Layer.provideMerge(UltraCartClient.layer(options)), Layer.provide(httpClient))

/**
 * `ConversationApi` and `UltraCartClient` configured from `Bun.env` (which also holds what Bun
 * loaded from `.env` files): `ULTRACART_SIMPLE_KEY` or `ULTRACART_OAUTH_TOKEN`, and optionally
 * `ULTRACART_BASE_URL`.
 */
export const layerConfig: Layer.Layer<
  ConversationApi | UltraCartClient,
  UltraCartConfigError | Config.ConfigError
> = ConversationApi.layer.pipe(
  Layer.provideMerge(
    UltraCartClient.layerConfig().pipe(
      Layer.provide(ConfigProvider.layer(Effect.sync(() => ConfigProvider.fromEnvRecord(Bun.env))))
    )
  ),
  Layer.provide(httpClient)
)

const readBytes = (path: string): Effect.Effect<Uint8Array, FileReadError> =>
  Effect.tryPromise({
    try: () => Bun.file(path).bytes(),
    catch: (cause) => new FileReadError({ path, message: `Cannot read ${path}: ${String(cause)}` })
  })

/**
 * Uploads a file from disk as conversation multimedia: reads it with `Bun.file(path).bytes()`,
 * then hands the bytes to core's upload (presigned URL for the file's extension, then PUT).
 */
export const uploadFile: UploadFile<FileReadError> = uploadFileWith(readBytes)
