import type { UltraCartClient, UltraCartConfigError } from "@uc-conversation/core"
import type * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type { HttpClient } from "effect/http"
import * as Layer from "effect/Layer"
import { DenoPermissionError, envRefused, isPermissionRefusal } from "../DenoPermissionError.ts"

/**
 * A ConfigProvider over `Deno.env`, read one variable at a time (Effect's default provider copies
 * `process.env` whole, which throws without a blanket `--allow-env`). A refused variable fails
 * the lookup with a SourceError whose cause is the DenoPermissionError.
 */
const denoEnv: ConfigProvider.ConfigProvider = ConfigProvider.make((path) => {
  const name = path.join("_")
  try {
    const value = Deno.env.get(name)
    return Effect.succeed(value === undefined || value === "" ? undefined : ConfigProvider.makeValue(value))
  } catch (cause) {
    const refused = isPermissionRefusal(cause) ? envRefused(name) : undefined
    return Effect.fail(
      new ConfigProvider.SourceError({
        message: refused?.message ?? `Cannot read ${name}`,
        cause: refused ?? cause
      })
    )
  }
})

/**
 * Gives `layer` the `Deno.env` provider and turns a refused variable into the DenoPermissionError
 * (other config errors pass through unchanged).
 */
export const withDenoEnv = (
  layer: Layer.Layer<UltraCartClient, UltraCartConfigError | Config.ConfigError, HttpClient.HttpClient>
): Layer.Layer<
  UltraCartClient,
  UltraCartConfigError | Config.ConfigError | DenoPermissionError,
  HttpClient.HttpClient
> =>
  layer.pipe(
    Layer.provide(ConfigProvider.layer(denoEnv)),
    Layer.catchTag("ConfigError", (error: Config.ConfigError) => {
      const cause = error.cause
      const failure: Effect.Effect<
        Layer.Layer<UltraCartClient>,
        Config.ConfigError | DenoPermissionError
      > = cause._tag === "SourceError" && cause.cause instanceof DenoPermissionError
        ? Effect.fail(cause.cause)
        : Effect.fail(error)
      return Layer.unwrap(failure)
    })
  )
