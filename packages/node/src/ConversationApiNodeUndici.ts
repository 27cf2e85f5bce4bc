/**
 * The Node adapter over undici (`@effect/platform-node`'s `NodeHttpClient.layerUndici`) instead of
 * Node's built-in fetch, for applications that want undici's connection pool and its options
 * (`NodeHttpClient.UndiciOptions`; for a dispatcher of your own, provide
 * `NodeHttpClient.layerUndiciNoDispatcher` with a `NodeHttpClient.Dispatcher` to core's
 * `UltraCartClient.layer`). Its own entry, `@uc-conversation/node/undici`, so undici and
 * `@effect/platform-node` load only when it is imported. Calls go through `HttpClient.execute`
 * (no direct-fetch path); configuration and uploads are the default entry's.
 *
 * @module
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { HttpClient } from "effect/http"
import type * as Layer from "effect/Layer"
import { layersOver, type NodeLayers } from "./layers.ts"

/** The transport: undici's connection-pooled client, through `@effect/platform-node`. */
export const httpClient: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndici

const layers = layersOver(httpClient)

/** `ConversationApi` and `UltraCartClient` from explicit options, over undici. */
export const layer: NodeLayers["layer"] = layers.layer

/** `ConversationApi` and `UltraCartClient` configured from `process.env`, over undici. */
export const layerConfig: NodeLayers["layerConfig"] = layers.layerConfig

/** The default entry's upload (`node:fs/promises`); it goes through whichever layer is provided. */
export { uploadFile } from "./ConversationApiNode.ts"
