/**
 * The document metadata used when the caller gives none: UltraCart's ConversationApi.
 *
 * @module
 */
import type { ApiMetadata } from "./operation.ts"

/** Fallback metadata, identical to what the spec declares for ConversationApi. */
export const conversationApiDefaults: ApiMetadata = {
  title: "UltraCart Conversation API",
  version: "2.0.0",
  defaultBaseUrl: "https://secure.ultracart.com/rest/v2",
  defaultHeaders: { "X-UltraCart-Api-Version": "2017-03-01" },
  errorMessageHeader: "UC-REST-ERROR"
}
