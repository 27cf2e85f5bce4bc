/**
 * GET /api/session: which backend the console uses, who the agent is and what UltraCart lets
 * them do (AgentAccess.ts); the page offers only that.
 *
 * @since 0.0.0
 */
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import type { SessionWire } from "../../wire.ts"
import { AgentAccess } from "../AgentAccess.ts"
import { AgentIdentity } from "../AgentIdentity.ts"
import { toBrowserError } from "../BrowserError.ts"
import { ConsoleEnv } from "../ConsoleEnv.ts"

/**
 * @since 0.0.0
 */
export const SessionRoutes = HttpRouter.add(
  "GET",
  "/api/session",
  Effect.gen(function* () {
    const { backend } = yield* ConsoleEnv
    const identity = yield* AgentIdentity
    const access = yield* AgentAccess
    // The backend badge renders even when UltraCart refuses the agent; the error says why.
    const agent = yield* Effect.result(identity.get)
    if (agent._tag === "Failure") {
      const body: SessionWire = { backend, agent: null, access: null, error: toBrowserError(agent.failure) }
      return HttpServerResponse.jsonUnsafe(body)
    }
    const granted = yield* Effect.result(access.get)
    const body: SessionWire =
      granted._tag === "Success"
        ? { backend, agent: agent.success, access: granted.success }
        : { backend, agent: agent.success, access: null, error: toBrowserError(granted.failure) }
    return HttpServerResponse.jsonUnsafe(body)
  })
)
