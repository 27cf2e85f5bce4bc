/**
 * The generated paginator (`getConversationsStream`, from the spec's `x-uc-pagination`) against
 * the mock over a real socket, with Effect and through the Promise facade.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { createConversationClient } from "../src/facade.ts"
import { conversationApiPaginators } from "../src/generated/ConversationApi.gen.ts"
import {
  getConversations,
  getConversationsPagination,
  getConversationsStream
} from "../src/generated/operations/getConversations.gen.ts"
import { conversations } from "../src/helpers/conversations.ts"
import { mockClient, mockServer } from "./mock.ts"

describe("generated paginator: getConversationsStream", () => {
  it("carries the spec's x-uc-pagination", () => {
    assert.deepStrictEqual(getConversationsPagination, {
      limit: "_limit",
      offset: "_offset",
      items: "conversations",
      maxPageSize: 200,
      defaultPageSize: 100
    })
    assert.strictEqual(conversationApiPaginators.getConversations, getConversationsStream)
  })

  it.live("pages getConversations against the mock, offset by offset", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const { all, paged } = yield* Effect.gen(function* () {
        const all = yield* getConversations({ _limit: getConversationsPagination.maxPageSize })
        const paged = yield* Stream.runCollect(getConversationsStream({}, { pageSize: 3 }))
        return { all: all.conversations ?? [], paged }
      }).pipe(Effect.provide(mockClient(mock)))
      assert.isAbove(all.length, 6)
      assert.deepStrictEqual(
        paged.map((c) => c.conversation_uuid),
        all.map((c) => c.conversation_uuid)
      )
      const pages = mock.requests().slice(1)
      assert.isAbove(pages.length, 2)
      assert.deepStrictEqual(
        pages.map((r) => [
          new URLSearchParams(r.query).get("_limit"),
          new URLSearchParams(r.query).get("_offset")
        ]),
        pages.map((_, i) => ["3", String(i * 3)])
      )
    })
  )

  it.live("asks for the spec's default page size, and clamps to its maximum", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      yield* Effect.gen(function* () {
        yield* Stream.runDrain(getConversationsStream())
        yield* Stream.runDrain(conversations({}, { pageSize: 10_000 }))
      }).pipe(Effect.provide(mockClient(mock)))
      const limits = mock.requests().map((r) => new URLSearchParams(r.query).get("_limit"))
      assert.deepStrictEqual(limits, [
        String(getConversationsPagination.defaultPageSize),
        String(getConversationsPagination.maxPageSize)
      ])
    })
  )

  it.live("the facade's async-iterable form pages the same", () =>
    Effect.gen(function* () {
      const mock = yield* mockServer
      const expected = yield* Effect.map(getConversations({ _limit: 200 }), (r) =>
        (r.conversations ?? []).map((c) => c.conversation_uuid)
      ).pipe(Effect.provide(mockClient(mock)))
      const seen = yield* Effect.promise(async () => {
        const uc = createConversationClient({ baseUrl: mock.baseUrl, simpleKey: mock.simpleKey })
        try {
          const out: Array<string | null | undefined> = []
          for await (const c of uc.paginate.getConversations({}, { pageSize: 4 }))
            out.push(c.conversation_uuid)
          return out
        } finally {
          await uc.dispose()
        }
      })
      assert.deepStrictEqual(seen, expected)
    })
  )
})
