import type { MockServer } from "../src/index.ts"

/** A raw answer: status, headers, the body text and its JSON (`{}` when empty). */
export interface RawAnswer<Body = Record<string, unknown>> {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: Body
}

/**
 * One ConversationApi request over a real socket with fetch, as any HTTP client would send it:
 * the mock's simple key and the headers the spec requires (`mock.requiredHeaders`), JSON body.
 */
export const rawCall = async <Body = Record<string, unknown>>(
  mock: MockServer,
  method: string,
  path: string,
  body?: unknown
): Promise<RawAnswer<Body>> => {
  const response = await fetch(`${mock.baseUrl}${path}`, {
    method,
    headers: {
      "x-ultracart-simple-key": mock.simpleKey,
      ...mock.requiredHeaders,
      ...(body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (text === "" ? {} : JSON.parse(text)) as Body
  }
}
