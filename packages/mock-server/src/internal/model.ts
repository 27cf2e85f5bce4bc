/**
 * The wire shapes the mock stores and serves, named and spelled as in UltraCart's spec
 * (snake_case, every field optional upstream). Only the fields the mock fills are listed;
 * tests may add others through addConversation / addMessage and they are served as given.
 */

export type Medium = "sms" | "websocket"
/**
 * `ConversationMessage.type` values of the current spec. Enums grow upstream (2022 had only
 * `message` and `notice`), so stored messages keep whatever string they were given.
 */
export type MessageType = "message" | "notice" | "engagement prompt" | "tool call"
/** `ConversationWebchatQueueStatusAgent.agent_status` values. */
export type AgentStatus = "available" | "busy" | "unavailable"

/** `ConversationMessageTransportStatus`: delivery state of a message to one participant. */
export interface TransportStatus {
  conversation_participant_arn?: string
  status?: string
}

/** `ConversationMessage`: one message of a conversation; `message_epoch` is epoch milliseconds. */
export interface ConversationMessage {
  author_conversation_participant_arn?: string
  author_conversation_participant_name?: string
  body?: string
  client_message_id?: string
  conversation_message_uuid?: string
  language_iso_code?: string
  media_urls?: Array<string>
  merchant_id?: string
  message_dts?: string
  message_epoch?: number
  transport_statuses?: Array<TransportStatus>
  type?: MessageType | (string & {})
  upload_keys?: Array<string>
  [extra: string]: unknown
}

/** `ConversationParticipant`: a customer or agent in a conversation; `left_dts` is set once they leave. */
export interface ConversationParticipant {
  conversation_participant_arn?: string
  conversation_participant_name?: string
  conversation_participant_uuid?: string
  email?: string
  joined_dts?: string
  language_iso_code?: string
  last_message_dts?: string
  left_dts?: string
  profile_image_url?: string
  sms_phone_number?: string
  status?: string
  timezone?: string
  unread_messages?: number
  [extra: string]: unknown
}

/** `ConversationSentiment`: scores from UltraCart's sentiment detection. */
export interface Sentiment {
  last_detect_sentiment?: string
  mixed?: number
  negative?: number
  neutral?: number
  positive?: number
  sentiment?: string
}

/** A stored conversation: the full `Conversation` shape including every message. */
export interface StoredConversation {
  base_language_iso_code?: string
  closed?: boolean
  conversation_arn?: string
  conversation_uuid: string
  customer_first_message_unresponded_to_dts?: string
  last_conversation_message_body?: string
  last_conversation_participant_arn?: string
  last_conversation_participant_name?: string
  last_interactive_message_dts?: string
  last_message_dts?: string
  medium?: string
  merchant_id?: string
  message_count?: number
  messages: Array<ConversationMessage>
  participants: Array<ConversationParticipant>
  sentiment?: Sentiment
  start_dts?: string
  unread_messages?: boolean
  virtual_agent?: boolean
  virtual_agent_cost?: number
  visible?: boolean
  [extra: string]: unknown
}

/** An agent known to the mock; `queues` maps queue name to the agent's status there. */
export interface Agent {
  readonly user_id: number
  readonly name: string
  readonly arn: string
  readonly profile_image_url: string
  readonly group_ids: ReadonlyArray<number>
  last_chat_dts: string
  readonly statuses: Map<string, AgentStatus>
  /** Queue name to the custom status the agent picked there (none while on a system status). */
  readonly customStatuses: Map<string, CustomStatus>
}

/** A custom agent status (`custom_status_uuid` / `custom_status_name` of the queue status operations). */
export interface CustomStatus {
  readonly uuid: string
  readonly name: string | undefined
}

/**
 * `ConversationWebchatContext`: what a webchat customer is doing on the storefront. `cart`,
 * `orders`, `auto_orders`, `page_view`, `session_start` and `session_utm` are UltraCart schemas
 * (`Cart`, `Order`, `HitPageView`, …) that the extract only has as open placeholders, so the mock
 * never makes up their fields: it seeds `current_url` and `session_start_dts` and serves the rest
 * exactly as a test sets them.
 */
export interface WebchatContext {
  auto_orders?: Array<Record<string, unknown>>
  cart?: Record<string, unknown>
  current_url?: string
  orders?: Array<Record<string, unknown>>
  page_view?: Array<Record<string, unknown>>
  session_start?: Record<string, unknown>
  session_start_dts?: string
  session_utm?: Record<string, unknown>
  [extra: string]: unknown
}

/** What addConversation takes: a partial Conversation plus, optionally, its webchat context. */
export type ConversationInput = Partial<StoredConversation> & {
  /** Stored apart from the conversation and served by getConversationContext; never by getConversation. */
  readonly webchat_context?: WebchatContext
}

/** `ConversationWebchatQueueStatusQueueEntry`: a customer waiting in a queue. */
export interface QueueEntry {
  conversation_participant_arn: string
  conversation_participant_name: string
  conversation_webchat_queue_uuid: string
  email: string
  join_dts: string
  participant_language_iso_code: string
  question: string
  queue_name: string
}

/** A webchat queue with its waiting customers and statistics. */
export interface Queue {
  readonly queue_name: string
  readonly conversation_webchat_queue_uuid: string
  readonly entries: Array<QueueEntry>
  readonly customer_abandon_count: number
  readonly customer_chat_count: number
  readonly customer_average_abandon_time_seconds: number
  readonly customer_average_chat_time_seconds: number
  readonly customer_average_hold_time_seconds: number
}
