import type {
  Agent,
  AgentStatus,
  ConversationMessage,
  ConversationParticipant,
  Medium,
  Queue,
  QueueEntry,
  StoredConversation,
  WebchatContext
} from "./model.ts"
import { makePrng, type Prng } from "./prng.ts"

/** Every seeded timestamp counts back from here, so the data never depends on the wall clock. */
export const SEED_BASE_EPOCH = Date.UTC(2026, 0, 12, 17, 0, 0)
/** The seed used when none is given. */
export const DEFAULT_SEED = 20260112
/** The merchant every seeded object belongs to. */
export const MERCHANT_ID = "DEMO"
/** How many conversations the seed creates. */
export const SEED_CONVERSATION_COUNT = 25

const ARN_PREFIX = "arn:aws:chime:us-east-1:000000000000:app-instance/uc-mock"

/** Epoch milliseconds as the ISO-8601 string UltraCart's `*_dts` fields carry. */
export const iso = (epoch: number): string => new Date(epoch).toISOString()
/** A participant ARN in the mock's (clearly fake) AWS account. */
export const userArn = (id: string): string => `${ARN_PREFIX}/user/${id}`
/** A conversation (channel) ARN in the mock's AWS account. */
export const channelArn = (uuid: string): string => `${ARN_PREFIX}/channel/${uuid}`

const AGENTS = [
  { user_id: 1001, name: "Avery Quinn", slug: "avery-quinn", groups: [1, 2] },
  { user_id: 1002, name: "Blake Rivera", slug: "blake-rivera", groups: [1] },
  { user_id: 1003, name: "Casey Morgan", slug: "casey-morgan", groups: [2] },
  { user_id: 1004, name: "Devon Park", slug: "devon-park", groups: [1, 3] }
] as const

const QUEUE_NAMES = ["Sales", "Support", "Returns & Exchanges"] as const

const CUSTOMERS = [
  "Jordan Ellis",
  "Priya Natarajan",
  "Mateo García",
  "Sofia Rossi",
  "Liam O'Connor",
  "Yuki Tanaka",
  "Amara Okafor",
  "Noah Fischer",
  "Chloé Martin",
  "Ethan Brooks",
  "Zara Ahmed",
  "Lucas Silva"
] as const

const CUSTOMER_LINES = [
  "Hi, I placed an order yesterday and haven't received a confirmation email.",
  "Can I change the shipping address on my order?",
  "Do you ship to Canada?",
  "The discount code SPRING10 isn't working at checkout.",
  "My package says delivered but I can't find it.",
  "Is the large size back in stock?",
  "I'd like to return an item, how do I start?",
  "Can you tell me when my subscription renews?",
  "I was charged twice for the same order.",
  "Thanks, that fixed it!",
  "Could you send me the tracking number again?",
  "Which colour would you recommend for a gift?"
] as const

const AGENT_LINES = [
  "Thanks for reaching out! Let me look that up for you.",
  "I can see your order here. It shipped this morning.",
  "I've updated the address; you'll get a confirmation shortly.",
  "That code expired last week, but I've applied a 10% credit instead.",
  "I've started a return for you; a prepaid label is on its way by email.",
  "Yes, we ship to Canada. Duties are calculated at checkout.",
  "I've refunded the duplicate charge. It can take 3–5 business days to appear.",
  "Is there anything else I can help you with today?"
] as const

const QUESTIONS = [
  "Where is my order?",
  "Do you price match?",
  "I need help with a return",
  "Question about sizing"
] as const

const STATUS_CYCLE: ReadonlyArray<AgentStatus> = ["available", "busy", "unavailable"]

/** The complete seeded world. Built fresh on every reset. */
export interface SeedData {
  readonly agents: Array<Agent>
  readonly queues: Array<Queue>
  readonly conversations: Array<StoredConversation>
  /** The webchat context of every seeded websocket conversation, by conversation uuid. */
  readonly contexts: Map<string, WebchatContext>
}

/** The storefront the seeded webchat customers browse (a reserved, never-resolving domain). */
export const STOREFRONT = "https://shop.demo-outfitters.invalid"

const STOREFRONT_PAGES = [
  "/",
  "/cart",
  "/checkout",
  "/account/orders",
  "/collections/outerwear",
  "/collections/sale",
  "/products/trail-runner-2",
  "/products/merino-crew-sock",
  "/products/alpine-shell-jacket",
  "/pages/shipping-and-returns",
  "/pages/size-guide"
] as const

