/**
 * `@uc-conversation/node`: run the UltraCart Conversation client on Node.js.
 *
 * @module
 */
export * as ConversationApiNode from "./ConversationApiNode.ts"
