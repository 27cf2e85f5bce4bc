/**
 * `@uc-conversation/bun`: run the UltraCart Conversation client on Bun.
 *
 * @module
 */
export * as ConversationApiBun from "./ConversationApiBun.ts"
