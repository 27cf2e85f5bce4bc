/**
 * Webchat queues and the agent's status in them.
 *
 * GET /api/queues, PUT /api/agent/status `{agent_status, queues?}` (needs the agent's `chat_user`
 * role: 403 otherwise, AgentAccess.ts).
 *
 * @since 0.0.0
 */
import { ConversationApi } from "@uc-conversation/core"
import { Effect, Layer, Schema } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import type { QueuesWire } from "../../wire.ts"
import { requirePermission } from "../AgentAccess.ts"
import { AgentIdentity } from "../AgentIdentity.ts"
import { respond } from "../respond.ts"
import { UpstreamHub } from "../upstream/UpstreamHub.ts"

const AgentStatus = Schema.Literals(["available", "busy", "unavailable"])

const SetStatusBody = Schema.Struct({
  agent_status: AgentStatus,
  /** Queues to set it in; absent means every queue the agent belongs to. */
  queues: Schema.optionalKey(Schema.Array(Schema.String))
})

/** An interactive fetch (the agent clicked); its result also goes to every tab. */
const listQueues = Effect.gen(function* () {
  const api = yield* ConversationApi
  const { queue_statuses } = yield* api.getConversationWebchatQueueStatuses()
  const queues = queue_statuses ?? []
  yield* (yield* UpstreamHub).offerQueues(queues)
  return queues
})

/**
 * @since 0.0.0
 */
export const QueueRoutes = Layer.mergeAll(
  HttpRouter.add(
    "GET",
    "/api/queues",
    respond(
      Effect.map(listQueues, (queues) => HttpServerResponse.jsonUnsafe({ queues } satisfies QueuesWire))
    )
  ),
  HttpRouter.add(
    "PUT",
    "/api/agent/status",
    respond(
      requirePermission(
        "chat_user",
        Effect.gen(function* () {
          const api = yield* ConversationApi
          const body = yield* HttpServerRequest.schemaBodyJson(SetStatusBody)
          const agent = yield* (yield* AgentIdentity).get
          const queues = yield* listQueues
          const mine = queues
            .filter((queue) => queue.agents?.some((a) => a.conversation_participant_arn === agent.arn))
            .map((queue) => queue.queue_name)
            .filter((name): name is string => typeof name === "string")
          const targets = body.queues ?? (mine.length > 0 ? mine : queues.flatMap((q) => q.queue_name ?? []))
          yield* Effect.forEach(
            targets,
            (queue_name) =>
              api.updateConversationWebchatQueueStatus({
                queue_name,
                body: { agent_status: body.agent_status }
              }),
            { concurrency: 4, discard: true }
          )
          const answer: QueuesWire = { queues: yield* listQueues }
          return HttpServerResponse.jsonUnsafe(answer)
        })
      )
    )
  )
)
