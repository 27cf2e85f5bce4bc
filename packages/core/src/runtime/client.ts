/**
 * `UltraCartClient`: the configured HttpClient plus policy (base URL, auth, default headers,
 * timeout, retries). Every generated operation requires it.
 *
 * @module
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
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
 * `HttpClient.HttpClient` (undici on Node, `FetchHttpClient.layer` on Bun and Deno).
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
        const simpleKey = yield* Config.option(Config.Redacted("ULTRACART_SIMPLE_KEY"))
        const oauthToken = yield* Config.option(Config.Redacted("ULTRACART_OAUTH_TOKEN"))
        const baseUrl = yield* Config.option(Config.String("ULTRACART_BASE_URL"))
        return layerNamed(
          {
            ...options,
            ...(Option.isSome(simpleKey) && Redacted.value(simpleKey.value) !== ""
              ? { simpleKey: simpleKey.value }
              : {}),
            ...(Option.isSome(oauthToken) && Redacted.value(oauthToken.value) !== ""
              ? { oauthToken: oauthToken.value }
              : {}),
            ...(Option.isSome(baseUrl) && baseUrl.value !== "" ? { baseUrl: baseUrl.value } : {})
          },
          environmentNames
        )
      })
    )
}
