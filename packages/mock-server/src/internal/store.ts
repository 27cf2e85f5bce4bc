import type {
  Agent,
  AgentStatus,
  ConversationMessage,
  ConversationParticipant,
  Queue,
  StoredConversation
} from "./model.ts"
import { buildSeed, channelArn, iso, MERCHANT_ID, userArn } from "./seed.ts"

/** Which fields of `Conversation` also appear in `ConversationSummary` (no messages, no language). */
const SUMMARY_FIELDS = [
  "closed",
  "conversation_arn",
  "conversation_uuid",
  "customer_first_message_unresponded_to_dts",
  "last_conversation_message_body",
  "last_conversation_participant_arn",
  "last_conversation_participant_name",
  "last_interactive_message_dts",
  "last_message_dts",
  "medium",
  "merchant_id",
  "message_count",
  "participants",
  "sentiment",
  "start_dts",
  "unread_messages",
  "visible"
] as const

/** An uploaded object kept for tests to read back. */
export interface StoredUpload {
  readonly bytes: Uint8Array
  readonly contentType: string | undefined
}

/** Recomputes the fields UltraCart derives from the message list. */
const refreshDerived = (conversation: StoredConversation): void => {
  const { messages } = conversation
  conversation.message_count = messages.length
  const last = messages[messages.length - 1]
  if (last === undefined) return
  if (last.message_dts !== undefined) conversation.last_message_dts = last.message_dts
  if (last.body !== undefined) conversation.last_conversation_message_body = last.body
  if (last.author_conversation_participant_arn !== undefined)
    conversation.last_conversation_participant_arn = last.author_conversation_participant_arn
  if (last.author_conversation_participant_name !== undefined)
    conversation.last_conversation_participant_name = last.author_conversation_participant_name
  const interactive = messages.findLast((m) => m.type === undefined || m.type === "message")
  if (interactive?.message_dts !== undefined)
    conversation.last_interactive_message_dts = interactive.message_dts
}

const sortKey = (c: StoredConversation): string => c.last_message_dts ?? c.start_dts ?? ""

/** Parses `before` (undocumented upstream): epoch milliseconds or any date string Date.parse reads. */
const parseBefore = (before: string | undefined): number | undefined => {
  if (before === undefined || before === "") return undefined
  const n = /^-?\d+$/.test(before) ? Number(before) : Date.parse(before)
  return Number.isFinite(n) ? n : undefined
}

/** A read-only copy, so callers never hold references into the store. */
const copy = <A>(value: A): A => structuredClone(value)

/** The mutable in-memory world behind the mock. */
export interface Store {
  readonly me: () => Agent
  readonly listSummaries: (query: {
    readonly medium: string | undefined
    readonly before: string | undefined
  }) => Array<Record<string, unknown>>
  readonly getConversation: (uuid: string, messageLimit: number | undefined) => StoredConversation | undefined
  readonly hasConversation: (uuid: string) => boolean
  readonly messagesSince: (uuid: string, since: number) => ReadonlyArray<ConversationMessage> | undefined
  readonly join: (uuid: string, languageIsoCode: string | undefined) => boolean
  readonly leave: (uuid: string) => boolean
  readonly start: (request: {
    readonly add_conversation_participant_arns?: ReadonlyArray<string> | undefined
    readonly conversation_arn?: string | undefined
    readonly conversation_webchat_queue_uuid?: string | undefined
  }) => StoredConversation
  readonly queueStatuses: () => Array<Record<string, unknown>>
  readonly setQueueStatus: (queueName: string, status: AgentStatus | undefined) => boolean
  readonly addConversation: (input: Partial<StoredConversation>) => StoredConversation
  readonly addMessage: (uuid: string, input: Partial<ConversationMessage>) => ConversationMessage
  readonly uploads: Map<string, StoredUpload>
  readonly nextEpoch: () => number
  readonly newUuid: () => string
  readonly reset: () => void
}

