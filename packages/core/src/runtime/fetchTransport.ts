/**
 * `FetchTransport.layer`: the HttpClient to give core on a runtime with `fetch` (Bun, Deno,
 * browsers, edge runtimes, and Node when undici is not wanted). For everything else it is Effect's
 * `FetchHttpClient` itself (same requests, same `FetchHttpClient.Fetch` and
 * `FetchHttpClient.RequestInit` services); it is marked so that core's own operations, while no
 * tracer is installed, call the runtime's `fetch` directly instead of going through
 * `HttpClient.execute`, which costs a sequential call 25–85 µs more than this path
 * (bench/RESULTS.md): the request object, URL parsing, the headers conversion, the response
 * wrapper and its finalization registry, and the extra fiber steps around them.
 *
 * The direct call keeps what the exchange guarantees on either path (transport.ts): redirects
 * reported, not followed; `Accept-Encoding: identity`; the body read under `maxResponseBytes`
 * (body.ts) inside the caller's timeout; interruption aborting the request and its socket; the
 * platform's error text scrubbed of the credential. With a tracer installed, calls go through
 * `HttpClient.execute` again, so the per-request `http.client` span and trace headers return.
 *
 * A client derived from this one (`HttpClient.mapRequest`, `retry`, …) is a new client without
 * the mark: core then uses it through `execute`, so its changes apply.
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import { markDirectFetch } from "./directFetch.ts"

/**
 * Effect's `FetchHttpClient` (global `fetch`, or the `FetchHttpClient.Fetch` you provide), on
 * which core's operations call `fetch` directly while no tracer is installed. Use it in place of
 * `FetchHttpClient.layer`.
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.effect(HttpClient.HttpClient)(
  Effect.contextWith((context: Context.Context<HttpClient.HttpClient>) => {
    const inner = Context.get(context, HttpClient.HttpClient)
    return Effect.succeed(
      markDirectFetch(HttpClient.makeWith(inner.postprocess, inner.preprocess), {
        context: context as Context.Context<never>
      })
    )
  })
).pipe(Layer.provide(FetchHttpClient.layer))
