/**
 * What the routes need to know about the running console beyond the UltraCart client.
 *
 * @since 0.0.0
 */
import { Context, type Deferred } from "effect"

/**
 * Which UltraCart the console talks to: the embedded mock, or the real API (a credential is set).
 *
 * @since 0.0.0
 */
export type Backend = "mock" | "ultracart"

/**
 * The console's environment: its backend, and the shutdown signal that ends
 * every open event stream so the native server can close.
 *
 * @since 0.0.0
 */
export class ConsoleEnv extends Context.Service<
  ConsoleEnv,
  {
    readonly backend: Backend
    readonly shutdown: Deferred.Deferred<void>
  }
>()("@uc-conversation/agent-console/ConsoleEnv") {}
