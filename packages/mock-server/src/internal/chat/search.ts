import type { ConversationParticipant, StoredConversation } from "../model.ts"

/**
 * getConversationsSearch and getConversationsAutocomplete over the stored conversations.
 *
 * UltraCart documents neither beyond the schemas (`ConversationSearchRequest`,
 * `ConversationAutocompleteRequest`), so the mock reads every request field the way its name and
 * description say, and README "Chat operations" records each reading.
 */

/** `ConversationSearchRequest`, as validated against the spec (every field optional). */
export interface SearchRequest {
  readonly text_search?: string | undefined
  readonly date_start?: string | undefined
  readonly date_end?: string | undefined
  readonly email_filter?: string | undefined
  readonly language_filter?: string | undefined
  readonly medium_filter?: string | undefined
  readonly sms_phone_number_filter?: string | undefined
  readonly visible_filter?: boolean | undefined
  readonly order_by_newest?: boolean | undefined
  readonly order_by_oldest?: boolean | undefined
  readonly range_begin?: number | undefined
  readonly range_end?: number | undefined
}

/** Records per search answer when `range_end` is absent. */
export const SEARCH_DEFAULT_PAGE = 100
/** The most records one search answers (as getConversations' `_limit`, "Max 200"). */
export const SEARCH_MAX_PAGE = 200

/** Case- and accent-insensitive form of a text, for matching ("garcia" finds "García"). */
export const fold = (text: string): string => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()

/** Digits only, without a leading North American country code: "+1 (555) 010-2030" → "5550102030". */
export const phoneDigits = (phone: string): string => {
  const digits = phone.replace(/\D/g, "")
  return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits
}

/** When the conversation was last active: its last message, else its start. */
export const activityDts = (c: StoredConversation): string => c.last_message_dts ?? c.start_dts ?? ""

/** The customers of a conversation: every participant who is not one of the merchant's agents. */
export const customersOf = (
  c: StoredConversation,
  agentArns: ReadonlySet<string>
): Array<ConversationParticipant> =>
  c.participants.filter((p) => !agentArns.has(p.conversation_participant_arn ?? ""))

/** Everything `text_search` looks in: message bodies, participant names, emails and phone numbers. */
const haystack = (c: StoredConversation): string =>
  fold(
    [
      ...c.messages.map((m) => m.body ?? ""),
      ...c.participants.flatMap((p) => [
        p.conversation_participant_name ?? "",
        p.email ?? "",
        p.sms_phone_number ?? ""
      ]),
      c.last_conversation_message_body ?? ""
    ].join("\n")
  )

/**
 * A date bound: an ISO date/time (UltraCart's `dateTime`) or epoch milliseconds. Anything
 * unreadable is no bound, as getConversations treats an unreadable `before`.
 */
const parseBound = (value: string | undefined): number | undefined => {
  if (value === undefined || value === "") return undefined
  const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isFinite(ms) ? ms : undefined
}

/** One page of a search and where it sits. */
export interface SearchOutcome {
  readonly page: ReadonlyArray<StoredConversation>
  readonly rangeBegin: number
  readonly rangeEnd: number
  readonly total: number
}

/**
 * Filters, orders and pages the conversations.
 *
 * - `text_search`: every whitespace-separated word must occur (case- and accent-insensitively) in
 *   a message body or a participant's name, email or SMS number.
 * - `date_start` / `date_end` ("start/end of the range"): the conversation was active in the range,
 *   i.e. it started no later than `date_end` and its last message is no earlier than `date_start`.
 * - `email_filter`, `sms_phone_number_filter`, `language_filter`: a customer (a participant who is
 *   not an agent) has that email (case-insensitive), number (digits compared) or language.
 * - `medium_filter`: the conversation's medium; `visible_filter`: its `visible` (absent = visible).
 * - Newest activity first, unless only `order_by_oldest` is set.
 * - `range_begin` (0-based, default 0) and `range_end` (exclusive, default `range_begin` + 100)
 *   select the records; the answer states the range it served.
 *
 * Every schema-valid request is answered, as getConversations answers any `_limit`: a negative
 * `range_begin` counts as 0, a `range_end` before it as an empty range, a range of more than 200
 * records is cut to 200, an unreadable date is no bound, and an inverted date range matches nothing.
 */
export const searchConversations = (
  conversations: Iterable<StoredConversation>,
  request: SearchRequest,
  agentArns: ReadonlySet<string>
): SearchOutcome => {
  const start = parseBound(request.date_start)
  const end = parseBound(request.date_end)
  const rangeBegin = Math.max(0, request.range_begin ?? 0)
  const asked = request.range_end ?? rangeBegin + SEARCH_DEFAULT_PAGE
  const rangeEnd = Math.min(Math.max(rangeBegin, asked), rangeBegin + SEARCH_MAX_PAGE)

  const words = fold(request.text_search ?? "")
    .split(/\s+/)
    .filter((w) => w !== "")
  const email = request.email_filter === undefined ? "" : fold(request.email_filter.trim())
  const phone =
    request.sms_phone_number_filter === undefined ? "" : phoneDigits(request.sms_phone_number_filter)
  const language = request.language_filter === undefined ? "" : request.language_filter.trim().toLowerCase()
  const medium = request.medium_filter ?? ""
  // An inverted range holds no moment, so nothing was active in it.
  const empty = start !== undefined && end !== undefined && start > end

  const matches = [...conversations].filter((c) => {
    if (empty) return false
    if (medium !== "" && c.medium !== medium) return false
    if (request.visible_filter !== undefined && (c.visible ?? true) !== request.visible_filter) return false
    if (end !== undefined && Date.parse(c.start_dts ?? activityDts(c)) > end) return false
    if (start !== undefined && Date.parse(activityDts(c)) < start) return false
    const customers = customersOf(c, agentArns)
    if (email !== "" && !customers.some((p) => fold(p.email ?? "") === email)) return false
    if (phone !== "" && !customers.some((p) => phoneDigits(p.sms_phone_number ?? "") === phone)) return false
    if (language !== "" && !customers.some((p) => (p.language_iso_code ?? "").toLowerCase() === language))
      return false
    if (words.length > 0) {
      const text = haystack(c)
      if (!words.every((w) => text.includes(w))) return false
    }
    return true
  })
  const oldestFirst = request.order_by_oldest === true && request.order_by_newest !== true
  matches.sort((a, b) => {
    const order = activityDts(a) < activityDts(b) ? -1 : activityDts(a) > activityDts(b) ? 1 : 0
    return oldestFirst ? order : -order
  })
  const page = matches.slice(rangeBegin, rangeEnd)
  return { page, rangeBegin, rangeEnd: rangeBegin + page.length, total: matches.length }
}

