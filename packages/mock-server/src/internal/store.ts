import {
  type AutocompleteOutcome,
  autocomplete,
  phoneDigits,
  type SearchOutcome,
  type SearchRequest,
  searchConversations
} from "./chat/search.ts"
import type {
  Agent,
  AgentStatus,
  ConversationInput,
  ConversationMessage,
  ConversationParticipant,
  CustomStatus,
  Queue,
  QueueEntry,
  StoredConversation,
  WebchatContext
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

/** The `ConversationSummary` of a conversation: the Conversation without messages and language. */
const summaryOf = (c: StoredConversation): Record<string, unknown> => {
  const summary: Record<string, unknown> = {}
  for (const field of SUMMARY_FIELDS) if (c[field] !== undefined) summary[field] = copy(c[field])
  return summary
}

/** The participant status an SMS customer gets once unsubscribed (`ConversationParticipant.status` is a free string). */
export const SMS_UNSUBSCRIBED_STATUS = "unsubscribed"

/** Why smsUnsubscribe did nothing. */
export type SmsUnsubscribeOutcome =
  | { readonly ok: true; readonly unsubscribed: ReadonlyArray<string> }
  | { readonly ok: false; readonly reason: "unknown" | "not-sms"; readonly medium?: string | undefined }

/** A search's page as `ConversationSummary` records, and where it sits. */
export type StoreSearchOutcome = Omit<SearchOutcome, "page"> & {
  readonly records: Array<Record<string, unknown>>
}

/** What a queue status update asks for (`ConversationWebchatQueueStatusUpdateRequest`). */
export interface QueueStatusUpdate {
  readonly agent_status?: AgentStatus | undefined
  readonly custom_status_uuid?: string | undefined
  readonly custom_status_name?: string | undefined
}

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
  /**
   * `ConversationStartRequest.resolve_only`: the open conversation `request` names (by
   * `conversation_arn`, else the one with every `add_conversation_participant_arns` in it, newest
   * first), without starting one; undefined when there is none.
   */
  readonly resolve: (request: {
    readonly add_conversation_participant_arns?: ReadonlyArray<string> | undefined
    readonly conversation_arn?: string | undefined
  }) => StoredConversation | undefined
  readonly queueStatuses: () => Array<Record<string, unknown>>
  /** Sets the calling agent's status in a queue; false when there is no such queue. */
  readonly setQueueStatus: (queueName: string, update: AgentStatus | QueueStatusUpdate | undefined) => boolean
  readonly addConversation: (input: ConversationInput) => StoredConversation
  /**
   * A customer joins a queue's waiting list (first in the list when `first`): the entry as stored,
   * undefined when there is no such queue. Omitted fields get a fresh customer.
   */
  readonly addQueueEntry: (
    queueName: string,
    input: Partial<QueueEntry>,
    first?: boolean
  ) => QueueEntry | undefined
  /** The customer (by participant ARN) leaves the queue's waiting list; false when not waiting there. */
  readonly removeQueueEntry: (queueName: string, participantArn: string) => boolean
  /** markReadConversation: the calling agent has read everything; false when unknown. */
  readonly markRead: (uuid: string) => boolean
  /** getConversationsSearch over every stored conversation; records are `ConversationSummary`s. */
  readonly search: (request: SearchRequest) => StoreSearchOutcome
  /** getConversationsAutocomplete over every stored conversation. */
  readonly autocomplete: (field: string, term: string) => AutocompleteOutcome
  /** getConversationContext: a copy of the conversation's webchat context ({} when none); undefined when unknown. */
  readonly context: (uuid: string) => WebchatContext | undefined
  /**
   * Replaces a conversation's webchat context (for tests and a control route); false when the
   * conversation is unknown. The placeholder schemas' objects are stored exactly as given.
   */
  readonly setContext: (uuid: string, context: WebchatContext) => boolean
  /** smsUnsubscribeConversation: marks every SMS customer of an sms conversation unsubscribed. */
  readonly smsUnsubscribe: (uuid: string) => SmsUnsubscribeOutcome
  /** Whether an SMS number (any formatting) has been unsubscribed. */
  readonly isSmsUnsubscribed: (phone: string) => boolean
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
  let contexts = new Map<string, WebchatContext>()
  const unsubscribedPhones = new Set<string>()
  let lastEpoch = 0
  const uploads = new Map<string, StoredUpload>()

  const load = (): void => {
    const data = buildSeed(seed)
    agents = data.agents
    queues = data.queues
    contexts = data.contexts
    unsubscribedPhones.clear()
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

  const agentArns = (): ReadonlySet<string> => new Set(agents.map((a) => a.arn))

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
      agents: members.map((a) => {
        const custom = a.customStatuses.get(q.queue_name)
        return {
          agent_status: a.statuses.get(q.queue_name),
          agent_user_id: String(a.user_id),
          conversation_participant_arn: a.arn,
          conversation_participant_name: a.name,
          ...(custom === undefined
            ? {}
            : {
                ...(custom.name === undefined ? {} : { custom_status_name: custom.name }),
                custom_status_uuid: custom.uuid
              }),
          last_chat_dts: a.last_chat_dts,
          next_round_robin: available[0] === a,
          profile_image_url: a.profile_image_url
        }
      }),
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
    // Someone else wrote: the calling agent has one more unread message (markRead clears it).
    if (message.author_conversation_participant_arn !== me().arn) {
      c.unread_messages = true
      const mine = myParticipant(c)
      if (mine !== undefined && mine.left_dts === undefined)
        mine.unread_messages = (mine.unread_messages ?? 0) + 1
    }
    return copy(message)
  }

  const customerPhones = (c: StoredConversation): Array<ConversationParticipant> => {
    const staff = agentArns()
    return c.participants.filter(
      (p) =>
        !staff.has(p.conversation_participant_arn ?? "") &&
        p.sms_phone_number !== undefined &&
        p.sms_phone_number !== ""
    )
  }

  return {
    me,
    listSummaries: ({ medium, before }) => {
      const cutoff = parseBefore(before)
      return [...conversations.values()]
        .filter((c) => medium === undefined || medium === "" || c.medium === medium)
        .filter((c) => cutoff === undefined || Date.parse(sortKey(c)) < cutoff)
        .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0))
        .map(summaryOf)
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
    resolve: (request) => {
      const open = [...conversations.values()]
        .filter((c) => c.closed !== true)
        .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0))
      const arns = request.add_conversation_participant_arns ?? []
      const found =
        request.conversation_arn !== undefined
          ? open.find((c) => c.conversation_arn === request.conversation_arn)
          : arns.length === 0
            ? undefined
            : open.find((c) =>
                arns.every((arn) => c.participants.some((p) => p.conversation_participant_arn === arn))
              )
      return found === undefined ? undefined : copy(found)
    },
    queueStatuses: () => queues.map(queueStatus),
    setQueueStatus: (queueName, update) => {
      if (!queues.some((q) => q.queue_name === queueName)) return false
      const request: QueueStatusUpdate =
        typeof update === "string" ? { agent_status: update } : (update ?? {})
      if (request.agent_status !== undefined) me().statuses.set(queueName, request.agent_status)
      if (request.custom_status_uuid !== undefined) {
        const custom: CustomStatus = { uuid: request.custom_status_uuid, name: request.custom_status_name }
        me().customStatuses.set(queueName, custom)
      } else if (request.agent_status !== undefined) {
        // Back on a system status: no custom status ("null when on a system status").
        me().customStatuses.delete(queueName)
      }
      return true
    },
    addQueueEntry: (queueName, input, first = false) => {
      const queue = queues.find((q) => q.queue_name === queueName)
      if (queue === undefined) return undefined
      const id = newUuid()
      const entry: QueueEntry = {
        conversation_participant_arn: userArn(`customer-${id}`),
        conversation_participant_name: "Test Customer",
        email: `customer-${id.slice(0, 8)}@example.com`,
        join_dts: iso(Date.now()),
        participant_language_iso_code: "en",
        question: "",
        ...copy(input),
        // The entry belongs to this queue whatever the input says.
        conversation_webchat_queue_uuid: queue.conversation_webchat_queue_uuid,
        queue_name: queue.queue_name
      }
      if (first) queue.entries.unshift(entry)
      else queue.entries.push(entry)
      return copy(entry)
    },
    removeQueueEntry: (queueName, participantArn) => {
      const queue = queues.find((q) => q.queue_name === queueName)
      const index = queue?.entries.findIndex((e) => e.conversation_participant_arn === participantArn) ?? -1
      if (queue === undefined || index < 0) return false
      queue.entries.splice(index, 1)
      return true
    },
    markRead: (uuid) => {
      const c = conversations.get(uuid)
      if (c === undefined) return false
      c.unread_messages = false
      const mine = myParticipant(c)
      if (mine !== undefined) mine.unread_messages = 0
      return true
    },
    search: (request) => {
      const { page, ...position } = searchConversations(conversations.values(), request, agentArns())
      return { ...position, records: page.map(summaryOf) }
    },
    autocomplete: (field, term) => autocomplete(conversations.values(), field, term, agentArns()),
    context: (uuid) => {
      if (!conversations.has(uuid)) return undefined
      return copy(contexts.get(uuid) ?? {})
    },
    setContext: (uuid, context) => {
      if (!conversations.has(uuid)) return false
      contexts.set(uuid, copy(context))
      return true
    },
    smsUnsubscribe: (uuid) => {
      const c = conversations.get(uuid)
      if (c === undefined) return { ok: false, reason: "unknown" }
      if (c.medium !== "sms") return { ok: false, reason: "not-sms", medium: c.medium }
      const phones = customerPhones(c).map((p) => phoneDigits(p.sms_phone_number ?? ""))
      for (const phone of phones) unsubscribedPhones.add(phone)
      // An SMS opt-out belongs to the number: every sms conversation with it shows it.
      for (const other of conversations.values()) {
        if (other.medium !== "sms") continue
        for (const p of customerPhones(other))
          if (unsubscribedPhones.has(phoneDigits(p.sms_phone_number ?? "")))
            p.status = SMS_UNSUBSCRIBED_STATUS
      }
      return { ok: true, unsubscribed: [...new Set(phones)] }
    },
    isSmsUnsubscribed: (phone) => unsubscribedPhones.has(phoneDigits(phone)),
    addConversation: (input) => {
      const { webchat_context: context, ...fields } = input
      const uuid = fields.conversation_uuid ?? newUuid()
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
        ...copy(fields),
        conversation_uuid: uuid,
        messages: copy(fields.messages ?? []),
        // A conversation needs someone on the other side: messages added later default to them.
        participants: copy(
          fields.participants ?? [
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
      if (context !== undefined) contexts.set(uuid, copy(context))
      else contexts.delete(uuid)
      return copy(conversation)
    },
    addMessage,
    uploads,
    nextEpoch,
    newUuid,
    reset: load
  }
}
