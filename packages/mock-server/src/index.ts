/**
 * `@uc-conversation/mock-server`: a stateful fake of UltraCart's ConversationApi on loopback,
 * checked against the OpenAPI document, with fault injection. See README.md.
 *
 * @module
 */

export { createManualClock } from "./internal/clock.ts"
export { DEFAULT_RATE_LIMIT, ultracartRateLimit } from "./internal/rateLimitConfig.ts"
export {
  type BucketLevel,
  type ConversationMessage,
  type ConversationParticipant,
  DEFAULT_OAUTH_TOKEN,
  DEFAULT_SIMPLE_KEY,
  type FaultSpec,
  type ManualClock,
  type MockClock,
  type MockServer,
  type MockServerOptions,
  type Mutation,
  type QueueEntry,
  type RateLimitBucket,
  type RateLimitConfig,
  type RateLimitInput,
  type RateLimitOption,
  type RateLimitSnapshot,
  type RequestLogEntry,
  type StoredConversation,
  type StoredUpload,
  startMockServer
} from "./MockServer.ts"
