import { relative } from "node:path"
import { fileURLToPath } from "node:url"

/** The spec package directory (holds conversation.openapi.yaml and openapitools.json). */
export const SPEC_DIR = fileURLToPath(new URL("..", import.meta.url))

/** The committed spec, the default input of validate and the default output of sync. */
export const DEFAULT_SPEC = fileURLToPath(new URL("../conversation.openapi.yaml", import.meta.url))

/** A path as messages show it: relative to the working directory when it is inside it. */
export const displayPath = (file: string): string => {
  const rel = relative(process.cwd(), file)
  return rel.startsWith("..") || rel === "" ? file : rel
}
