/**
 * What may go into a request header, checked before anything is sent.
 *
 * The platforms disagree about bad header values: fetch strips a trailing newline and sends the
 * rest, undici refuses the request, and both put the offending value into their error text. A
 * value with CR or LF could also split the header if a transport ever let it through. So the
 * runtime checks every value it is given (credentials and header options when the client is built,
 * call headers and header parameters before a call's first byte) and reports what is wrong with
 * it by name and kind of character, never by quoting it.
 *
 * @module
 */

/** RFC 9110 `token`: the characters a header name may have. */
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** RFC 9110 `field-value`: visible ASCII, obs-text, space and tab; no leading or trailing space. */
const fieldValuePattern = /^(?:[\x21-\x7E\x80-\xFF](?:[\t\x20-\x7E\x80-\xFF]*[\x21-\x7E\x80-\xFF])?)?$/

/**
 * A credential is one run of visible ASCII: API keys are hex and OAuth bearer tokens are
 * `b64token` (RFC 6750), so a space, a control character or anything beyond ASCII is a paste
 * error, not part of the secret.
 */
const credentialPattern = /^[\x21-\x7E]+$/

/** Names a character by kind, so a report can say what is wrong without quoting the value. */
const describeCharacter = (character: string): string => {
  const code = character.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
  if (character === "\r") return `a carriage return (${hex})`
  if (character === "\n") return `a line feed (${hex})`
  if (character === "\0") return `a NUL character (${hex})`
  if (character === "\t") return `a tab (${hex})`
  if (character === " ") return `a space (${hex})`
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`
  return `a character outside ASCII (${hex})`
}

/** Where the first character `allowed` rejects sits, as words: "at its end", "at its start", "inside it". */
const describeFirstBad = (value: string, allowed: (character: string) => boolean): string => {
  const characters = [...value]
  const index = characters.findIndex((character) => !allowed(character))
  if (index === -1) return "leading or trailing whitespace"
  const character = characters[index] ?? ""
  const where = index === characters.length - 1 ? "at its end" : index === 0 ? "at its start" : "inside it"
  return `${describeCharacter(character)} ${where}`
}

const isFieldCharacter = (character: string): boolean => /^[\t\x20-\x7E\x80-\xFF]$/.test(character)
const isCredentialCharacter = (character: string): boolean => /^[\x21-\x7E]$/.test(character)

/** Why `name` cannot be a header name, or undefined when it can. */
export const headerNameProblem = (name: string): string | undefined =>
  tokenPattern.test(name) ? undefined : "is not a valid header name (RFC 9110 token characters only)"

/** Why `value` cannot be sent as a header value, or undefined when it can. Never quotes the value. */
export const headerValueProblem = (value: string): string | undefined =>
  fieldValuePattern.test(value)
    ? undefined
    : `cannot be a header value: it has ${describeFirstBad(value, isFieldCharacter)}`

/**
 * Why `value` cannot be a credential (simple key or OAuth token), or undefined when it can. A
 * trailing newline is refused, not trimmed: fetch would trim it and undici would refuse it, and
 * the same key must behave the same on every transport.
 */
export const credentialProblem = (value: string): string | undefined => {
  if (value === "") return "is empty"
  return credentialPattern.test(value)
    ? undefined
    : `cannot be sent as a header value: it has ${describeFirstBad(value, isCredentialCharacter)}`
}

/** A header that cannot be sent: its name (names are not secret) and what is wrong; never its value. */
export interface HeaderProblem {
  readonly name: string
  readonly problem: string
}

/** The first header among `headers` whose name or value cannot be sent, or undefined. */
export const firstHeaderProblem = (headers: Readonly<Record<string, string>>): HeaderProblem | undefined => {
  for (const name in headers) {
    const value: unknown = headers[name]
    const problem =
      headerNameProblem(name) ?? (typeof value === "string" ? headerValueProblem(value) : "must be a string")
    if (problem !== undefined) return { name, problem }
  }
  return undefined
}

/** A {@link HeaderProblem} as one line: `header "x-foo" cannot be a header value: …`. */
export const describeHeaderProblem = ({ name, problem }: HeaderProblem): string =>
  `header ${JSON.stringify(name)} ${problem}`
