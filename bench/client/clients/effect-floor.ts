/**
 * Not a client anyone would ship: Effect's FetchHttpClient plus JSON.parse, with no schema and no
 * policy (no retry, timeout, span or header handling of ours). It shows the floor any Effect
 * HttpClient-based client starts from on a runtime, so "ours ÷ raw fetch" can be split into
 * Effect's share and ours.
 */
import * as Effect from "effect/Effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { SINGLE_UUID } from "../fixtures/conversation.ts"
import { type BenchClient, ULTRACART_HEADERS } from "./client.ts"

/** The floor client against `baseUrl`. */
export const effectFloorClient = (baseUrl: string): BenchClient => {
  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
  const getJson = (url: string) =>
    runtime.runPromise(
      Effect.flatMap(HttpClient.get(url, { headers: ULTRACART_HEADERS }), (response) =>
        response.status === 200
          ? Effect.map(response.text, (text): unknown => JSON.parse(text))
          : Effect.die(new Error(`HTTP ${response.status} from ${url}`))
      )
    )
  const one = `${baseUrl}/conversation/conversations/${encodeURIComponent(SINGLE_UUID)}`
  const many = `${baseUrl}/conversation/conversations?_limit=100&_offset=0`
  return {
    name: "floor: Effect FetchHttpClient + JSON.parse (no schema, no policy)",
    getConversation: () => getJson(one),
    getConversations: () => getJson(many),
    close: () => runtime.dispose()
  }
}