/**
 * Salt of the context stream: contexts come from their own PRNG stream, so adding them left every
 * conversation, participant and message of a seed exactly as it was.
 */
const CONTEXT_STREAM = 0x5eed_c0de

/**
 * The webchat context of each websocket conversation: the page the customer is on and when their
 * storefront session began (before the conversation started). Only the fields the spec defines
 * itself are seeded; the placeholder schemas (`Cart`, `Order`, `HitPageView`, …) stay unset.
 */
const makeContexts = (
  seed: number,
  conversations: ReadonlyArray<StoredConversation>
): Map<string, WebchatContext> => {
  const prng = makePrng((seed ^ CONTEXT_STREAM) >>> 0)
  const contexts = new Map<string, WebchatContext>()
  for (const c of conversations) {
    if (c.medium !== "websocket") continue
    const start = Date.parse(c.start_dts ?? "")
    const page = prng.pick(STOREFRONT_PAGES)
    const minutesBefore = prng.int(1, 45)
    contexts.set(c.conversation_uuid, {
      current_url: `${STOREFRONT}${page}`,
      session_start_dts: iso(start - minutesBefore * 60_000)
    })
  }
  return contexts
}

const slugOf = (name: string): string =>
  name
    .normalize("NFD")
    .replace(/[^A-Za-z ]/g, "")
    .toLowerCase()
    .replace(/ +/g, "-")

const makeAgents = (): Array<Agent> =>
  AGENTS.map((a, index) => ({
    user_id: a.user_id,
    name: a.name,
    arn: userArn(`agent-${a.slug}`),
    profile_image_url: `https://mock.ultracart.invalid/avatars/${a.slug}.png`,
    group_ids: a.groups,
    last_chat_dts: iso(SEED_BASE_EPOCH - (index + 1) * 17 * 60_000),
    // Each agent works every queue but the one its index skips, with a rotating status.
    statuses: new Map(
      QUEUE_NAMES.filter((_, q) => q !== (index + 1) % QUEUE_NAMES.length).map(
        (q, qi) => [q, STATUS_CYCLE[(index + qi) % STATUS_CYCLE.length] ?? "available"] as const
      )
    ),
    customStatuses: new Map()
  }))

const makeQueues = (prng: Prng): Array<Queue> =>
  QUEUE_NAMES.map((queue_name, q) => {
    const queueUuid = prng.uuid()
    const entries: Array<QueueEntry> = []
    for (let e = 0; e < q + 1; e++) {
      const name = prng.pick(CUSTOMERS)
      entries.push({
        conversation_participant_arn: userArn(`customer-${slugOf(name)}-${e}`),
        conversation_participant_name: name,
        conversation_webchat_queue_uuid: queueUuid,
        email: `${slugOf(name)}@example.com`,
        join_dts: iso(SEED_BASE_EPOCH - prng.int(30, 600) * 1000),
        participant_language_iso_code: prng.pick(["en", "en", "es", "fr"]),
        question: prng.pick(QUESTIONS),
        queue_name
      })
    }
    return {
      queue_name,
      conversation_webchat_queue_uuid: queueUuid,
      entries,
      customer_abandon_count: prng.int(0, 6),
      customer_chat_count: prng.int(10, 80),
      customer_average_abandon_time_seconds: prng.int(20, 240),
      customer_average_chat_time_seconds: prng.int(120, 900),
      customer_average_hold_time_seconds: prng.int(5, 120)
    }
  })

