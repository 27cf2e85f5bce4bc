/**
 * What travels between the console's server and its page: ONE definition, imported by the
 * server routes (which build these bodies) and by the browser code (which reads them). UltraCart's
 * own shapes are the generated models of `@uc-conversation/core`; this file adds only the
 * console's envelopes around them. Types only, and two shared constants (the attachment limit, and
 * why an action the agent lacks a permission for is not offered).
 *
 * @since 0.0.0
 */
import type {
  Conversation,
  ConversationAgentProfile,
  ConversationCannedMessage,
  ConversationMessage,
  ConversationPermissions,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry
} from "@uc-conversation/core"
import type { Permissions } from "./server/AgentAccess.ts"
import type { AgentInfo, ChatRoles } from "./server/AgentIdentity.ts"
import type { BrowserError } from "./server/BrowserError.ts"
import type { Backend } from "./server/ConsoleEnv.ts"
import type { KeepAliveStatus } from "./server/KeepAliveMonitor.ts"
import type { BudgetView, ListSnapshot } from "./server/upstream/UpstreamHub.ts"

export type {
  AgentInfo,
  Backend,
  BrowserError,
  BudgetView,
  Conversation,
  ConversationAgentProfile,
  ConversationCannedMessage,
  ConversationMessage,
  ConversationPermissions,
  ConversationSummary,
  ConversationWebchatQueueStatus,
  ConversationWebchatQueueStatusQueueEntry,
  KeepAliveStatus,
  ListSnapshot
}

/**
 * The agent's statuses the console offers (UltraCart's `agent_status` values).
 *
 * @since 0.0.0
 */
export type AgentStatus = "available" | "busy" | "unavailable"

/**
 * GET /api/session.
 *
 * @since 0.0.0
 */
export interface SessionWire {
  readonly backend: Backend
  readonly agent: AgentInfo | null
  /** What UltraCart lets the agent do; null when it could not be read (`error` says why). */
  readonly access: AgentAccessWire | null
  readonly error?: BrowserError
}

/**
 * The agent's chat roles (`ConversationAgentAuth.chat_user`, `chat_admin`) and conversation
 * permissions (`ConversationPermissions`), each a plain boolean: not granted unless UltraCart says so.
 *
 * @since 0.0.0
 */
export type AgentAccessWire = ChatRoles & Permissions

/**
 * Why the console does not offer, and its server refuses (403), what needs a permission the agent
 * lacks: the page shows the same words the refusal carries.
 *
 * @since 0.0.0
 */
export const missingPermissionMessage = {
  chat_user:
    "Your UltraCart user does not have the chat user permission, so this console does not join or start conversations, change your queue status or attach files for you. An UltraCart administrator can grant it; then restart the console."
} as const satisfies Partial<Record<keyof AgentAccessWire, string>>

/**
 * The body of every failed /api response.
 *
 * @since 0.0.0
 */
export interface ErrorWire {
  readonly error: BrowserError
}

/**
 * GET /api/conversations.
 *
 * @since 0.0.0
 */
export interface ConversationPageWire {
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly total: number | null
  readonly limit: number
  readonly offset: number
}

/**
 * POST /api/conversations (201).
 *
 * @since 0.0.0
 */
export interface StartConversationWire {
  readonly participant_arns?: ReadonlyArray<string>
  readonly queue_uuid?: string
}

/**
 * GET /api/conversations/:uuid and POST /api/conversations (201).
 *
 * @since 0.0.0
 */
export interface ConversationWire {
  readonly conversation: Conversation | null
}

/**
 * GET /api/queues and PUT /api/agent/status.
 *
 * @since 0.0.0
 */
export interface QueuesWire {
  readonly queues: ReadonlyArray<ConversationWebchatQueueStatus>
}

/**
 * PUT /api/agent/status body.
 *
 * @since 0.0.0
 */
export interface SetStatusWire {
  readonly agent_status: AgentStatus
  readonly queues?: ReadonlyArray<string>
}

/**
 * POST /api/conversations/:uuid/attachments (201): the stored file's key and where to fetch it.
 *
 * @since 0.0.0
 */
export interface UploadWire {
  readonly key: string | null
  /** The stored file's address (the upload URL without its signature). */
  readonly url: string | null
  readonly bytes: number
  readonly filename: string
}

/**
 * Attachments above this are refused by the server before anything is sent upstream, and by the
 * page before anything is sent to the server.
 *
 * @since 0.0.0
 */
export const maxAttachmentBytes = 10 * 1024 * 1024

/**
 * The events on GET /api/events, by name.
 *
 * @since 0.0.0
 */
export interface TabEventsWire {
  readonly status: KeepAliveStatus
  readonly conversations: ListSnapshot
  readonly queues: ReadonlyArray<ConversationWebchatQueueStatus>
  readonly budget: BudgetView
}

/**
 * The events on GET /api/conversations/:uuid/events, by name.
 *
 * @since 0.0.0
 */
export interface ConversationEventsWire {
  readonly message: ConversationMessage
  readonly "upstream-error": BrowserError
}

/**
 * GET /api/conversations/:uuid/context: what the customer is browsing (webchat only), reduced
 * from UltraCart's `ConversationWebchatContext` to what the panel shows.
 *
 * @since 0.0.0
 */
export interface ContextWire {
  readonly current_url: string | null
  readonly session_start_dts: string | null
  /** Recent page URLs, newest last. */
  readonly pages: ReadonlyArray<string>
  readonly orders: number
  readonly auto_orders: number
  readonly cart_items: number
}

/**
 * GET /api/search?q=: conversations matching a text (`getConversationsSearch`).
 *
 * @since 0.0.0
 */
export interface SearchWire {
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly total: number | null
}

/**
 * GET /api/agent/profile: the agent's profile (the permissions are in {@link SessionWire}).
 *
 * @since 0.0.0
 */
export interface ProfileWire {
  readonly profile: ConversationAgentProfile | null
}

/**
 * GET /api/canned?q=: canned messages whose short code matches.
 *
 * @since 0.0.0
 */
export interface CannedWire {
  readonly messages: ReadonlyArray<ConversationCannedMessage>
}
