/**
 * The Promise facade, for applications that do not use Effect: the same operations and helpers,
 * returning Promises that reject with the same error classes (`instanceof BadRequest` works, and
 * `instanceof UltraCartErrorBase` or `isUltraCartError` recognises every failed call).
 *
 * The facade's own lifecycle errors, {@link ClientDisposed} and {@link CallInterrupted}, are not
 * members of that family: they come from using the client after or during `dispose()`, not from
 * a call to UltraCart, and carry no method, path or status.
 *
 * @module
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  ConversationApi,
  type ConversationApiShape,
  conversationApiOperations,
  conversationApiPaginators
} from "./generated/ConversationApi.gen.ts"
import type { ConversationMessage, ConversationSummary } from "./generated/models.gen.ts"
import {
  type ConversationsFilter,
  type ConversationsOptions,
  conversations
} from "./helpers/conversations.ts"
import { keepAlive } from "./helpers/keepAlive.ts"
import { type MessagesSinceOptions, messagesSince } from "./helpers/messages.ts"
import { type UploadedMultimedia, uploadMultimedia } from "./helpers/upload.ts"
import { layerResolved, type UltraCartClient } from "./runtime/client.ts"
import { type Credential, resolveConfig, type UltraCartClientOptions } from "./runtime/config.ts"
import { conversationApiDefaults } from "./runtime/defaults.ts"
import type { UltraCartError } from "./runtime/errors.ts"
import * as FetchTransport from "./runtime/fetchTransport.ts"
import type { CallOptions } from "./runtime/operation.ts"
import type { RateBudget } from "./runtime/rateLimit.ts"

/**
 * A facade method was called after `dispose()`. Nothing was sent. Create a new client to go on.
 */
export class ClientDisposed extends Schema.TaggedError<ClientDisposed>()("ClientDisposed", {
  message: Schema.String,
  /** The facade method that was called (`getConversation`, `conversations`, `keepAlive`…). */
  operation: Schema.String
}) {}

/**
 * A facade call was still in flight when `dispose()` ran, and was interrupted: its request was
 * aborted, and whether the server acted on it is unknown.
 */
export class CallInterrupted extends Schema.TaggedError<CallInterrupted>()("CallInterrupted", {
  message: Schema.String,
  /** The facade method that was interrupted. */
  operation: Schema.String
}) {}

/** A credential as a Promise user holds it: a string, a `Redacted`, or a function giving a fresh one. */
export type PlainCredential = string | Redacted.Redacted<string> | (() => Promise<string>)

