/**
 * `@uc-conversation/node/undici`: the Node adapter over undici (`@effect/platform-node`), for
 * applications that want undici's pool and dispatcher options. `@uc-conversation/node` itself
 * uses Node's built-in fetch and does not load undici.
 *
 * @module
 */
export * as ConversationApiNodeUndici from "./ConversationApiNodeUndici.ts"
