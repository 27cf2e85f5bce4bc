import type { Pagination } from "@uc-conversation/spec"

/**
 * The intermediate representation: plain, JSON-serialisable data describing one API (no
 * classes, functions or cycles; a field that is `undefined` is simply absent in JSON). The
 * emitter reads only this, never the OpenAPI document.
 */

/** Documentation carried by any schema node. */
export interface IrDocs {
  readonly description?: string
  readonly deprecated?: boolean
}

/** A schema node. Component references stay named (`ref`), they are never inlined. */
export type IrSchema =
  | ({ readonly kind: "ref"; readonly target: string } & IrDocs)
  | ({ readonly kind: "string"; readonly format?: string } & IrDocs)
  | ({ readonly kind: "number"; readonly format?: string } & IrDocs)
  | ({ readonly kind: "integer"; readonly format?: "int32" | "int64" } & IrDocs)
  | ({ readonly kind: "boolean" } & IrDocs)
  | ({ readonly kind: "null" } & IrDocs)
  | ({ readonly kind: "unknown" } & IrDocs)
  | ({ readonly kind: "literal"; readonly value: string | number | boolean } & IrDocs)
  /** A string enum, decoded leniently: known literals plus any string. */
  | ({ readonly kind: "enum"; readonly values: ReadonlyArray<string> } & IrDocs)
  | ({ readonly kind: "array"; readonly items: IrSchema } & IrDocs)
  | ({
      readonly kind: "object"
      readonly properties: ReadonlyArray<IrProperty>
      /** Schema of the extra keys (`additionalProperties`); undefined = no index signature. */
      readonly additional: IrSchema | undefined
    } & IrDocs)
  | ({
      readonly kind: "union"
      readonly members: ReadonlyArray<IrSchema>
      readonly discriminator: IrDiscriminator | undefined
    } & IrDocs)
  | ({ readonly kind: "nullable"; readonly inner: IrSchema } & IrDocs)

/** One `IrSchema["kind"]`. */
export type IrSchemaKind = IrSchema["kind"]

/** `discriminator` of a oneOf/anyOf: property name and value → component name. */
export interface IrDiscriminator {
  readonly propertyName: string
  readonly mapping: ReadonlyArray<{ readonly value: string; readonly target: string }>
}

/** One property of an object schema. */
export interface IrProperty {
  readonly name: string
  readonly required: boolean
  /** Optional and also accepts null (x-uc-optional-fields-nullable). */
  readonly nullish: boolean
  readonly schema: IrSchema
}

/** A component schema (`#/components/schemas/<name>`). */
export interface IrNamedSchema {
  readonly name: string
  readonly pointer: string
  readonly schema: IrSchema
  /** Part of a reference cycle (directly or through other components). */
  readonly recursive: boolean
}

/** One parameter; `name` is the wire name and the key in the args object. */
export interface IrParameter {
  readonly name: string
  readonly in: "path" | "query" | "header"
  readonly required: boolean
  readonly explode: boolean
  readonly schema: IrSchema
  readonly description: string | undefined
}

/** A request body (`args.body`). */
export interface IrRequestBody {
  readonly contentType: string
  readonly required: boolean
  readonly schema: IrSchema
  readonly description: string | undefined
}

/** A declared response: status key ("200", "4XX", "default") and its body schema, if any. */
export interface IrResponse {
  readonly status: string
  readonly description: string | undefined
  readonly contentType: string | undefined
  readonly schema: IrSchema | undefined
}

/** One operation. */
export interface IrOperation {
  readonly operationId: string
  readonly pointer: string
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS"
  readonly path: string
  readonly tags: ReadonlyArray<string>
  readonly summary: string | undefined
  readonly description: string | undefined
  readonly deprecated: boolean
  readonly parameters: ReadonlyArray<IrParameter>
  readonly requestBody: IrRequestBody | undefined
  /** The 2xx response whose body is decoded; undefined when no 2xx declares a body (void). */
  readonly success: IrResponse | undefined
  /** Non-2xx responses with a body, by status. */
  readonly errors: ReadonlyArray<IrResponse>
  readonly retrySafe: boolean
  readonly scopes: ReadonlyArray<string>
  /** Names of the security schemes the operation accepts (any one suffices). */
  readonly security: ReadonlyArray<string>
  /** x-uc-pagination, as the spec library reads it, plus the default page size. */
  readonly pagination: IrPagination | undefined
}

/** An operation's x-uc-pagination (its limit and offset are declared query parameters). */
export interface IrPagination extends Pagination {
  /** The limit parameter's schema `default` when it lies in [1, max], else `max`. */
  readonly defaultPageSize: number
}

/** A security scheme, reduced to what a client needs to know. */
export interface IrSecurityScheme {
  readonly name: string
  readonly type: string
  /** apiKey: where and under which name; http: scheme; oauth2: flows' scopes. */
  readonly in: string | undefined
  readonly parameterName: string | undefined
  readonly scheme: string | undefined
  readonly scopes: ReadonlyArray<string>
  readonly description: string | undefined
}

/** The whole API. */
export interface IrApi {
  readonly title: string
  readonly version: string
  readonly description: string | undefined
  readonly sourceVersion: string
  readonly defaultBaseUrl: string
  readonly defaultHeaders: Readonly<Record<string, string>>
  readonly errorMessageHeader: string | undefined
  /** The service name: option, else the single tag shared by every operation, else "Api". */
  readonly serviceName: string
  readonly schemas: ReadonlyArray<IrNamedSchema>
  readonly operations: ReadonlyArray<IrOperation>
  readonly securitySchemes: ReadonlyArray<IrSecurityScheme>
}
