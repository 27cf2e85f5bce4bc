/**
 * `@uc-conversation/core`: an Effect 4 client for UltraCart's ConversationApi.
 *
 * @module
 */
export * from "./runtime/contract.ts"
