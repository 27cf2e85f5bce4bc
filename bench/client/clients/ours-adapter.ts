/**
 * Our client through the adapter of the runtime it runs in: `@uc-conversation/bun` under Bun,
 * `@uc-conversation/deno` under Deno, `@uc-conversation/node` under Node. What an application on
 * that runtime installs, with the same layer it would use.
 */
import process from "node:process"
import type { BenchClient } from "./client.ts"
import { oursClient, oursOptions } from "./ours.ts"

/** Our client with the current runtime's adapter layer. */
export const oursAdapterClient = async (baseUrl: string): Promise<BenchClient> => {
  if (process.versions.bun !== undefined) {
    const { ConversationApiBun } = await import("@uc-conversation/bun")
    return oursClient("ours (Bun adapter)", ConversationApiBun.layer(oursOptions(baseUrl)))
  }
  if (process.versions.deno !== undefined) {
    const { ConversationApiDeno } = await import("@uc-conversation/deno")
    return oursClient("ours (Deno adapter)", ConversationApiDeno.layer(oursOptions(baseUrl)))
  }
  const { ConversationApiNode } = await import("@uc-conversation/node")
  return oursClient("ours (Node adapter, undici)", ConversationApiNode.layer(oursOptions(baseUrl)))
}
