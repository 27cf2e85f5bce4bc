/**
 * The Deno adapter: fetch as the HttpClient, configuration from `Deno.env`, and uploads of files
 * read with `Deno.readFile`. A missing `--allow-env` / `--allow-read` fails with a
 * {@link DenoPermissionError} naming the flag. Everything else (operations, policy, errors) is core's.
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
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import { type DenoPermissionError, isPermissionRefusal, readRefused } from "./DenoPermissionError.ts"
import { withDenoEnv } from "./internal/env.ts"

/** The transport: Deno's native fetch (there is no Effect 4 `@effect/platform-deno`). */
export const httpClient: Layer.Layer<HttpClient.HttpClient> = FetchTransport.layer

/**
 * `ConversationApi` and `UltraCartClient` from explicit options (credential, base URL, retries,
 * timeout), over fetch. Needs only `--allow-net`.
 */
export const layer = (
  options: UltraCartClientOptions
): Layer.Layer<ConversationApi | UltraCartClient, UltraCartConfigError> =>
  ConversationApi.layer.pipe(Layer.provideMerge(UltraCartClient.layer(options)), Layer.provide(httpClient))

/**
 * `ConversationApi` and `UltraCartClient` configured from `Deno.env`: `ULTRACART_SIMPLE_KEY` or
 * `ULTRACART_OAUTH_TOKEN`, and optionally `ULTRACART_BASE_URL`. Needs `--allow-env` for those
 * variables; without it the layer fails with a DenoPermissionError.
 */
export const layerConfig: Layer.Layer<
  ConversationApi | UltraCartClient,
  UltraCartConfigError | Config.ConfigError | DenoPermissionError
> = ConversationApi.layer.pipe(
  Layer.provideMerge(withDenoEnv(UltraCartClient.layerConfig())),
  Layer.provide(httpClient)
)

const readBytes = (path: string): Effect.Effect<Uint8Array, FileReadError | DenoPermissionError> =>
  Effect.tryPromise({
    try: (signal) => Deno.readFile(path, { signal }),
    catch: (cause) =>
      isPermissionRefusal(cause)
        ? readRefused(path)
        : new FileReadError({ path, message: `Cannot read ${path}: ${String(cause)}` })
  })

/**
 * Uploads a file from disk as conversation multimedia: reads it with `Deno.readFile` (needs
 * `--allow-read`), then hands the bytes to core's upload (presigned URL, then PUT).
 */
export const uploadFile: UploadFile<FileReadError | DenoPermissionError> = uploadFileWith(readBytes)
