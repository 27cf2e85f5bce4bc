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
}

/** Renders operations/<fn>.gen.ts's body. */
export const renderOperation = (
  op: IrOperation,
  names: Names,
  schemaByName: ReadonlyMap<string, IrSchema>
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
  return {
    names: own,
    statements,
    helpers: ctx.helpers,
    components: ctx.components,
    successType,
    successTypeExport,
    argsOptional: allOptional
  }
}
