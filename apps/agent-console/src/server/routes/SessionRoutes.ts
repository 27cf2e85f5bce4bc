/**
 * GET /api/session: which backend the console uses and who the agent is.
 *
 * @since 0.0.0
 */
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import type { SessionWire } from "../../wire.ts"
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
    // The backend badge renders even when UltraCart refuses the agent; the error says why.
    const agent = yield* Effect.result(identity.get)
    const body: SessionWire =
      agent._tag === "Success"
        ? { backend, agent: agent.success }
        : { backend, agent: null, error: toBrowserError(agent.failure) }
    return HttpServerResponse.jsonUnsafe(body)
  })
)
