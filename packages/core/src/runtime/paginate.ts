/**
 * Offset paging for every operation whose spec carries `x-uc-pagination`: the generator emits a
 * {@link PaginationDefinition} and a `<op>Stream` function per such operation, both of which end
 * here.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { UltraCartClient } from "./client.ts"
import type { UltraCartError } from "./errors.ts"
import { execute } from "./execute.ts"
import type { CallOptions, OperationDefinition } from "./operation.ts"

/** An operation's `x-uc-pagination`, as the generator emits it (`<op>Pagination`). */
export interface PaginationDefinition<Items extends string = string> {
  /** Query parameter carrying the page size, e.g. `_limit`. */
  readonly limit: string
  /** Query parameter carrying the offset, e.g. `_offset`. */
  readonly offset: string
  /** Member of the success body holding the page's items, e.g. `conversations`. */
  readonly items: Items
  /** The largest page size the server accepts (`max`). */
  readonly maxPageSize: number
  /** Page size when none is asked for: the limit parameter's `default`, else `maxPageSize`. */
  readonly defaultPageSize: number
}

/** Paging options of a generated `<op>Stream`. */
export interface PaginateOptions extends CallOptions {
  /** Records per request, clamped to `[1, maxPageSize]`. Default: the spec's `defaultPageSize`. */
  readonly pageSize?: number
  /** Offset of the first record. Default 0. */
  readonly startOffset?: number
}

/** The element type of a page's items member (an optional, possibly null, array). */
export type PageItem<T> = NonNullable<T> extends ReadonlyArray<infer A> ? A : never

const totalOf = (body: unknown): number | undefined => {
  if (typeof body !== "object" || body === null) return undefined
  const metadata = (body as { readonly metadata?: unknown }).metadata
  if (typeof metadata !== "object" || metadata === null) return undefined
  const resultSet = (metadata as { readonly result_set?: unknown }).result_set
  if (typeof resultSet !== "object" || resultSet === null) return undefined
  const total = (resultSet as { readonly total_records?: unknown }).total_records
  return typeof total === "number" ? total : undefined
}

/**
 * Streams every item of an offset-paged operation, page by page. A page is fetched only when the
 * consumer needs it. Paging stops at the first short or empty page, or once UltraCart's
 * `metadata.result_set.total_records` records have been read. Each page is a `background` call
 * (unless `priority` says otherwise): it waits behind interactive calls and keeps out of the
 * budget's reserve, so paging takes its pace from the credential's scheduler.
 */
export const paginate = <Args, Success, K extends keyof Success & string>(
  operation: OperationDefinition<Args, Success>,
  pagination: PaginationDefinition<K>,
  filter: object,
  options: PaginateOptions = {}
): Stream.Stream<PageItem<Success[K]>, UltraCartError, UltraCartClient> => {
  const { pageSize = pagination.defaultPageSize, startOffset = 0, priority = "background", ...rest } = options
  const callOptions: CallOptions = { ...rest, priority }
  const limit = Math.min(pagination.maxPageSize, Math.max(1, Math.floor(pageSize)))
  return Stream.paginate(Math.max(0, Math.floor(startOffset)), (offset) =>
    Effect.map(
      execute(
        operation,
        { ...filter, [pagination.limit]: limit, [pagination.offset]: offset } as Args,
        callOptions
      ),
      (response) => {
        const items = response[pagination.items] as ReadonlyArray<PageItem<Success[K]>> | null | undefined
        const page = items ?? []
        const next = offset + page.length
        const total = totalOf(response)
        const done = page.length < limit || (total !== undefined && next >= total)
        return [page, done ? Option.none<number>() : Option.some(next)] as const
      }
    )
  )
}
