/** What the page knows, in one typed place. Views read it; actions change it and redraw. */
import type { Conversation, ConversationWebchatQueueStatus, KeepAliveStatus, SessionWire } from "../wire.ts"

export const PAGE_SIZE = 20

/** This tab's id for the server's presence (visibility) bookkeeping. */
export const TAB: string =
  globalThis.crypto?.randomUUID?.() ?? `tab-${Math.random().toString(36).slice(2)}-${Date.now()}`

export interface State {
  session: SessionWire | undefined
  queues: ReadonlyArray<ConversationWebchatQueueStatus>
  medium: "" | "sms" | "websocket"
  offset: number
  total: number | undefined
  /** Explicit list loads in flight (the pushed list waits for them). */
  listLoads: number
  /** The query and JSON of the list shown (a pushed list equal to it is not redrawn). */
  listShown: { readonly query: string; readonly json: string } | undefined
  /** The open conversation's uuid. */
  selected: string | undefined
  conversation: Conversation | undefined
  keepAlive: KeepAliveStatus | undefined
  appServerUp: boolean
  /** Participant ARNs of waiting customers a conversation was started with (hidden from the queue). */
  started: Set<string>
  /** Customers' names known before UltraCart lists them (a conversation started from a queue). */
  names: Map<string, string>
}

export const state: State = {
  session: undefined,
  queues: [],
  medium: "",
  offset: 0,
  total: undefined,
  listLoads: 0,
  listShown: undefined,
  selected: undefined,
  conversation: undefined,
  keepAlive: undefined,
  appServerUp: true,
  started: new Set(),
  names: new Map()
}

export const agentArn = (): string | undefined => state.session?.agent?.arn ?? undefined
export const agentName = (): string | undefined => state.session?.agent?.name ?? undefined
