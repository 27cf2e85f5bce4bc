import type { IrApi } from "../ir/types.ts"

/** Renders metadata.gen.ts: document-level data (base URL, default headers, security schemes). */
export const renderMetadata = (api: IrApi): ReadonlyArray<string> => {
  const schemes = api.securitySchemes.map((s) => {
    const fields = [
      `type: ${JSON.stringify(s.type)}`,
      ...(s.in === undefined ? [] : [`in: ${JSON.stringify(s.in)}`]),
      ...(s.parameterName === undefined ? [] : [`name: ${JSON.stringify(s.parameterName)}`]),
      ...(s.scheme === undefined ? [] : [`scheme: ${JSON.stringify(s.scheme)}`]),
      `scopes: [${s.scopes.map((x) => JSON.stringify(x)).join(", ")}]`
    ]
    return `${JSON.stringify(s.name)}: { ${fields.join(", ")} }`
  })
  const headers = Object.keys(api.defaultHeaders)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${JSON.stringify(api.defaultHeaders[k])}`)
  return [
    `/** ${api.title} ${api.version}: what the runtime needs to know about the whole document. */
export const apiMetadata: ApiMetadata = {
  title: ${JSON.stringify(api.title)},
  version: ${JSON.stringify(api.version)},
  defaultBaseUrl: ${JSON.stringify(api.defaultBaseUrl)},
  defaultHeaders: {${headers.length === 0 ? "" : ` ${headers.join(", ")} `}},
  errorMessageHeader: ${api.errorMessageHeader === undefined ? "undefined" : JSON.stringify(api.errorMessageHeader)}
}`,
    `/** The document's security schemes, by name. */
export const securitySchemes = {${schemes.length === 0 ? "" : `\n  ${schemes.join(",\n  ")}\n`}} as const`
  ]
}
