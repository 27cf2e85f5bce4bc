import { defaultHeadersOf, errorHeaderOf, type JsonObject } from "@uc-conversation/spec"

/**
 * What the spec says about UltraCart's wire beyond its operations: the header that carries a
 * readable error message (`x-uc-error-header`) and the headers every request carries
 * (`x-uc-default-headers`: UltraCart's SDKs send `X-UltraCart-Api-Version`, and the mock insists
 * on it). Read once from the document, so no name or version is typed again in the mock.
 */
export interface WireDialect {
  /** The error header's name; undefined when the spec names none (then errors carry no such header). */
  readonly errorHeader: string | undefined
  /** Header name → the one value the mock accepts, as the spec states them. */
  readonly requiredHeaders: Readonly<Record<string, string>>
}

/** The dialect a document states. */
export const dialectOf = (document: JsonObject): WireDialect => ({
  errorHeader: errorHeaderOf(document),
  requiredHeaders: defaultHeadersOf(document)
})