const makeConversation = (
  prng: Prng,
  index: number,
  agents: ReadonlyArray<Agent>,
  medium: Medium
): StoredConversation => {
  const conversation_uuid = prng.uuid()
  const customerName = prng.pick(CUSTOMERS)
  const customerSlug = slugOf(customerName)
  // Conversation 0 is the newest; older ones start further back, roughly 2-4 hours apart.
  const start = SEED_BASE_EPOCH - (index + 1) * prng.int(2 * 3600, 4 * 3600) * 1000
  const agent = agents[index % agents.length] ?? agents[0]!
  const customer: ConversationParticipant = {
    conversation_participant_arn: userArn(`customer-${customerSlug}-${index}`),
    conversation_participant_name: customerName,
    conversation_participant_uuid: prng.uuid(),
    joined_dts: iso(start),
    language_iso_code: "en",
    status: "joined",
    timezone: prng.pick(["America/New_York", "America/Chicago", "Europe/London", "Asia/Tokyo"]),
    unread_messages: 0,
    ...(medium === "sms"
      ? { sms_phone_number: `+1555${String(prng.int(1_000_000, 9_999_999))}` }
      : { email: `${customerSlug}@example.com` })
  }
  const messageCount = prng.int(3, 12)
  const messages: Array<ConversationMessage> = []
  let epoch = start
  let agentJoined: number | undefined
  for (let m = 0; m < messageCount; m++) {
    epoch += prng.int(20, 600) * 1000
    const fromCustomer = m === 0 || prng.chance(0.5)
    if (!fromCustomer && agentJoined === undefined) {
      agentJoined = epoch - 1000
      messages.push({
        author_conversation_participant_arn: agent.arn,
        author_conversation_participant_name: agent.name,
        body: `${agent.name} joined the conversation`,
        conversation_message_uuid: prng.uuid(),
        merchant_id: MERCHANT_ID,
        message_dts: iso(agentJoined),
        message_epoch: agentJoined,
        type: "notice"
      })
    }
    const author = fromCustomer ? customer : undefined
    const message: ConversationMessage = {
      author_conversation_participant_arn: author?.conversation_participant_arn ?? agent.arn,
      author_conversation_participant_name: author?.conversation_participant_name ?? agent.name,
      body: fromCustomer ? prng.pick(CUSTOMER_LINES) : prng.pick(AGENT_LINES),
      client_message_id: `seed-${index}-${m}`,
      conversation_message_uuid: prng.uuid(),
      language_iso_code: "en",
      merchant_id: MERCHANT_ID,
      message_dts: iso(epoch),
      message_epoch: epoch,
      type: "message"
    }
    if (fromCustomer && prng.chance(0.15)) {
      const key = `${prng.uuid()}.jpg`
      message.upload_keys = [key]
      message.media_urls = [`https://mock.ultracart.invalid/media/${key}`]
    }
    if (medium === "sms") {
      message.transport_statuses = [
        {
          conversation_participant_arn: customer.conversation_participant_arn!,
          status: fromCustomer ? "accepted" : prng.pick(["sent", "read", "SENT_TO_TWILIO", "queued"])
        }
      ]
    }
    messages.push(message)
  }
  const participants: Array<ConversationParticipant> = [customer]
  if (agentJoined !== undefined) {
    participants.push({
      conversation_participant_arn: agent.arn,
      conversation_participant_name: agent.name,
      conversation_participant_uuid: prng.uuid(),
      joined_dts: iso(agentJoined),
      language_iso_code: "en",
      profile_image_url: agent.profile_image_url,
      status: "joined",
      unread_messages: prng.int(0, 2)
    })
  }
  const last = messages[messages.length - 1]!
  const lastCustomerOnly = last.author_conversation_participant_arn === customer.conversation_participant_arn
  const conversation: StoredConversation = {
    base_language_iso_code: "en",
    closed: index >= 18,
    conversation_arn: channelArn(conversation_uuid),
    conversation_uuid,
    medium,
    merchant_id: MERCHANT_ID,
    messages,
    participants,
    start_dts: iso(start),
    unread_messages: lastCustomerOnly && index < 18,
    virtual_agent: false,
    visible: true
  }
  if (lastCustomerOnly) conversation.customer_first_message_unresponded_to_dts = last.message_dts!
  if (prng.chance(0.4)) {
    const positive = Math.round(prng.next() * 100) / 100
    const negative = Math.round((1 - positive) * prng.next() * 100) / 100
    conversation.sentiment = {
      last_detect_sentiment: last.message_dts!,
      mixed: 0.01,
      negative,
      neutral: Math.round((1 - positive - negative) * 100) / 100,
      positive,
      sentiment: positive > 0.6 ? "POSITIVE" : negative > 0.4 ? "NEGATIVE" : "NEUTRAL"
    }
  }
  return conversation
}

/** Builds the seeded world. The same seed always yields byte-identical data. */
export const buildSeed = (seed: number): SeedData => {
  const prng = makePrng(seed)
  const agents = makeAgents()
  const queues = makeQueues(prng)
  const conversations: Array<StoredConversation> = []
  for (let i = 0; i < SEED_CONVERSATION_COUNT; i++) {
    conversations.push(makeConversation(prng, i, agents, i % 3 === 1 ? "sms" : "websocket"))
  }
  return { agents, queues, conversations, contexts: makeContexts(seed, conversations) }
}
