/**
 * Every conversation summary, as one Stream over the offset-paged `getConversations`: a thin
 * alias of the generated `getConversationsStream` (from the spec's `x-uc-pagination`).
 *
 * @module
 */
import type * as Stream from "effect/Stream"
import type { ConversationSummary } from "../generated/models.gen.ts"
import {
  type GetConversationsFilter,
  getConversationsStream
} from "../generated/operations/getConversations.gen.ts"
import type { UltraCartClient } from "../runtime/client.ts"
import type { UltraCartError } from "../runtime/errors.ts"
import type { PaginateOptions } from "../runtime/paginate.ts"

/** Filters of {@link conversations}: `getConversations`' args without the paging pair. */
export type ConversationsFilter = GetConversationsFilter

/**
 * Paging options of {@link conversations}: `pageSize` (default and maximum from the spec's
 * `x-uc-pagination`: 100 and 200), `startOffset` (default 0), and the call options.
 */
export type ConversationsOptions = PaginateOptions

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
): Stream.Stream<ConversationSummary, UltraCartError, UltraCartClient> =>
  getConversationsStream(filter, options)
