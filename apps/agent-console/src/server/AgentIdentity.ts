/**
 * Who the agent is, as UltraCart says (`getAgentWebsocketAuthorization`): the name shown in the
 * top bar, the ARN that finds the agent in queues and conversations, and the agent's chat roles
 * (`chat_user`, `chat_admin`). The JWTs in that answer stay on the server.
 *
 * @since 0.0.0
 */
import { type ConversationAgentAuth, ConversationApi, type UltraCartError } from "@uc-conversation/core"
import { Context, Effect, Layer, Option, Ref, Semaphore } from "effect"

/**
 * The part of the agent's authorization the browser may see.
 *
 * @since 0.0.0
 */
export interface AgentInfo {
  readonly name: string
  readonly arn: string | undefined
  readonly merchantId: string | undefined
}

/**
 * The agent's chat roles, from UltraCart's `ConversationAgentAuth`. UltraCart declares every field
 * optional and nullable; an absent role counts as not granted, so a console that cannot tell
 * offers less rather than more.
 *
 * @since 0.0.0
 */
export type ChatRoles = {
  readonly [K in "chat_user" | "chat_admin"]-?: NonNullable<ConversationAgentAuth[K]>
}

/**
 * Runs `fetch` until it succeeds once, then answers its value without calling again. A failure
 * is not remembered (the next caller tries again), and concurrent first callers share one call:
 * the page asks for the session and the profile at the same time when it loads.
 *
 * @since 0.0.0
 */
export const onceSucceeded = <A, E, R>(
  fetch: Effect.Effect<A, E, R>
): Effect.Effect<Effect.Effect<A, E, R>> =>
  Effect.gen(function* () {
    const known = yield* Ref.make(Option.none<A>())
    const lock = yield* Semaphore.make(1)
    const remembered = Effect.tap(fetch, (value) => Ref.set(known, Option.some(value)))
    return lock.withPermits(1)(
      Effect.flatMap(Ref.get(known), Option.match({ onNone: () => remembered, onSome: Effect.succeed }))
    )
  })

/**
 * The agent, fetched once and remembered (a failed fetch is retried on the next request).
 *
 * @since 0.0.0
 */
export class AgentIdentity extends Context.Service<
  AgentIdentity,
  {
    readonly get: Effect.Effect<AgentInfo, UltraCartError>
    /** The chat roles from the same answer (no second call). */
    readonly roles: Effect.Effect<ChatRoles, UltraCartError>
  }
>()("@uc-conversation/agent-console/AgentIdentity") {
  /**
   * @since 0.0.0
   */
  static readonly layer = Layer.effect(
    AgentIdentity,
    Effect.gen(function* () {
      const api = yield* ConversationApi
      const auth = yield* onceSucceeded(
        api.getAgentWebsocketAuthorization().pipe(
          Effect.map(({ agent_auth }) => ({
            info: {
              name: agent_auth?.conversation_participant_name ?? "Agent",
              arn: agent_auth?.conversation_participant_arn ?? undefined,
              merchantId: agent_auth?.merchant_id ?? undefined
            } satisfies AgentInfo,
            roles: {
              chat_user: agent_auth?.chat_user === true,
              chat_admin: agent_auth?.chat_admin === true
            } satisfies ChatRoles
          }))
        )
      )
      return AgentIdentity.of({
        get: Effect.map(auth, ({ info }) => info),
        roles: Effect.map(auth, ({ roles }) => roles)
      })
    })
  )
}
