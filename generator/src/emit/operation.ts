import type { IrOperation, IrProperty, IrSchema } from "../ir/types.ts"
import type { Names, OperationNames } from "./naming.ts"
import { type Helper, jsDoc, type RenderContext, schemaCode, structCode } from "./schemaCode.ts"

/** One operation module's code, before imports are attached. */
export interface OperationModule {
  readonly names: OperationNames
  readonly statements: ReadonlyArray<string>
  readonly helpers: ReadonlySet<Helper>
  /** Component names the module imports from models.gen.ts. */
  readonly components: ReadonlySet<string>
  /** TypeScript type of the decoded success body ("void" for void operations). */
  readonly successType: string
  /** Identifier of the success type, to import from this module, if it is declared here. */
  readonly successTypeExport: string | undefined
  /** The args object may be omitted (no required parameter or body). */
  readonly argsOptional: boolean
  /** `<op>Stream` when the operation is paginated (x-uc-pagination) and emitted as such. */
  readonly stream: string | undefined
}

// The success body's object schema (a component ref followed), to check the items member exists.
const objectOf = (
  schema: IrSchema | undefined,
  schemaByName: ReadonlyMap<string, IrSchema>
): (IrSchema & { kind: "object" }) | undefined => {
  const seen = new Set<string>()
  let current = schema
  while (current !== undefined && current.kind === "ref" && !seen.has(current.target)) {
    seen.add(current.target)
    current = schemaByName.get(current.target)
  }
  return current?.kind === "object" ? current : undefined
}

