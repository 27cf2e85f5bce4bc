/** The two operations every benchmarked client implements, and a check that they really work. */
import { SINGLE_UUID } from "../fixtures/conversation.ts"

/** One benchmarked client: each call performs a full request and returns the decoded body. */
export interface BenchClient {
  readonly name: string
  readonly getConversation: () => Promise<unknown>
  readonly getConversations: () => Promise<unknown>
  /** Our clients: the scheduler's budget as `rateBudget` reports it (what it counted). */
  readonly budget?: () => Promise<{
    readonly enabled: boolean
    readonly maxConcurrent: number
    readonly usedLastDay: number
  }>
  /** Releases pools and runtimes. */
  readonly close?: () => Promise<void>
}

/** The operations a throughput run can drive. */
export type Operation = "getConversation" | "getConversations"

/** The headers every UltraCart SDK sends; raw baselines send them too, so all sides do the same work. */
export const ULTRACART_HEADERS: Readonly<Record<string, string>> = {
  accept: "application/json",
  "x-ultracart-simple-key": "bench-simple-key",
  "X-UltraCart-Api-Version": "2017-03-01"
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined

/** Fails unless `client` returns the fixture bodies (so no side can win by skipping work). */
export const verifyClient = async (client: BenchClient): Promise<void> => {
  const one = field(await client.getConversation(), "conversation")
  const uuid = field(one, "conversation_uuid") ?? field(one, "conversationUuid")
  if (uuid !== SINGLE_UUID) throw new Error(`${client.name}: getConversation returned ${String(uuid)}`)
  const many = field(await client.getConversations(), "conversations")
  if (!Array.isArray(many) || many.length !== 100) {
    throw new Error(
      `${client.name}: getConversations returned ${Array.isArray(many) ? many.length : "no"} items`
    )
  }
}
