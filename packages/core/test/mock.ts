/**
 * The mock UltraCart server as a scoped test resource, and client layers pointed at it.
 */
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Effect, Layer, Redacted, type Scope } from "effect"
import { FetchHttpClient } from "effect/http"
import { ConversationApi } from "../src/generated/ConversationApi.gen.ts"
import { UltraCartClient } from "../src/runtime/client.ts"
import type { UltraCartClientOptions } from "../src/runtime/config.ts"

/** Starts the mock for the current scope; it closes with the scope. */
export const mockServer: Effect.Effect<MockServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.promise(() => startMockServer({ port: 0 })),
  (mock) => Effect.promise(() => mock.close())
)

/** Which credential the client sends. */
export type AuthKind = "simpleKey" | "oauthToken"

/** UltraCartClient + ConversationApi against `mock`, with fast retries unless overridden. */
export const mockClient = (
  mock: MockServer,
  auth: AuthKind = "simpleKey",
  options: Partial<UltraCartClientOptions> = {}
) => {
  const client = UltraCartClient.layer({
    baseUrl: mock.baseUrl,
    ...(auth === "simpleKey"
      ? { simpleKey: Redacted.make(mock.simpleKey) }
      : { oauthToken: Redacted.make(mock.oauthToken) }),
    retry: { initialDelay: 5, maxDelay: 20 },
    ...options
  }).pipe(Layer.provide(FetchHttpClient.layer))
  return Layer.merge(client, ConversationApi.layer.pipe(Layer.provide(client)))
}

/** The 11 operations of 2022, in the order the agent-lifecycle end-to-end test calls them. */
export const lifecycleOperationIds = [
  "getAgentWebsocketAuthorization",
  "getAgentKeepAlive",
  "getConversations",
  "startConversation",
  "getConversationWebchatQueueStatuses",
  "updateConversationWebchatQueueStatus",
  "getConversation",
  "joinConversation",
  "getConversationMessages",
  "getConversationMultimediaUploadUrl",
  "leaveConversation"
] as const
