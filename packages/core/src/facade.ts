/**
 * The Promise facade, for applications that do not use Effect: the same operations and helpers,
 * returning Promises that reject with the same error classes (`instanceof BadRequest` works).
 *
 * @module
 */
import * as Cause from "effect/Cause"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { FetchHttpClient, type HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { ConversationApi, type ConversationApiShape } from "./generated/ConversationApi.gen.ts"
import * as generated from "./generated/index.gen.ts"
import type { ConversationMessage, ConversationSummary } from "./generated/models.gen.ts"
import {
  type ConversationsFilter,
  type ConversationsOptions,
  conversations
} from "./helpers/conversations.ts"
import { keepAlive } from "./helpers/keepAlive.ts"
import { type MessagesSinceOptions, messagesSince } from "./helpers/messages.ts"
import { type UploadedMultimedia, uploadMultimedia } from "./helpers/upload.ts"
import { UltraCartClient } from "./runtime/client.ts"
import type { Credential, UltraCartClientOptions } from "./runtime/config.ts"
import type { UltraCartError } from "./runtime/errors.ts"
import type { CallOptions, OperationDefinition } from "./runtime/operation.ts"

/** A credential as a Promise user holds it: a string, a `Redacted`, or a function giving a fresh one. */
export type PlainCredential = string | Redacted.Redacted<string> | (() => Promise<string>)

/** Options of {@link createConversationClient}. */
export interface ConversationClientOptions extends Omit<UltraCartClientOptions, "simpleKey" | "oauthToken"> {
  /** Simple API key (`x-ultracart-simple-key`). */
  readonly simpleKey?: PlainCredential
  /** OAuth access token; a function is called before every request. */
  readonly oauthToken?: PlainCredential
  /** The HTTP transport. Default `FetchHttpClient.layer` (global fetch). */
  readonly httpClient?: Layer.Layer<HttpClient.HttpClient>
}

/** An operation method of the facade: same arguments, a Promise of the same result. */
type Promised<F> = F extends (...args: infer P) => Effect.Effect<infer A, infer _E, infer _R>
  ? (...args: P) => Promise<A>
  : never

/** A running keep-alive; `stop()` ends it. */
export interface KeepAliveHandle {
  /** Stops the keep-alive and waits until it has stopped. */
  readonly stop: () => Promise<void>
}

/** Every ConversationApi operation as a Promise method, plus the streaming helpers. */
export type ConversationClient = {
  readonly [K in keyof ConversationApiShape]: Promised<ConversationApiShape[K]>
} & {
  /** Every conversation summary, page by page, as an async iterable. */
  readonly conversations: (
    filter?: ConversationsFilter,
    options?: ConversationsOptions
  ) => AsyncIterable<ConversationSummary>
  /** A conversation's messages since `since` (epoch ms), then new ones as they arrive. Break out of the loop to stop. */
  readonly messagesSince: (
    conversationUuid: string,
    since: number,
    options?: MessagesSinceOptions
  ) => AsyncIterable<ConversationMessage>
  /**
   * Starts the agent keep-alive every `every`. A failure that retrying cannot fix (401, 410…)
   * stops it and is passed to `onError`.
   */
  readonly keepAlive: (every: Duration.Input, onError?: (error: UltraCartError) => void) => KeepAliveHandle
  /** Uploads bytes through a presigned URL; resolves with the key and URL. */
  readonly uploadMultimedia: (
    bytes: Uint8Array,
    extension: string,
    contentType: string,
    options?: CallOptions
  ) => Promise<UploadedMultimedia>
  /** Stops background work and releases the transport. The client is unusable afterwards. */
  readonly dispose: () => Promise<void>
}

const toCredential = (credential: PlainCredential): Credential =>
  typeof credential === "string"
    ? Redacted.make(credential)
    : typeof credential === "function"
      ? Effect.promise(credential).pipe(Effect.map((value) => Redacted.make(value)))
      : credential

/** Rejects with the typed error itself (so `instanceof` works), or the defect/interruption. */
const settle = <A>(exit: Exit.Exit<A, unknown>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  throw Cause.squash(exit.cause)
}

/** The operation names, taken from the generated definitions so no list is kept by hand. */
const operationNames: ReadonlyArray<keyof ConversationApiShape> = (
  Object.values(generated) as ReadonlyArray<unknown>
)
  .filter(
    (value): value is OperationDefinition<unknown, unknown> =>
      Predicate.isObject(value) && "operationId" in value && "pathTemplate" in value && "retrySafe" in value
  )
  .map((definition) => definition.operationId as keyof ConversationApiShape)

/**
 * Creates a Promise-based client (synchronously; nothing is sent until a method is called). One ManagedRuntime holds the transport and configuration; call
 * `dispose()` when done. A bad configuration (plain http to a remote host, no credential) rejects
 * the first call with a ConfigError.
 */
export const createConversationClient = (options: ConversationClientOptions): ConversationClient => {
  const { httpClient = FetchHttpClient.layer, simpleKey, oauthToken, ...rest } = options
  const clientLayer = UltraCartClient.layer({
    ...rest,
    ...(simpleKey === undefined ? {} : { simpleKey: toCredential(simpleKey) }),
    ...(oauthToken === undefined ? {} : { oauthToken: toCredential(oauthToken) })
  }).pipe(Layer.provide(httpClient))
  const runtime = ManagedRuntime.make(
    Layer.merge(ConversationApi.layer.pipe(Layer.provide(clientLayer)), clientLayer)
  )
  const run = <A, E>(effect: Effect.Effect<A, E, ConversationApi | UltraCartClient>): Promise<A> =>
    runtime.runPromiseExit(effect).then(settle<A>)
  const methods = Object.fromEntries(
    operationNames.map((name) => [
      name,
      (...args: ReadonlyArray<unknown>) =>
        run(
          Effect.gen(function* () {
            const api = yield* ConversationApi
            const method = api[name] as (
              ...a: ReadonlyArray<unknown>
            ) => Effect.Effect<unknown, UltraCartError>
            return yield* method(...args)
          })
        )
    ])
  ) as { readonly [K in keyof ConversationApiShape]: Promised<ConversationApiShape[K]> }

  const iterate = <A>(stream: Stream.Stream<A, UltraCartError, UltraCartClient>): AsyncIterable<A> => ({
    async *[Symbol.asyncIterator]() {
      yield* await run(Stream.toAsyncIterableEffect(stream))
    }
  })

  return {
    ...methods,
    conversations: (filter, callOptions) => iterate(conversations(filter, callOptions)),
    messagesSince: (uuid, since, callOptions) => iterate(messagesSince(uuid, since, callOptions)),
    keepAlive: (every, onError) => {
      const fiber = runtime.runFork(
        Effect.scoped(Effect.flatMap(keepAlive(every), Fiber.join)).pipe(
          Effect.catch((error) => Effect.sync(() => onError?.(error)))
        )
      )
      return { stop: () => runtime.runPromise(Fiber.interrupt(fiber)).then(() => undefined) }
    },
    uploadMultimedia: (bytes, extension, contentType, callOptions) =>
      run(uploadMultimedia(bytes, extension, contentType, callOptions)),
    dispose: () => runtime.dispose()
  }
}
