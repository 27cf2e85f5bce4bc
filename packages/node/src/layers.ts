/**
 * The Node adapter's layers over a given HttpClient layer, shared by the default entry (core's
 * `FetchTransport`, ConversationApiNode.ts) and the undici entry (ConversationApiNodeUndici.ts).
 * Internal: not exported from the package.
 *
 * @module
 */
import {
  ConversationApi,
  UltraCartClient,
  type UltraCartClientOptions,
  type UltraCartConfigError
} from "@uc-conversation/core"
import type * as Config from "effect/Config"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"

/** An adapter's two ways to build `ConversationApi` and `UltraCartClient`. */
export interface NodeLayers {
  /** From explicit options (credential, base URL, retries, timeout). */
  readonly layer: (
    options: UltraCartClientOptions
  ) => Layer.Layer<ConversationApi | UltraCartClient, UltraCartConfigError>
  /**
   * From `process.env`: `ULTRACART_SIMPLE_KEY` or `ULTRACART_OAUTH_TOKEN`, and optionally
   * `ULTRACART_BASE_URL` (read through Effect's default ConfigProvider, so a provider set by the
   * application wins).
   */
  readonly layerConfig: Layer.Layer<
    ConversationApi | UltraCartClient,
    UltraCartConfigError | Config.ConfigError
  >
}

/** {@link NodeLayers} over `http`. */
export const layersOver = (http: Layer.Layer<HttpClient.HttpClient>): NodeLayers => ({
  layer: (options) =>
    ConversationApi.layer.pipe(Layer.provideMerge(UltraCartClient.layer(options)), Layer.provide(http)),
  layerConfig: ConversationApi.layer.pipe(
    Layer.provideMerge(UltraCartClient.layerConfig()),
    Layer.provide(http)
  )
})
