/**
 * Every conversation summary, as one Stream over the offset-paged `getConversations`.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { ConversationSummary } from "../generated/models.gen.ts"
import { type GetConversationsArgs, getConversations } from "../generated/operations/getConversations.gen.ts"
import type { UltraCartClient } from "../runtime/client.ts"
import type { UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"

/** Filters of {@link conversations}: `getConversations`' args without the paging pair. */
export type ConversationsFilter = Omit<GetConversationsArgs, "_limit" | "_offset">

/** Paging options of {@link conversations}. */
export interface ConversationsOptions extends CallOptions {
  /** Records per request (UltraCart allows at most 200). Default 100. */
  readonly pageSize?: number
  /** Offset of the first record. Default 0. */
  readonly startOffset?: number
}

/** UltraCart's documented maximum for `_limit`. */
const maxPageSize = 200

/**
 * Streams every conversation summary, page by page (`_limit`/`_offset`). A page is fetched only
 * when the consumer needs it. Paging stops at the first short or empty page, or once
 * `metadata.result_set.total_records` records have been read. Each page is a `background` call
 * (unless `priority` says otherwise): it waits behind interactive calls and keeps out of the
 * budget's reserve, so paging takes its pace from the credential's scheduler.
 */
export const conversations = (
  filter: ConversationsFilter = {},
  options: ConversationsOptions = {}
): Stream.Stream<ConversationSummary, UltraCartError, UltraCartClient> => {
  const { pageSize = 100, startOffset = 0, priority = "background", ...rest } = options
  const callOptions: CallOptions = { ...rest, priority }
  const limit = Math.min(maxPageSize, Math.max(1, Math.floor(pageSize)))
  return Stream.paginate(Math.max(0, Math.floor(startOffset)), (offset) =>
    Effect.map(getConversations({ ...filter, _limit: limit, _offset: offset }, callOptions), (response) => {
      const page = response.conversations ?? []
      const next = offset + page.length
      const total = response.metadata?.result_set?.total_records
      const done = page.length < limit || (total !== undefined && total !== null && next >= total)
      return [page, done ? Option.none<number>() : Option.some(next)] as const
    })
  )
}
