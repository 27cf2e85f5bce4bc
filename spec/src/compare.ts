import { documentTo31, toOpenApi3 } from "./convert.ts"
import { type DiffReport, diffDocuments } from "./diff.ts"
import type { JsonObject } from "./json.ts"
import { loadDocument } from "./load.ts"
import { requireConversationOperations } from "./operations.ts"
import { checkRefs } from "./refs.ts"

/**
 * Loads a document for comparison: Swagger 2.0 and OAS 3.0 are brought to OAS 3.1 first, so
 * that a format change alone is not reported. Fails (SpecError) on a missing or unparsable
 * file, an unresolvable `$ref` or a document without Conversation operations.
 */
export const loadForDiff = async (file: string): Promise<JsonObject> => {
  const { doc } = await loadDocument(file)
  checkRefs(doc, file)
  const normalised = documentTo31(await toOpenApi3(doc, file))
  requireConversationOperations(normalised, file)
  return normalised
}

/** The JSON the diff CLI prints with `--json` (shape documented in spec/README.md). */
export interface DiffJson extends DiffReport {
  readonly old: string
  readonly new: string
}

/** Loads and diffs two files. The release tooling calls this. */
export const diffFiles = async (oldFile: string, newFile: string): Promise<DiffJson> => {
  const [a, b] = await Promise.all([loadForDiff(oldFile), loadForDiff(newFile)])
  return { old: oldFile, new: newFile, ...diffDocuments(a, b) }
}
