/** Baseline (Node only): `undici.request` plus `JSON.parse`, no validation. */
import { Agent, request } from "undici"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type BenchClient, ULTRACART_HEADERS } from "./client.ts"

/** A raw-undici client with its own Agent against `baseUrl`. */
export const rawUndiciClient = (baseUrl: string): BenchClient => {
  const dispatcher = new Agent()
  const one = `${baseUrl}/conversation/conversations/${encodeURIComponent(SINGLE_UUID)}`
  const many = `${baseUrl}/conversation/conversations?_limit=100&_offset=0`
  const getJson = async (url: string): Promise<unknown> => {
    const { statusCode, body } = await request(url, { headers: ULTRACART_HEADERS, dispatcher })
    const text = await body.text()
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode} from ${url}`)
    return JSON.parse(text)
  }
  return {
    name: "raw undici.request + JSON.parse",
    getConversation: () => getJson(one),
    getConversations: () => getJson(many),
    close: () => dispatcher.close()
  }
}
