/**
 * The runtime contract between the generator and core (see generator/README.md). Generated code
 * imports only from this module. It re-exports the small modules that implement it.
 *
 * @module
 */

export { defaultMaxResponseBytes } from "./body.ts"
export { UltraCartClient, type UltraCartClientService } from "./client.ts"
export type { AuthScheme, Credential, UltraCartClientOptions } from "./config.ts"
export {
  ApplicationDisabled,
  BadRequest,
  ConfigError,
  InvalidRequest,
  isUltraCartError,
  RateLimited,
  ResponseDecode,
  ResponseTooLarge,
  ServerError,
  Timeout,
  Transport,
  UltraCartConfigError,
  type UltraCartError,
  UltraCartErrorBase,
  Unauthorized,
  UnexpectedStatus
} from "./errors.ts"
export { execute } from "./execute.ts"
export type {
  ApiMetadata,
  CallOptions,
  HttpMethod,
  OperationDefinition,
  ParameterDefinition
} from "./operation.ts"
export { type PageItem, type PaginateOptions, type PaginationDefinition, paginate } from "./paginate.ts"
export { defaultRetryPolicy, type RetryOptions, type RetryPolicy, retryAfterCeiling } from "./retry.ts"
export { Int32, Int64, Integer, Nullish, OpenEnum } from "./schemas.ts"
