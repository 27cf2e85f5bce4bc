/**
 * The agent console as ONE Effect HTTP app, turned into a Fetch-style handler that Node, Bun and
 * Deno each serve with their native server.
 *
 * @since 0.0.0
 */
import { ConversationApi, UltraCartClient } from "@uc-conversation/core"
import { Deferred, Effect, Exit, Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import type { WebHandler } from "../serve/WebHandler.ts"
import { AgentAccess } from "./AgentAccess.ts"
import { AgentIdentity } from "./AgentIdentity.ts"
import { type Backend, ConsoleEnv } from "./ConsoleEnv.ts"
import { AgentToolRoutes } from "./routes/AgentToolRoutes.ts"
import { ConversationRoutes } from "./routes/ConversationRoutes.ts"
import { EventRoutes } from "./routes/EventRoutes.ts"
import { QueueRoutes } from "./routes/QueueRoutes.ts"
import { SessionRoutes } from "./routes/SessionRoutes.ts"
import { StaticRoutes } from "./StaticAssets.ts"
import { type LogLine, withUpstreamLog } from "./UpstreamLog.ts"
import { type BudgetPlanInput, planBudget } from "./upstream/Budget.ts"
import { FeatureMeter, withFeatureMeter } from "./upstream/FeatureMeter.ts"
import { UpstreamHub } from "./upstream/UpstreamHub.ts"

/**
 * Options of {@link makeConsoleApp}.
 *
 * @since 0.0.0
 */
export interface ConsoleAppOptions {
  readonly backend: Backend
  readonly log: LogLine
  /**
   * How many times faster than the wall clock the console runs: every background interval is
   * divided by it (the budget's hour lasts `3600 / timeScale` s). Default 1. Give the client (its
   * rate limit: `scaledRateLimit`) and the mock (`timeScale`) the same scale.
   */
  readonly timeScale?: number
  /** Changes to the budget the schedule is derived from (Budget.ts); tests use it. */
  readonly budget?: Partial<BudgetPlanInput>
}

/**
 * The built app: its handler and how to stop it (ends open event streams, then releases the client).
 *
 * @since 0.0.0
 */
export interface ConsoleApp {
  readonly handler: WebHandler
  readonly close: () => Promise<void>
}

/**
 * Every upstream call made through `UltraCartClient` (operations and the presigned upload) is
 * logged with its timing by wrapping the client's transport.
 *
 * @since 0.0.0
 */
export const logUpstreamCalls = (log: LogLine, meter?: FeatureMeter) =>
  Layer.effect(
    UltraCartClient,
    Effect.gen(function* () {
      const client = yield* UltraCartClient
      const logged = withUpstreamLog(client.http, log)
      return UltraCartClient.of({
        ...client,
        http: meter === undefined ? logged : withFeatureMeter(logged, meter)
      })
    })
  )

/**
 * Builds the console on top of a client layer (from a runtime adapter, pointed at the mock or at
 * UltraCart).
 *
 * @since 0.0.0
 */
export const makeConsoleApp = <E>(
  client: Layer.Layer<ConversationApi | UltraCartClient, E>,
  options: ConsoleAppOptions
): ConsoleApp => {
  const shutdown = Deferred.makeUnsafe<void>()
  const env = Layer.succeed(ConsoleEnv, ConsoleEnv.of({ backend: options.backend, shutdown }))
  // The adapter's UltraCartClient gets a logging transport, and ConversationApi is rebuilt on it
  // (the service captures its client when built). `fresh`, or layer memoisation would hand back
  // the adapter's instance, built on the unlogged client.
  const plan = planBudget({
    ...options.budget,
    timeScale: options.timeScale ?? options.budget?.timeScale ?? 1
  })
  const meter = new FeatureMeter(plan.hourMillis)
  const logged = Layer.fresh(ConversationApi.layer).pipe(
    Layer.provideMerge(logUpstreamCalls(options.log, meter)),
    Layer.provide(client)
  )
  const services = Layer.mergeAll(
    UpstreamHub.layer(plan, meter),
    AgentAccess.layer.pipe(Layer.provideMerge(AgentIdentity.layer))
  ).pipe(Layer.provideMerge(logged))
  const routes = Layer.mergeAll(
    StaticRoutes,
    SessionRoutes,
    QueueRoutes,
    ConversationRoutes,
    AgentToolRoutes,
    EventRoutes
  ).pipe(
    // provideMerge, not provide: route handlers read these services per request, from the built layer.
    Layer.provideMerge(Layer.mergeAll(services, env, HttpServer.layerServices))
  )
  const { handler, dispose } = HttpRouter.toWebHandler(routes, { disableLogger: true })
  return {
    handler: (request) => handler(request),
    close: async () => {
      Deferred.doneUnsafe(shutdown, Exit.void)
      await dispose()
    }
  }
}
