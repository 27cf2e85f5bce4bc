/**
 * `UltraCartClient`: the configured HttpClient plus policy (base URL, auth, default headers,
 * timeout, retries). Every generated operation requires it.
 *
 * @module
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import {
  type ConfigNames,
  optionNames,
  type ResolvedConfig,
  resolveConfig,
  type UltraCartClientOptions
} from "./config.ts"
import { conversationApiDefaults } from "./defaults.ts"
import type { UltraCartConfigError } from "./errors.ts"

/** What `UltraCartClient` provides: the validated configuration plus the transport. */
export interface UltraCartClientService extends ResolvedConfig {
  /** The underlying transport, without auth or policy (used for presigned uploads). */
  readonly http: HttpClient.HttpClient
}

/** The names `layerConfig` reports in an UltraCartConfigError: the variables the values came from. */
const environmentNames: ConfigNames = {
  simpleKey: "ULTRACART_SIMPLE_KEY",
  oauthToken: "ULTRACART_OAUTH_TOKEN",
  baseUrl: "ULTRACART_BASE_URL"
}

/**
 * One variable from the current ConfigProvider, as `Config.option(Config.String(name))` reads it
 * (`Config.Redacted` reads the same string): the node's value, undefined when there is none (no
 * node, or a record or array without a value of its own), a source error as a `Config.ConfigError`.
 * Read through `ConfigProvider.load` instead of `Config` because `layerConfig` sits on
 * `UltraCartClient`, which every app keeps, so whatever it references is in every bundle: `Config`
 * decodes through Schema's config interpreter, 7.8 kB minified (2.6 kB gzipped) of a one-operation
 * app that never calls `layerConfig`. Internal (tested against `Config` in config.test.ts).
 */
export const readVariable = (name: string): Effect.Effect<string | undefined, Config.ConfigError> =>
  Effect.gen(function* () {
    const provider = yield* ConfigProvider.ConfigProvider
    const node = yield* Effect.mapError(provider.load([name]), (error) => new Config.ConfigError(error))
    return node?.value
  })

/** Validates the options when the layer is built (so a bad credential never waits for a request). */
const layerNamed = (
  options: UltraCartClientOptions,
  names: ConfigNames
): Layer.Layer<UltraCartClient, UltraCartConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    UltraCartClient,
    Effect.gen(function* () {
      const http = yield* HttpClient.HttpClient
      const config = yield* resolveConfig(options, conversationApiDefaults, names)
      return UltraCartClient.of({ ...config, http })
    })
  )

/**
 * The client from a configuration already resolved (the facade resolves it synchronously, and
 * keeps the same scheduling for its budget). Internal: not exported from the package.
 */
export const layerResolved = (
  config: ResolvedConfig
): Layer.Layer<UltraCartClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    UltraCartClient,
    Effect.gen(function* () {
      const http = yield* HttpClient.HttpClient
      return UltraCartClient.of({ ...config, http })
    })
  )

/**
 * The configured HttpClient plus policy (base URL, auth, retries, timeout). Provide it with
 * {@link UltraCartClient.layer} or {@link UltraCartClient.layerConfig}; both need an
 * `HttpClient.HttpClient` (the adapters use `FetchTransport.layer`; the Node adapter's `/undici`
 * entry, undici).
 */
export class UltraCartClient extends Context.Service<UltraCartClient, UltraCartClientService>()(
  "@uc-conversation/core/UltraCartClient"
) {
  /**
   * Builds the client from explicit options. Fails with an UltraCartConfigError naming the option on an
   * unusable config (including a credential or header that cannot be sent), before any request.
   */
  static readonly layer = (
    options: UltraCartClientOptions
  ): Layer.Layer<UltraCartClient, UltraCartConfigError, HttpClient.HttpClient> =>
    layerNamed(options, optionNames)

  /**
   * Builds the client from configuration: `ULTRACART_SIMPLE_KEY` or `ULTRACART_OAUTH_TOKEN`
   * (exactly one) and `ULTRACART_BASE_URL` (optional). `options` fills everything else. An UltraCartConfigError
   * names the variable at fault (never its value).
   */
  static readonly layerConfig = (
    options: Omit<UltraCartClientOptions, "simpleKey" | "oauthToken" | "baseUrl"> = {}
  ): Layer.Layer<UltraCartClient, UltraCartConfigError | Config.ConfigError, HttpClient.HttpClient> =>
    Layer.unwrap(
      Effect.gen(function* () {
        const simpleKey = yield* readVariable("ULTRACART_SIMPLE_KEY")
        const oauthToken = yield* readVariable("ULTRACART_OAUTH_TOKEN")
        const baseUrl = yield* readVariable("ULTRACART_BASE_URL")
        return layerNamed(
          {
            ...options,
            // An empty variable counts as unset.
            ...(simpleKey ? { simpleKey: Redacted.make(simpleKey) } : {}),
            ...(oauthToken ? { oauthToken: Redacted.make(oauthToken) } : {}),
            ...(baseUrl ? { baseUrl } : {})
          },
          environmentNames
        )
      })
    )
}
