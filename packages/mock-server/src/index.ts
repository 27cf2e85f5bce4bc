/**
 * `@uc-conversation/mock-server`: a stateful fake of UltraCart's ConversationApi on loopback,
 * checked against the OpenAPI document, with fault injection. See README.md.
 *
 * @module
 */

export { API_VERSION } from "./internal/api.ts"
export {
  type ConversationMessage,
  type ConversationParticipant,
  DEFAULT_OAUTH_TOKEN,
  DEFAULT_SIMPLE_KEY,
  type FaultSpec,
  type MockServer,
  type MockServerOptions,
  type Mutation,
  type RequestLogEntry,
  type StoredConversation,
  type StoredUpload,
  startMockServer
} from "./MockServer.ts"
