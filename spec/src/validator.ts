/**
 * @readme/openapi-parser's validation (the OpenAPI/Swagger JSON Schemas plus its semantic rules),
 * with every finding pinned to the node at fault: the generator and `spec:validate` both read
 * the document through this.
 */
import type { validate } from "@readme/openapi-parser"
import type { Json, JsonObject } from "./json.ts"
import { locateMessage } from "./locate.ts"

/** Rules of the validator that can be lowered from error to warning (its names). */
export type ValidatorRule =
  | "array-without-items"
  | "duplicate-non-request-body-parameters"
  | "duplicate-operation-id"
  | "invalid-security-scheme-properties"
  | "non-optional-path-parameters"
  | "path-parameters-not-in-parameters"
  | "path-parameters-not-in-path"

/** One finding: the node at fault and the validator's message (its first line). */
export interface ValidatorIssue {
  readonly pointer: string
  readonly message: string
}

/** Every finding of one validation. */
export interface ValidatorResult {
  readonly valid: boolean
  readonly errors: ReadonlyArray<ValidatorIssue>
  readonly warnings: ReadonlyArray<ValidatorIssue>
  /**
   * Errors the validator found but did not list (it lists 20 on documents over 5 MB). Each
   * listed error is reported; this says how many more there are.
   */
  readonly unlisted: number
}

/** Options of {@link validateDocument}. */
export interface ValidateOptions {
  /** Rules reported as warnings instead of errors. */
  readonly warn?: ReadonlyArray<ValidatorRule>
}

/**
 * Loads the validator (@readme/openapi-parser and its dependencies, a large part of a
 * validation's time) ahead of {@link validateDocument}, which otherwise loads it on first use.
 */
export const loadValidator = async (): Promise<void> => {
  await import("@readme/openapi-parser")
}

const firstLine = (message: string): string => (message.split("\n")[0] ?? message).trim()

/**
 * Validates a document (with local `$ref`s only: bundle first). The validator dereferences in
 * place, so it works on copies and `doc` keeps its named `$ref`s.
 */
export const validateDocument = async (
  doc: JsonObject,
  options: ValidateOptions = {}
): Promise<ValidatorResult> => {
  const rules = Object.fromEntries((options.warn ?? []).map((r) => [r, "warning" as const]))
  // Loaded on first use, so the library's readers (load, refs, sync) start without the validator.
  const { dereference, validate } = await import("@readme/openapi-parser")
  let result: Awaited<ReturnType<typeof validate>>
  try {
    result = await validate(structuredClone(doc) as never, {
      validate: { rules: { openapi: rules, swagger: rules } }
    })
  } catch (e) {
    // It throws on what it does not handle at all (OpenAPI 3.2): a finding, not a crash.
    return {
      valid: false,
      errors: [{ pointer: "", message: firstLine(String(e instanceof Error ? e.message : e)) }],
      warnings: [],
      unlisted: 0
    }
  }
  const issues = async (
    list: ReadonlyArray<{ readonly message: string }>
  ): Promise<Array<ValidatorIssue>> => {
    const needsFrame = list.some((e) => /^>\s*\d+\s*\|/m.test(e.message))
    // The document the validator checked, for its code frames; without it, findings go to the root.
    const copy = needsFrame
      ? await dereference(structuredClone(doc) as never, { dereference: { circular: "ignore" } }).then(
          (d) => d as unknown as Json,
          () => null
        )
      : null
    // A node reached through several `$ref`s is reported once per path to it: keep one.
    const seen = new Set<string>()
    return list.flatMap((e) => {
      const issue = { pointer: locateMessage(doc, e.message, () => copy), message: firstLine(e.message) }
      const key = `${issue.pointer} ${issue.message}`
      if (seen.has(key)) return []
      seen.add(key)
      return [issue]
    })
  }
  const warnings = await issues(result.warnings)
  if (result.valid) return { valid: true, errors: [], warnings, unlisted: 0 }
  return { valid: false, errors: await issues(result.errors), warnings, unlisted: result.additionalErrors }
}
