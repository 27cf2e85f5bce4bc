/**
 * `@uc-conversation/deno`: run the UltraCart Conversation client on Deno.
 *
 * @module
 */
export * as ConversationApiDeno from "./ConversationApiDeno.ts"
export { DenoPermissionError } from "./DenoPermissionError.ts"
