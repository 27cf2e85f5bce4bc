/**
 * `@uc-conversation/core`: an Effect 4 client for UltraCart's ConversationApi.
 *
 * - `ConversationApi` (a service bundling every operation) and the standalone operation functions
 *   (`getConversation(args)`, … — import only what you call), with their models and definitions.
 * - `UltraCartClient`: configuration and policy (base URL, auth, retries, timeouts, response
 *   size limit).
 * - The error family (`BadRequest`, `Unauthorized`, `RateLimited`, `ResponseTooLarge`, …), one
 *   base class `UltraCartErrorBase` and one guard `isUltraCartError`; `UltraCartConfigError` for
 *   an unusable configuration.
 * - Helpers: `conversations` (paging stream), `messagesSince` (tailing stream), `keepAlive`,
 *   `uploadMultimedia`; `rateBudget` / `rateBudgetChanges`, the credential scheduler's budget.
 * - `createConversationClient`: the same, with Promises, for code that does not use Effect (and
 *   its lifecycle errors, `ClientDisposed` and `CallInterrupted`).
 *
 * @module
 */
export * from "./facade.ts"
export * from "./generated/index.gen.ts"
export * from "./helpers/budget.ts"
export * from "./helpers/conversations.ts"
export * from "./helpers/keepAlive.ts"
export * from "./helpers/messages.ts"
export * from "./helpers/upload.ts"
export * from "./helpers/uploadFile.ts"
export * from "./runtime/contract.ts"
export * as FetchTransport from "./runtime/fetchTransport.ts"
