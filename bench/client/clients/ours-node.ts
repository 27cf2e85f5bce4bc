/**
 * Our client through the Node adapter: its default layer (Node's fetch through core's
 * FetchTransport) and its `/undici` entry (undici via @effect/platform-node).
 */
import { ConversationApiNode } from "@uc-conversation/node"
import { ConversationApiNodeUndici } from "@uc-conversation/node/undici"
import type { BenchClient } from "./client.ts"
import { oursClient, oursOptions } from "./ours.ts"

/** Our client with the Node adapter's layer (fetch). */
export const oursNodeClient = (baseUrl: string): BenchClient =>
  oursClient("ours (Node adapter, fetch)", ConversationApiNode.layer(oursOptions(baseUrl)))

/** Our client with the Node adapter's `/undici` layer. */
export const oursNodeUndiciClient = (baseUrl: string): BenchClient =>
  oursClient("ours (Node adapter /undici)", ConversationApiNodeUndici.layer(oursOptions(baseUrl)))
