import type { JsonObject } from "./json.ts"

/** Whether a media type is JSON: `application/json` or a `+json` suffix type (RFC 6839). */
export const isJsonMediaType = (contentType: string): boolean =>
  /^application\/(.+\+)?json\b/i.test(contentType)

/**
 * The media type a JSON client reads or sends from a `content` map: the first JSON one, else the
 * first that mentions json (`text/json`), else the first declared. Undefined when there is none.
 */
export const preferredMediaType = (content: JsonObject | undefined): string | undefined => {
  const types = Object.keys(content ?? {})
  return types.find(isJsonMediaType) ?? types.find((t) => /json/i.test(t)) ?? types[0]
}