/** Renders operations/<fn>.gen.ts's body. */
export const renderOperation = (
  op: IrOperation,
  names: Names,
  schemaByName: ReadonlyMap<string, IrSchema>,
  warn: (pointer: string, message: string) => void = () => {}
): OperationModule => {
  const own = names.operation.get(op.operationId)
  if (own === undefined) throw new Error(`no names for ${op.operationId}`)
  const ctx: RenderContext = {
    identifier: (name) => names.schema.get(name) ?? "Schema.Unknown",
    isLazy: () => false,
    schemaOf: (name) => schemaByName.get(name),
    hasInterface: () => false,
    helpers: new Set(),
    components: new Set()
  }
  const fields: Array<IrProperty> = op.parameters.map((p) => ({
    name: p.name,
    required: p.required,
    nullish: false,
    schema: p.description === undefined ? p.schema : { ...p.schema, description: p.description }
  }))
  if (op.requestBody !== undefined) {
    const body = op.requestBody
    fields.push({
      name: "body",
      required: body.required,
      nullish: false,
      schema: body.description === undefined ? body.schema : { ...body.schema, description: body.description }
    })
  }
  const statements: Array<string> = []
  statements.push(
    `/** Arguments of {@link ${own.fn}}. */\nexport const ${own.args} = ${structCode(fields, ctx)}`,
    `/** Arguments of {@link ${own.fn}}. */\nexport type ${own.args} = typeof ${own.args}.Type`
  )
  let successCode = "undefined"
  let successType = "void"
  let successTypeExport: string | undefined
  const success = op.success?.schema
  if (success !== undefined) {
    if (success.kind === "ref" && names.schema.has(success.target)) {
      successCode = schemaCode(success, ctx)
      successType = names.schema.get(success.target) as string
    } else {
      statements.push(
        `/** Success body of {@link ${own.fn}}. */\nexport const ${own.success} = ${schemaCode(success, ctx)}`,
        `/** Success body of {@link ${own.fn}}. */\nexport type ${own.success} = typeof ${own.success}.Type`
      )
      successCode = own.success
      successType = own.success
      successTypeExport = own.success
    }
  }
  const errors = op.errors
    .filter((e): e is typeof e & { schema: IrSchema } => e.schema !== undefined)
    .map((e) => `${JSON.stringify(e.status)}: ${schemaCode(e.schema, ctx)}`)
  const parameters = op.parameters.map(
    (p) =>
      `{ name: ${JSON.stringify(p.name)}, in: ${JSON.stringify(p.in)}, required: ${p.required}, explode: ${p.explode} }`
  )
  const body =
    op.requestBody === undefined
      ? "undefined"
      : `{ contentType: ${JSON.stringify(op.requestBody.contentType)}, required: ${op.requestBody.required} }`
  const list = (items: ReadonlyArray<string>, open: string, close: string): string =>
    items.length === 0 ? `${open}${close}` : `${open}\n    ${items.join(",\n    ")}\n  ${close}`
  statements.push(
    `/** How {@link ${own.fn}} is sent: plain data for the runtime's \`execute\`. */
export const ${own.definition}: OperationDefinition<${own.args}, ${successType}> = {
  operationId: ${JSON.stringify(op.operationId)},
  method: ${JSON.stringify(op.method)},
  pathTemplate: ${JSON.stringify(op.path)},
  parameters: ${list(parameters, "[", "]")},
  requestBody: ${body},
  args: ${own.args},
  success: ${successCode},
  errors: ${list(
    errors.map((e) => e.replace(/\n/g, "\n    ")),
    "{",
    "}"
  )},
  retrySafe: ${op.retrySafe},
  scopes: [${op.scopes.map((s) => JSON.stringify(s)).join(", ")}],
  summary: ${op.summary === undefined ? "undefined" : JSON.stringify(op.summary)}
}`
  )
  const docText = [op.summary, op.description !== op.summary ? op.description : undefined]
    .filter((t) => t !== undefined)
    .join("\n\n")
  const signature = `${op.method} ${op.path}`
  const allOptional = fields.every((f) => !f.required)
  statements.push(
    `${jsDoc(docText === "" ? signature : `${docText}\n\n\`${signature}\``, op.deprecated)}export const ${own.fn} = (args: ${own.args}${allOptional ? " = {}" : ""}, options?: CallOptions) =>\n  execute(${own.definition}, args, options)`
  )
  let stream: string | undefined
  const pagination = op.pagination
  if (pagination !== undefined && own.paging !== undefined) {
    const body = objectOf(op.success?.schema, schemaByName)
    const items = body?.properties.find((p) => p.name === pagination.items)
    const isList = (s: IrSchema | undefined): boolean =>
      s !== undefined &&
      (s.kind === "array" ||
        (s.kind === "nullable" && isList(s.inner)) ||
        (s.kind === "ref" && isList(schemaByName.get(s.target))))
    if (items === undefined || !isList(items.schema)) {
      warn(
        `${op.pointer}/x-uc-pagination`,
        `x-uc-pagination names items "${pagination.items}", which is not an array member of the success body; no paginator emitted`
      )
    } else {
      const { pagination: pagingId, filter, stream: streamId } = own.paging
      const paged = new Set([pagination.limit, pagination.offset])
      const filterOptional = fields.every((f) => !f.required || paged.has(f.name))
      statements.push(
        `/** Paging of {@link ${own.fn}}, from its \`x-uc-pagination\`. */
export const ${pagingId}: PaginationDefinition<${JSON.stringify(pagination.items)}> = {
  limit: ${JSON.stringify(pagination.limit)},
  offset: ${JSON.stringify(pagination.offset)},
  items: ${JSON.stringify(pagination.items)},
  maxPageSize: ${pagination.max},
  defaultPageSize: ${pagination.defaultPageSize}
}`,
        `/** Arguments of {@link ${streamId}}: those of {@link ${own.fn}} without the paging pair. */
export type ${filter} = Omit<${own.args}, ${JSON.stringify(pagination.limit)} | ${JSON.stringify(pagination.offset)}>`,
        `/**
 * Every \`${pagination.items}\` item of {@link ${own.fn}}, page by page (\`${pagination.limit}\`/\`${pagination.offset}\`,
 * ${pagination.defaultPageSize} a page unless \`pageSize\` says otherwise, at most ${pagination.max}). Lazy; stops at a short
 * page or at \`total_records\`; each page is a \`background\` call unless \`priority\` says otherwise.
 */
export const ${streamId} = (filter: ${filter}${filterOptional ? " = {}" : ""}, options?: PaginateOptions) =>
  paginate(${own.definition}, ${pagingId}, filter, options)`
      )
      stream = streamId
    }
  }
  return {
    stream,
    names: own,
    statements,
    helpers: ctx.helpers,
    components: ctx.components,
    successType,
    successTypeExport,
    argsOptional: allOptional
  }
}
