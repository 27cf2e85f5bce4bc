/** Baseline: the runtime's own `fetch` plus `JSON.parse`, no validation. Runs on Node, Bun and Deno. */
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type BenchClient, ULTRACART_HEADERS } from "./client.ts"

const getJson = async (url: string): Promise<unknown> => {
  const response = await fetch(url, { headers: ULTRACART_HEADERS })
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`)
  return JSON.parse(await response.text())
}

/** A raw-fetch client against `baseUrl` (e.g. http://127.0.0.1:1234/rest/v2). */
export const rawFetchClient = (baseUrl: string, name = "raw fetch + JSON.parse"): BenchClient => {
  const one = `${baseUrl}/conversation/conversations/${encodeURIComponent(SINGLE_UUID)}`
  const many = `${baseUrl}/conversation/conversations?_limit=100&_offset=0`
  return { name, getConversation: () => getJson(one), getConversations: () => getJson(many) }
}
