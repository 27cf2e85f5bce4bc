import { rename, rm, writeFile } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import type { JsonObject } from "./json.ts"
import { yamlLibrary } from "./load.ts"

const HEADER = [
  " UltraCart ConversationApi, OpenAPI 3.1.",
  " Written by `pnpm spec:sync` from UltraCart's published spec. Do not edit by hand, except the",
  " x-uc-* extensions (documented in spec/README.md), which sync carries over.",
  " Check: `pnpm spec:validate`. Compare two versions: `pnpm spec:diff <old> <new>`."
].join("\n")

/**
 * The committed YAML form: a fixed header comment, keys in document order, no line folding (so
 * descriptions stay verbatim) and no anchors. Same input, same bytes.
 */
export const toYaml = (doc: JsonObject): string => {
  const document = new (yamlLibrary().Document)(doc, { aliasDuplicateObjects: false, version: "1.1" })
  document.commentBefore = HEADER
  return document.toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true })
}

/** Writes through a temporary file in the same directory and a rename, so readers never see half a file. */
export const writeFileAtomic = async (file: string, text: string): Promise<void> => {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  try {
    await writeFile(tmp, text, "utf8")
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
}