/** One `ConversationAutocompleteValue`. */
export interface AutocompleteValue {
  readonly value: string
  readonly description: string
}

/** Suggestions, and why there are none when the field is unknown. */
export interface AutocompleteOutcome {
  readonly results: Array<AutocompleteValue>
  readonly unknownField?: string
}

/** The most suggestions one autocomplete answers. */
export const AUTOCOMPLETE_LIMIT = 10

/** What each autocompletable field suggests, from the conversations' customers. */
const FIELDS = {
  email: (p: ConversationParticipant) => p.email,
  sms_phone_number: (p: ConversationParticipant) => p.sms_phone_number,
  language: (p: ConversationParticipant) => p.language_iso_code,
  name: (p: ConversationParticipant) => p.conversation_participant_name
} as const

/** The field names autocomplete accepts, each also with the search request's `_filter` suffix. */
export const AUTOCOMPLETE_FIELDS: ReadonlyArray<string> = [
  "email",
  "sms_phone_number",
  "language",
  "medium",
  "name",
  "conversation_participant_name"
]

const fieldKey = (field: string): keyof typeof FIELDS | "medium" | undefined => {
  const bare = field
    .trim()
    .toLowerCase()
    .replace(/_filter$/, "")
  if (bare === "conversation_participant_name") return "name"
  return bare === "medium" || bare in FIELDS ? (bare as keyof typeof FIELDS | "medium") : undefined
}

const plural = (n: number): string => `${n} conversation${n === 1 ? "" : "s"}`

/**
 * Suggestions for a search field: the distinct values of that field among the stored
 * conversations' customers (or the conversations' media) containing `term` (case- and
 * accent-insensitive; digits only for phone numbers), values starting with the term first, then
 * alphabetical, at most {@link AUTOCOMPLETE_LIMIT}. Each description says whose value it is (for
 * emails and numbers) and how many conversations have it. A field the mock does not know has no
 * suggestions, and `unknownField` says which fields it knows.
 */
export const autocomplete = (
  conversations: Iterable<StoredConversation>,
  field: string,
  term: string,
  agentArns: ReadonlySet<string>
): AutocompleteOutcome => {
  const key = fieldKey(field)
  if (key === undefined)
    return {
      results: [],
      unknownField: `Unknown autocomplete field ${JSON.stringify(field)}; use one of ${AUTOCOMPLETE_FIELDS.join(", ")} (optionally with _filter).`
    }
  const found = new Map<string, { value: string; names: Set<string>; conversations: Set<string> }>()
  for (const c of conversations) {
    const values =
      key === "medium"
        ? [{ value: c.medium, name: undefined }]
        : customersOf(c, agentArns).map((p) => ({
            value: FIELDS[key](p),
            name: p.conversation_participant_name
          }))
    for (const { value, name } of values) {
      if (value === undefined || value === "") continue
      const id = key === "sms_phone_number" ? phoneDigits(value) : fold(value)
      const entry = found.get(id) ?? { value, names: new Set(), conversations: new Set() }
      if (name !== undefined) entry.names.add(name)
      entry.conversations.add(c.conversation_uuid)
      found.set(id, entry)
    }
  }
  // Numbers match on digits, with or without the country code ("+1555", "555", "(555) 01").
  const byDigits = key === "sms_phone_number" && /\d/.test(term)
  const wanted = byDigits ? term.replace(/\D/g, "") : fold(term.trim())
  const forms = (value: string): Array<string> =>
    byDigits ? [value.replace(/\D/g, ""), phoneDigits(value)] : [fold(value)]
  const rank = (value: string): number =>
    forms(value).some((f) => f.startsWith(wanted)) ? 0 : forms(value).some((f) => f.includes(wanted)) ? 1 : 2
  const hits = [...found.values()]
    .filter((e) => rank(e.value) < 2)
    .sort((a, b) => rank(a.value) - rank(b.value) || a.value.localeCompare(b.value))
    .slice(0, AUTOCOMPLETE_LIMIT)
  return {
    results: hits.map((e) => ({
      value: e.value,
      description:
        (key === "email" || key === "sms_phone_number") && e.names.size > 0
          ? `${[...e.names].sort().join(", ")} · ${plural(e.conversations.size)}`
          : plural(e.conversations.size)
    }))
  }
}
