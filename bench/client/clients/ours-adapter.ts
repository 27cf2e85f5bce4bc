/**
 * Our client through the adapter of the runtime it runs in: `@uc-conversation/bun` under Bun,
 * `@uc-conversation/deno` under Deno, `@uc-conversation/node` under Node. What an application on
 * that runtime installs, with the same layer it would use.
 */
import process from "node:process"
import type { RateLimit } from "@uc-conversation/core"
import type { BenchClient } from "./client.ts"
import { oursClient, oursOptions } from "./ours.ts"

/** The name of the current runtime's adapter, as the tables show it. */
export const adapterName = (): string =>
  process.versions.bun !== undefined
    ? "ours (Bun adapter)"
    : process.versions.deno !== undefined
      ? "ours (Deno adapter)"
      : "ours (Node adapter, fetch)"

/** Our client with the current runtime's adapter layer (`name` defaults to {@link adapterName}). */
export const oursAdapterClient = async (
  baseUrl: string,
  rateLimit: RateLimit = "off",
  name: string = adapterName()
): Promise<BenchClient> => {
  if (process.versions.bun !== undefined) {
    const { ConversationApiBun } = await import("@uc-conversation/bun")
    return oursClient(name, ConversationApiBun.layer(oursOptions(baseUrl, rateLimit)))
  }
  if (process.versions.deno !== undefined) {
    const { ConversationApiDeno } = await import("@uc-conversation/deno")
    return oursClient(name, ConversationApiDeno.layer(oursOptions(baseUrl, rateLimit)))
  }
  const { ConversationApiNode } = await import("@uc-conversation/node")
  return oursClient(name, ConversationApiNode.layer(oursOptions(baseUrl, rateLimit)))
}
