/**
 * Removes secrets from text before it becomes part of an error.
 *
 * Platform errors quote what they refused: Node's fetch put a whole simple key into
 * `Headers.append: "…" is an invalid header value`, and a hostile or broken server can echo a
 * request header back in its error body or `UC-REST-ERROR`. Errors are logged, serialised and
 * shown, so every piece of foreign text an error carries passes through here first, with the
 * secrets of the exchange it came from (the credential; an upload URL's signature).
 *
 * Credentials are validated before they are sent (see headerValues.ts), so this is the second
 * line: it catches what validation cannot foresee.
 *
 * @module
 */

/** What a secret is replaced with. */
export const redactedMarker = "<redacted>"

/**
 * A secret's pieces between control characters or whitespace, when quoted text keeps only part of
 * it (a platform may cut a value at the first line break, or print CR LF differently). Shorter
 * pieces are left alone: they carry little of the secret and would blank out ordinary words.
 */
const minimumFragment = 6

/** The ways a secret may appear in foreign text: as is, JSON-escaped, percent-encoded, and its pieces. */
const formsOf = (secret: string): ReadonlyArray<string> => {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
  for (const fragment of secret.split(/[\s\p{Cc}]+/u)) {
    if (fragment.length >= minimumFragment) forms.add(fragment)
  }
  // Longest first, so a fragment never leaves part of a longer form behind.
  return [...forms].filter((form) => form !== "").sort((a, b) => b.length - a.length)
}

/** `text` with every form of every secret replaced by {@link redactedMarker}. */
export const scrubText = (text: string, secrets: ReadonlyArray<string>): string => {
  let scrubbed = text
  for (const secret of secrets) {
    if (secret === "") continue
    for (const form of formsOf(secret)) {
      if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join(redactedMarker)
    }
  }
  return scrubbed
}

/** Scrubs every string inside a plain value (strings, arrays, plain objects); other values are kept. */
const scrubValue = (value: unknown, secrets: ReadonlyArray<string>): unknown => {
  if (typeof value === "string") return scrubText(value, secrets)
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets))
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets)]))
  }
  return value
}

/** The fields an error class of the family is constructed from: its message and own enumerable fields. */
const fieldsOf = (error: Error): Record<string, unknown> => {
  const { _tag: _, ...fields } = error as unknown as Record<string, unknown>
  return { ...fields, message: error.message }
}

/**
 * `error` with every secret removed from its message and fields (the decoded error body included).
 * Returns the same instance when nothing had to change; otherwise a new instance of the same class,
 * so `instanceof` and `_tag` still work.
 */
export const scrubError = <E extends Error>(error: E, secrets: ReadonlyArray<string>): E => {
  if (secrets.length === 0) return error
  const fields = fieldsOf(error)
  const before = JSON.stringify(fields)
  const scrubbed = scrubValue(fields, secrets) as Record<string, unknown>
  if (JSON.stringify(scrubbed) === before) return error
  const ErrorClass = error.constructor as new (fields: Record<string, unknown>) => E
  return new ErrorClass(scrubbed)
}
