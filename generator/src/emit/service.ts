import type { IrApi } from "../ir/types.ts"
import { operationsTableName, paginatorsTableName } from "./naming.ts"
import type { OperationModule } from "./operation.ts"

/** The service's statements and what it imports from each operation module / models. */
export interface ServiceModule {
  readonly statements: ReadonlyArray<string>
}

/**
 * Renders `<Service>.gen.ts`: a `Context.Service` whose methods are the operations with the
 * `UltraCartClient` requirement already satisfied, plus `make` and `layer`, and the operations
 * table (`<service>Operations`, every method name in spec order) that the Promise facade is built
 * from, so adding an operation to the spec adds it there without hand-written code.
 */
export const renderService = (api: IrApi, operations: ReadonlyArray<OperationModule>): ServiceModule => {
  const service = api.serviceName
  const shape = operations.map(
    (op) =>
      `/** See {@link ${op.names.fn}}. */\n  readonly ${op.names.fn}: (args${op.argsOptional ? "?" : ""}: ${op.names.args}, options?: CallOptions) => Effect.Effect<${op.successType}, UltraCartError>`
  )
  const methods = operations.map(
    (op) => `${op.names.fn}: (args, options) => run(${op.names.fn}(args, options))`
  )
  const table = operationsTableName(service)
  const tableRows =
    operations.length === 0
      ? ""
      : `\n  ${operations.map((op) => JSON.stringify(op.names.fn)).join(",\n  ")}\n`
  const paged = operations.filter((op) => op.stream !== undefined)
  const pagedRows =
    paged.length === 0 ? "" : `\n  ${paged.map((op) => `${op.names.fn}: ${op.stream}`).join(",\n  ")}\n`
  return {
    statements: [
      `/** Every operation of ${api.title}, as methods that need nothing but this service. */
export interface ${service}Shape {
  ${shape.join("\n  ")}
}`,
      `/**
 * ${api.title} as a service. Each method sends one operation through the
 * \`UltraCartClient\` captured when the service was built.
 */
export class ${service} extends Context.Service<${service}, ${service}Shape>()("@uc-conversation/core/${service}") {
  /** Builds the service from the \`UltraCartClient\` in context. */
  static readonly make: Effect.Effect<${service}Shape, never, UltraCartClient> = Effect.gen(function* () {
    const client = yield* UltraCartClient
    const run = <A>(effect: Effect.Effect<A, UltraCartError, UltraCartClient>): Effect.Effect<A, UltraCartError> =>
      Effect.provideService(effect, UltraCartClient, client)
    return {
      ${methods.join(",\n      ")}
    }
  })

  /** The service, given an \`UltraCartClient\`. */
  static readonly layer: Layer.Layer<${service}, never, UltraCartClient> = Layer.effect(${service}, ${service}.make)
}`,
      `/** The name of every method of {@link ${service}Shape}, in the spec's order. */
export const ${table}: ReadonlyArray<keyof ${service}Shape> = [${tableRows}]`,
      `/**
 * Every operation with \`x-uc-pagination\`, by method name: its \`<op>Stream\` (a \`Stream\` of its
 * items, page by page). The Promise facade's async iterables are built from it.
 */
export const ${paginatorsTableName(service)} = {${pagedRows}} as const`
    ]
  }
}