/** Builds a store seeded from `seed`; `reset()` rebuilds the same seeded world. */
export const makeStore = (seed: number): Store => {
  let agents: Array<Agent> = []
  let queues: Array<Queue> = []
  let conversations = new Map<string, StoredConversation>()
  let lastEpoch = 0
  const uploads = new Map<string, StoredUpload>()

  const load = (): void => {
    const data = buildSeed(seed)
    agents = data.agents
    queues = data.queues
    conversations = new Map()
    for (const c of data.conversations) {
      refreshDerived(c)
      conversations.set(c.conversation_uuid, c)
    }
    uploads.clear()
    // Live epochs must sort after every seeded one even if the wall clock is behind the seed.
    lastEpoch = Math.max(0, ...data.conversations.flatMap((c) => c.messages.map((m) => m.message_epoch ?? 0)))
  }
  load()

  /** Strictly increasing milliseconds: wall-clock time, bumped past the last one handed out. */
  const nextEpoch = (): number => {
    lastEpoch = Math.max(Date.now(), lastEpoch + 1)
    return lastEpoch
  }
  const newUuid = (): string => globalThis.crypto.randomUUID()
  const me = (): Agent => agents[0]!

  const require = (uuid: string): StoredConversation => {
    const c = conversations.get(uuid)
    if (c === undefined) throw new Error(`unknown conversation: ${uuid}`)
    return c
  }

  const myParticipant = (c: StoredConversation): ConversationParticipant | undefined =>
    c.participants.find((p) => p.conversation_participant_arn === me().arn)

  const notice = (c: StoredConversation, body: string): void => {
    const epoch = nextEpoch()
    c.messages.push({
      author_conversation_participant_arn: me().arn,
      author_conversation_participant_name: me().name,
      body,
      conversation_message_uuid: newUuid(),
      merchant_id: MERCHANT_ID,
      message_dts: iso(epoch),
      message_epoch: epoch,
      type: "notice"
    })
    refreshDerived(c)
  }

  const queueStatus = (q: Queue): Record<string, unknown> => {
    const members = agents.filter((a) => a.statuses.has(q.queue_name))
    const count = (s: AgentStatus): number => members.filter((a) => a.statuses.get(q.queue_name) === s).length
    const available = members.filter((a) => a.statuses.get(q.queue_name) === "available")
    const oldest = q.entries.map((e) => e.join_dts).sort()[0]
    return {
      agent_available_count: count("available"),
      agent_busy_count: count("busy"),
      agent_count: members.length,
      agent_unavailable_count: count("unavailable"),
      agents: members.map((a) => ({
        agent_status: a.statuses.get(q.queue_name),
        conversation_participant_arn: a.arn,
        conversation_participant_name: a.name,
        last_chat_dts: a.last_chat_dts,
        next_round_robin: available[0] === a,
        profile_image_url: a.profile_image_url
      })),
      customer_abandon_count: q.customer_abandon_count,
      customer_active_count: [...conversations.values()].filter((c) => c.closed !== true).length,
      customer_average_abandon_time_seconds: q.customer_average_abandon_time_seconds,
      customer_average_chat_time_seconds: q.customer_average_chat_time_seconds,
      customer_average_hold_time_seconds: q.customer_average_hold_time_seconds,
      customer_chat_count: q.customer_chat_count,
      customer_waiting_count: q.entries.length,
      ...(oldest === undefined ? {} : { customer_waiting_join_dts: oldest }),
      queue_entries: copy(q.entries),
      queue_name: q.queue_name
    }
  }

  const addMessage = (uuid: string, input: Partial<ConversationMessage>): ConversationMessage => {
    const c = require(uuid)
    const epoch = nextEpoch()
    const customer = c.participants.find((p) => p.conversation_participant_arn !== me().arn)
    const message: ConversationMessage = {
      author_conversation_participant_arn: customer?.conversation_participant_arn ?? me().arn,
      author_conversation_participant_name: customer?.conversation_participant_name ?? me().name,
      conversation_message_uuid: newUuid(),
      language_iso_code: "en",
      merchant_id: MERCHANT_ID,
      message_dts: iso(epoch),
      type: "message",
      ...input,
      // The epoch is the mock's to assign: callers tail by it, so it must stay strictly increasing.
      message_epoch: epoch
    }
    c.messages.push(message)
    refreshDerived(c)
    return copy(message)
  }

  return {
    me,
    listSummaries: ({ medium, before }) => {
      const cutoff = parseBefore(before)
      return [...conversations.values()]
        .filter((c) => medium === undefined || medium === "" || c.medium === medium)
        .filter((c) => cutoff === undefined || Date.parse(sortKey(c)) < cutoff)
        .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0))
        .map((c) => {
          const summary: Record<string, unknown> = {}
          for (const field of SUMMARY_FIELDS) if (c[field] !== undefined) summary[field] = copy(c[field])
          return summary
        })
    },
    getConversation: (uuid, messageLimit) => {
      const c = conversations.get(uuid)
      if (c === undefined) return undefined
      const out = copy(c)
      if (messageLimit !== undefined)
        out.messages = messageLimit <= 0 ? [] : out.messages.slice(-messageLimit)
      return out
    },
    hasConversation: (uuid) => conversations.has(uuid),
    messagesSince: (uuid, since) => {
      const c = conversations.get(uuid)
      if (c === undefined) return undefined
      return copy(c.messages.filter((m) => (m.message_epoch ?? 0) > since))
    },
    join: (uuid, languageIsoCode) => {
      const c = conversations.get(uuid)
      if (c === undefined) return false
      const existing = myParticipant(c)
      const now = iso(nextEpoch())
      if (existing !== undefined && existing.left_dts === undefined) return true
      if (existing !== undefined) {
        delete existing.left_dts
        existing.joined_dts = now
        existing.status = "joined"
        if (languageIsoCode !== undefined) existing.language_iso_code = languageIsoCode
      } else {
        c.participants.push({
          conversation_participant_arn: me().arn,
          conversation_participant_name: me().name,
          conversation_participant_uuid: newUuid(),
          joined_dts: now,
          language_iso_code: languageIsoCode ?? "en",
          profile_image_url: me().profile_image_url,
          status: "joined",
          unread_messages: 0
        })
      }
      notice(c, `${me().name} joined the conversation`)
      return true
    },
    leave: (uuid) => {
      const c = conversations.get(uuid)
      if (c === undefined) return false
      const existing = myParticipant(c)
      if (existing === undefined || existing.left_dts !== undefined) return true
      existing.left_dts = iso(nextEpoch())
      existing.status = "left"
      notice(c, `${me().name} left the conversation`)
      return true
    },
    start: (request) => {
      const uuid = newUuid()
      const epoch = nextEpoch()
      const participants: Array<ConversationParticipant> = [
        {
          conversation_participant_arn: me().arn,
          conversation_participant_name: me().name,
          conversation_participant_uuid: newUuid(),
          joined_dts: iso(epoch),
          language_iso_code: "en",
          profile_image_url: me().profile_image_url,
          status: "joined",
          unread_messages: 0
        },
        ...(request.add_conversation_participant_arns ?? []).map((arn) => ({
          conversation_participant_arn: arn,
          conversation_participant_uuid: newUuid(),
          joined_dts: iso(epoch),
          status: "invited"
        }))
      ]
      const conversation: StoredConversation = {
        base_language_iso_code: "en",
        closed: false,
        conversation_arn: request.conversation_arn ?? channelArn(uuid),
        conversation_uuid: uuid,
        medium: "websocket",
        merchant_id: MERCHANT_ID,
        message_count: 0,
        messages: [],
        participants,
        start_dts: iso(epoch),
        unread_messages: false,
        virtual_agent: false,
        visible: true
      }
      conversations.set(uuid, conversation)
      return copy(conversation)
    },
    queueStatuses: () => queues.map(queueStatus),
    setQueueStatus: (queueName, status) => {
      if (!queues.some((q) => q.queue_name === queueName)) return false
      if (status !== undefined) me().statuses.set(queueName, status)
      return true
    },
    addConversation: (input) => {
      const uuid = input.conversation_uuid ?? newUuid()
      const epoch = nextEpoch()
      const conversation: StoredConversation = {
        base_language_iso_code: "en",
        closed: false,
        conversation_arn: channelArn(uuid),
        medium: "websocket",
        merchant_id: MERCHANT_ID,
        start_dts: iso(epoch),
        unread_messages: false,
        visible: true,
        ...copy(input),
        conversation_uuid: uuid,
        messages: copy(input.messages ?? []),
        // A conversation needs someone on the other side: messages added later default to them.
        participants: copy(
          input.participants ?? [
            {
              conversation_participant_arn: userArn(`customer-${uuid}`),
              conversation_participant_name: "Test Customer",
              conversation_participant_uuid: newUuid(),
              joined_dts: iso(epoch),
              language_iso_code: "en",
              status: "joined",
              unread_messages: 0
            }
          ]
        )
      }
      refreshDerived(conversation)
      conversations.set(uuid, conversation)
      return copy(conversation)
    },
    addMessage,
    uploads,
    nextEpoch,
    newUuid,
    reset: load
  }
}
