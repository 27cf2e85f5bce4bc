/**
 * Who the agent is, as UltraCart says (`getAgentWebsocketAuthorization`): the name shown in the
 * top bar and the ARN that finds the agent in queues and conversations. The JWTs in that answer
 * stay on the server.
 *
 * @since 0.0.0
 */
import { ConversationApi, type UltraCartError } from "@uc-conversation/core"
import { Context, Effect, Layer, Option, Ref } from "effect"

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
 * The agent, fetched once and remembered (a failed fetch is retried on the next request).
 *
 * @since 0.0.0
 */
export class AgentIdentity extends Context.Service<
  AgentIdentity,
  { readonly get: Effect.Effect<AgentInfo, UltraCartError> }
>()("@uc-conversation/agent-console/AgentIdentity") {
  /**
   * @since 0.0.0
   */
  static readonly layer = Layer.effect(
    AgentIdentity,
    Effect.gen(function* () {
      const api = yield* ConversationApi
      const known = yield* Ref.make(Option.none<AgentInfo>())
      const fetch = api.getAgentWebsocketAuthorization().pipe(
        Effect.map(
          ({ agent_auth }): AgentInfo => ({
            name: agent_auth?.conversation_participant_name ?? "Agent",
            arn: agent_auth?.conversation_participant_arn ?? undefined,
            merchantId: agent_auth?.merchant_id ?? undefined
          })
        ),
        Effect.tap((agent) => Ref.set(known, Option.some(agent)))
      )
      const get = Effect.flatMap(
        Ref.get(known),
        Option.match({ onNone: () => fetch, onSome: Effect.succeed })
      )
      return AgentIdentity.of({ get })
    })
  )
}
