/**
 * What UltraCart lets this agent do, read once per console run and used twice: the page offers
 * only what the agent may do (`/api/session` carries it), and the routes refuse the rest with 403,
 * so the page is not the only guard.
 *
 * - `chat_user` and `chat_admin`: the agent's chat roles, from the authorization the console
 *   already fetches for the agent's name and ARN (`getAgentWebsocketAuthorization`, AgentIdentity).
 * - `edit_settings`: `getConversationPermissions`.
 *
 * Both are read on the first request that needs them (the page's first `/api/session`), as
 * interactive calls charged to "agent actions" like any route's, and kept: no timer re-reads them.
 * A change UltraCart makes to the agent's roles shows after a restart of the console.
 *
 * Only `chat_user` gates anything: joining a conversation, starting one, changing the agent's
 * queue status and attaching a file. The console has no admin-only feature (it edits no settings,
 * no other agent, no queue), so `chat_admin` and `edit_settings` are only shown.
 *
 * @since 0.0.0
 */
import { ConversationApi, type ConversationPermissions, type UltraCartError } from "@uc-conversation/core"
import { Context, Effect, Layer } from "effect"
import type { HttpServerResponse } from "effect/http"
import { type AgentAccessWire, missingPermissionMessage } from "../wire.ts"
import { AgentIdentity, onceSucceeded } from "./AgentIdentity.ts"
import { errorResponse } from "./BrowserError.ts"

/**
 * UltraCart's conversation permissions as booleans; an absent or null one counts as not granted.
 *
 * @since 0.0.0
 */
export type Permissions = {
  readonly [K in keyof ConversationPermissions]-?: NonNullable<ConversationPermissions[K]>
}

/**
 * The agent's roles and permissions, read once (a failed read is retried by the next request).
 *
 * @since 0.0.0
 */
export class AgentAccess extends Context.Service<
  AgentAccess,
  { readonly get: Effect.Effect<AgentAccessWire, UltraCartError> }
>()("@uc-conversation/agent-console/AgentAccess") {
  /**
   * @since 0.0.0
   */
  static readonly layer = Layer.effect(
    AgentAccess,
    Effect.gen(function* () {
      const api = yield* ConversationApi
      const identity = yield* AgentIdentity
      const permissions = yield* onceSucceeded(
        Effect.map(
          api.getConversationPermissions(),
          ({ permissions }): Permissions => ({ edit_settings: permissions?.edit_settings === true })
        )
      )
      // One after the other: UltraCart refuses concurrent requests (the client queues them anyway).
      const get = Effect.gen(function* () {
        const roles = yield* identity.roles
        return { ...roles, ...(yield* permissions) } satisfies AgentAccessWire
      })
      return AgentAccess.of({ get })
    })
  )
}

/**
 * Runs `action` only when the agent holds `permission`; otherwise answers 403 with
 * {@link missingPermissionMessage}, before anything is sent upstream for the action. Failing to
 * read the permissions fails the request as any upstream failure does (respond.ts).
 *
 * @since 0.0.0
 */
export const requirePermission = <E, R>(
  permission: keyof typeof missingPermissionMessage,
  action: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E | UltraCartError, R | AgentAccess> =>
  Effect.gen(function* () {
    const access = yield* (yield* AgentAccess).get
    if (access[permission]) return yield* action
    return errorResponse({
      tag: "PermissionDenied",
      status: 403,
      message: missingPermissionMessage[permission]
    })
  })
