import { readFileSync, writeFileSync } from "node:fs"
import { parseJsonOrYaml } from "@uc-conversation/spec"

// The repository's one reader of OpenAPI text (JSON or YAML).
const parse = (text: string): unknown => parseJsonOrYaml("spec", text)

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * Writes the conversation spec multiplied `factor` times as JSON: copy i gets its paths under
 * `/v<i>`, operationIds and component schemas suffixed `V<i>`, and its `$ref`s rewritten, so
 * every generator sees `factor` times the operations and schemas. `{ suffix: false }` with
 * factor 1 writes the document itself as JSON, unchanged.
 */
export const writeSynthetic = (
  source: string,
  factor: number,
  target: string,
  options: { readonly suffix: boolean } = { suffix: true }
): void => {
  if (!options.suffix) {
    writeFileSync(target, `${JSON.stringify(parse(readFileSync(source, "utf8")), null, 2)}\n`)
    return
  }
  const doc = parse(readFileSync(source, "utf8")) as { [key: string]: Json }
  const paths = isObject(doc.paths) ? doc.paths : {}
  const components = isObject(doc.components) ? doc.components : {}
  const schemas = isObject(components.schemas) ? components.schemas : {}
  const outPaths: { [key: string]: Json } = {}
  const outSchemas: { [key: string]: Json } = {}
  for (let i = 1; i <= factor; i++) {
    const suffix = `V${i}`
    const rename = (value: Json): Json =>
      JSON.parse(
        JSON.stringify(value)
          .replace(/"#\/components\/schemas\/([^"]+)"/g, `"#/components/schemas/$1${suffix}"`)
          .replace(/"operationId":"([^"]+)"/g, `"operationId":"$1${suffix}"`)
      ) as Json
    for (const [path, item] of Object.entries(paths)) outPaths[`/v${i}${path}`] = rename(item)
    for (const [name, schema] of Object.entries(schemas)) outSchemas[`${name}${suffix}`] = rename(schema)
  }
  const { "x-uc-sync-operations": _dropped, ...rest } = doc
  const out = { ...rest, paths: outPaths, components: { ...components, schemas: outSchemas } }
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`)
}

const methods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"])

/** Operations and component schemas a spec file declares. */
export const countOf = (file: string): { operations: number; schemas: number } => {
  const doc = parse(readFileSync(file, "utf8")) as { [key: string]: Json }
  const paths = isObject(doc.paths) ? doc.paths : {}
  let operations = 0
  for (const item of Object.values(paths)) {
    if (isObject(item)) operations += Object.keys(item).filter((k) => methods.has(k)).length
  }
  const components = isObject(doc.components) ? doc.components : {}
  return { operations, schemas: isObject(components.schemas) ? Object.keys(components.schemas).length : 0 }
}
