import type { IrApi, IrSchema } from "../ir/types.ts"
import type { Names } from "./naming.ts"

const cell = (text: string | undefined): string =>
  (text ?? "").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")

/** A short, readable type for tables (not TypeScript-exact). */
export const displayType = (schema: IrSchema, names: Names): string => {
  switch (schema.kind) {
    case "ref":
      return names.schema.get(schema.target) ?? schema.target
    case "integer":
      return schema.format ?? "integer"
    case "string":
      return schema.format === undefined ? "string" : `string (${schema.format})`
    case "literal":
      return JSON.stringify(schema.value)
    case "enum":
      return `${schema.values.map((v) => JSON.stringify(v)).join(" \\| ")} \\| string`
    case "array":
      return `Array<${displayType(schema.items, names)}>`
    case "nullable":
      return `${displayType(schema.inner, names)} \\| null`
    case "union":
      return schema.members.map((m) => displayType(m, names)).join(" \\| ")
    case "object":
      return schema.properties.length === 0 && schema.additional !== undefined
        ? `Record<string, ${displayType(schema.additional, names)}>`
        : "object"
    default:
      return schema.kind
  }
}

/** Renders api.md: every method with its parameters, result and errors. */
export const renderApiMarkdown = (api: IrApi, names: Names, header: string): string => {
  const out: Array<string> = [
    `<!-- ${header} -->`,
    "",
    `# ${api.serviceName}`,
    "",
    `${api.title} ${api.version}. Base URL \`${api.defaultBaseUrl}\`.`,
    "",
    "Every method is also a standalone function returning `Effect<Result, UltraCartError, UltraCartClient>`.",
    "",
    "| Method | HTTP | Summary |",
    "| --- | --- | --- |"
  ]
  for (const op of api.operations) {
    const fn = names.operation.get(op.operationId)?.fn ?? op.operationId
    out.push(`| [\`${fn}\`](#${fn.toLowerCase()}) | \`${op.method} ${op.path}\` | ${cell(op.summary)} |`)
  }
  for (const op of api.operations) {
    const own = names.operation.get(op.operationId)
    const fn = own?.fn ?? op.operationId
    out.push("", `## ${fn}`, "", `\`${op.method} ${op.path}\`${op.deprecated ? " (deprecated)" : ""}`, "")
    if (op.summary !== undefined) out.push(op.summary, "")
    if (op.description !== undefined && op.description !== op.summary) out.push(op.description, "")
    out.push(`Arguments: \`${own?.args ?? "args"}\``, "")
    if (op.parameters.length === 0 && op.requestBody === undefined) out.push("No parameters.", "")
    else {
      out.push("| Name | In | Type | Required | Description |", "| --- | --- | --- | --- | --- |")
      for (const p of op.parameters) {
        out.push(
          `| \`${p.name}\` | ${p.in} | ${displayType(p.schema, names)} | ${p.required ? "yes" : "no"} | ${cell(p.description)} |`
        )
      }
      if (op.requestBody !== undefined) {
        const b = op.requestBody
        out.push(
          `| \`body\` | body (${b.contentType}) | ${displayType(b.schema, names)} | ${b.required ? "yes" : "no"} | ${cell(b.description)} |`
        )
      }
      out.push("")
    }
    out.push(
      `Result: ${op.success?.schema === undefined ? "`void` (any 2xx)" : `\`${displayType(op.success.schema, names)}\` (${op.success.status})`}`,
      ""
    )
    if (op.errors.length > 0) {
      out.push("Errors:", "")
      for (const e of op.errors) {
        out.push(
          `- \`${e.status}\`: ${e.schema === undefined ? "no body" : `\`${displayType(e.schema, names)}\``}${e.description === undefined ? "" : ` (${cell(e.description)})`}`
        )
      }
      out.push("")
    }
    out.push(
      `Retry-safe: ${op.retrySafe ? "yes" : "no"}. Scopes: ${op.scopes.length === 0 ? "none" : op.scopes.map((s) => `\`${s}\``).join(", ")}.`
    )
  }
  return `${out.join("\n")}\n`
}
