import { isObject, type Json } from "./json.ts"

/** Escapes one reference token (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export const escapeToken = (token: string): string => token.replaceAll("~", "~0").replaceAll("/", "~1")

/** Reverses {@link escapeToken}. */
export const unescapeToken = (token: string): string => token.replaceAll("~1", "/").replaceAll("~0", "~")

/** Builds a pointer from unescaped tokens; `[]` is the root `""`. */
export const toPointer = (tokens: ReadonlyArray<string | number>): string =>
  tokens.map((t) => `/${escapeToken(String(t))}`).join("")

/** Appends tokens to an existing pointer. */
export const child = (pointer: string, ...tokens: ReadonlyArray<string | number>): string =>
  pointer + toPointer(tokens)

/** Splits a pointer into unescaped tokens. */
export const parsePointer = (pointer: string): ReadonlyArray<string> =>
  pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeToken)

/** The value a pointer designates, or undefined when any step is missing. */
export const getAt = (root: Json, pointer: string): Json | undefined => {
  let node: Json | undefined = root
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = /^\d+$/.test(token) ? node[Number(token)] : undefined
    else if (isObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined
    else return undefined
  }
  return node
}
