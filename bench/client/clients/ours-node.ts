/** Our client through the Node adapter (undici via @effect/platform-node). */
import { ConversationApiNode } from "@uc-conversation/node"
import type { BenchClient } from "./client.ts"
import { oursClient, oursOptions } from "./ours.ts"

/** Our client with the Node adapter's layer. */
export const oursNodeClient = (baseUrl: string): BenchClient =>
  oursClient("ours (Node adapter, undici)", ConversationApiNode.layer(oursOptions(baseUrl)))