/** Options of {@link createConversationClient}. */
export interface ConversationClientOptions extends Omit<UltraCartClientOptions, "simpleKey" | "oauthToken"> {
  /** Simple API key (`x-ultracart-simple-key`). */
  readonly simpleKey?: PlainCredential
  /** OAuth access token; a function is called before every request. */
  readonly oauthToken?: PlainCredential
  /** The HTTP transport. Default `FetchTransport.layer` (global fetch, called directly). */
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

/**
 * The credential's rate budget (see "Rate limits and the scheduler" in the README): counts and
 * limits, never the credential.
 */
export interface BudgetHandle {
  /** The budget now. */
  readonly current: () => RateBudget
  /**
   * Calls `listener` on every change (a call queued, started or finished; a pause after a 429).
   * Returns the function that unsubscribes.
   */
  readonly subscribe: (listener: (budget: RateBudget) => void) => () => void
}

/** A generated `<op>Stream` function as the facade's async-iterable form. */
export type Iterated<F> = F extends (...args: infer P) => Stream.Stream<infer A, infer _E, infer _R>
  ? (...args: P) => AsyncIterable<A>
  : never

/** Every paginated operation (the generated `conversationApiPaginators`) as an async iterable. */
export type ConversationPaginators = {
  readonly [K in keyof typeof conversationApiPaginators]: Iterated<(typeof conversationApiPaginators)[K]>
}

/** Every ConversationApi operation as a Promise method, plus the streaming helpers. */
export type ConversationClient = {
  readonly [K in keyof ConversationApiShape]: Promised<ConversationApiShape[K]>
} & {
  /**
   * Every operation with `x-uc-pagination`, by method name, as an async iterable over its items,
   * page by page (`paginate.getConversations(filter, { pageSize })`). Built from the generated
   * paginators table, so a paginated operation added to the spec appears here.
   */
  readonly paginate: ConversationPaginators
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
  /** The credential's rate budget: a snapshot and a subscription. */
  readonly budget: BudgetHandle
  /**
   * Stops background work and releases the transport. Calls still in flight reject with
   * {@link CallInterrupted}; calls made afterwards reject with {@link ClientDisposed}.
   */
  readonly dispose: () => Promise<void>
}

const toCredential = (credential: PlainCredential): Credential =>
  typeof credential === "string"
    ? Redacted.make(credential)
    : typeof credential === "function"
      ? Effect.promise(credential).pipe(Effect.map((value) => Redacted.make(value)))
      : credential

const disposedError = (operation: string) =>
  new ClientDisposed({
    message: `${operation}: the client was disposed; create a new one to make more calls`,
    operation
  })

const interruptedError = (operation: string, disposing: boolean) =>
  new CallInterrupted({
    message: disposing
      ? `${operation} was interrupted: the client was disposed while the call was in flight`
      : `${operation} was interrupted`,
    operation
  })

/**
 * Creates a Promise-based client. The configuration is checked now, synchronously: an unusable one
 * (plain http to a remote host, no credential, a key with a line break or another character that
 * cannot be sent) throws an UltraCartConfigError naming the option. Nothing is sent until a method is
 * called. One ManagedRuntime holds the transport; call `dispose()` when done.
 */
export const createConversationClient = (options: ConversationClientOptions): ConversationClient => {
  const { httpClient = FetchTransport.layer, simpleKey, oauthToken, ...rest } = options
  const clientOptions: UltraCartClientOptions = {
    ...rest,
    ...(simpleKey === undefined ? {} : { simpleKey: toCredential(simpleKey) }),
    ...(oauthToken === undefined ? {} : { oauthToken: toCredential(oauthToken) })
  }
  // Validation is synchronous (no service, no I/O), so the facade can refuse at construction.
  const checked = Effect.runSync(Effect.result(resolveConfig(clientOptions, conversationApiDefaults)))
  if (Result.isFailure(checked)) throw checked.failure
  // The layer reuses this configuration, so the facade's budget follows the same scheduling.
  const scheduling = checked.success.scheduling
  const clientLayer = layerResolved(checked.success).pipe(Layer.provide(httpClient))
  const runtime = ManagedRuntime.make(
    Layer.merge(ConversationApi.layer.pipe(Layer.provide(clientLayer)), clientLayer)
  )
  let disposing = false
  /** Open async iterators, closed by dispose() so a loop awaiting a page does not hang. */
  const iterators = new Set<AsyncIterator<unknown>>()

  /**
   * Runs one call. Rejects with the typed error itself (so `instanceof` works); an interruption
   * (dispose() while in flight) becomes CallInterrupted, a call after dispose() ClientDisposed.
   */
  const run = <A, E>(
    operation: string,
    effect: Effect.Effect<A, E, ConversationApi | UltraCartClient>
  ): Promise<A> => {
    if (disposing) return Promise.reject(disposedError(operation))
    return runtime.runPromiseExit(effect).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      if (Cause.hasInterruptsOnly(exit.cause)) throw interruptedError(operation, disposing)
      // A call that raced dispose() may find the runtime already torn down.
      if (disposing && Cause.hasDies(exit.cause)) throw disposedError(operation)
      throw Cause.squash(exit.cause)
    })
  }
  // One method per entry of the generated operations table: an operation added to the spec is a
  // facade method, typed through ConversationApiShape, with no hand-written code.
  const methods = Object.fromEntries(
    conversationApiOperations.map((name) => [
      name,
      (...args: ReadonlyArray<unknown>) =>
        run(
          name,
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

  /**
   * A stream as an async iterable. Each `next()` after dispose() rejects with ClientDisposed; one
   * waiting for a page when dispose() runs rejects with CallInterrupted.
   */
  const iterate = <A>(
    operation: string,
    stream: Stream.Stream<A, UltraCartError, UltraCartClient>
  ): AsyncIterable<A> => ({
    [Symbol.asyncIterator]() {
      let inner: AsyncIterator<A> | undefined
      const close = async (): Promise<IteratorResult<A>> => {
        if (inner !== undefined) {
          iterators.delete(inner)
          await inner.return?.()
        }
        return { done: true, value: undefined }
      }
      return {
        async next() {
          if (disposing) throw disposedError(operation)
          if (inner === undefined) {
            inner = (await run(operation, Stream.toAsyncIterableEffect(stream)))[Symbol.asyncIterator]()
            iterators.add(inner)
          }
          const result = await inner.next()
          // dispose() closed the stream under this call: that is an interruption, not the end.
          if (result.done === true && disposing) throw interruptedError(operation, true)
          if (result.done === true) iterators.delete(inner)
          return result
        },
        return: close
      }
    }
  })

  const paginate = Object.fromEntries(
    Object.entries(conversationApiPaginators).map(([name, stream]) => [
      name,
      (...args: ReadonlyArray<unknown>) =>
        iterate(
          name,
          (
            stream as (
              ...a: ReadonlyArray<unknown>
            ) => Stream.Stream<unknown, UltraCartError, UltraCartClient>
          )(...args)
        )
    ])
  ) as unknown as ConversationPaginators

  return {
    ...methods,
    paginate,
    conversations: (filter, callOptions) => iterate("conversations", conversations(filter, callOptions)),
    messagesSince: (uuid, since, callOptions) =>
      iterate("messagesSince", messagesSince(uuid, since, callOptions)),
    keepAlive: (every, onError) => {
      if (disposing) throw disposedError("keepAlive")
      const fiber = runtime.runFork(
        Effect.scoped(Effect.flatMap(keepAlive(every), Fiber.join)).pipe(
          Effect.catch((error) => Effect.sync(() => onError?.(error)))
        )
      )
      // Interrupting needs no service, so stop() works (and does nothing more) after dispose().
      return { stop: () => Effect.runPromise(Fiber.interrupt(fiber)).then(() => undefined) }
    },
    budget: {
      current: () => scheduling.budget(Effect.runSync(Clock.currentTimeMillis)),
      subscribe: (listener) => scheduling.subscribe(listener)
    },
    uploadMultimedia: (bytes, extension, contentType, callOptions) =>
      run("uploadMultimedia", uploadMultimedia(bytes, extension, contentType, callOptions)),
    dispose: async () => {
      disposing = true
      const open = [...iterators]
      iterators.clear()
      await Promise.all(open.map((iterator) => iterator.return?.()))
      await runtime.dispose()
    }
  }
}
