import { assert, describe, it } from "@effect/vitest"
import { Config, ConfigProvider, Effect, Exit, Layer, Option, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { readVariable, UltraCartClient } from "./client.ts"
import { isLoopbackHost, resolveConfig, validateBaseUrl } from "./config.ts"
import { conversationApiDefaults } from "./defaults.ts"

const key = Redacted.make("simple-key-secret")

describe("config", () => {
  it("recognises loopback hosts", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]"])
      assert.isTrue(isLoopbackHost(host), host)
    for (const host of ["example.com", "128.0.0.1", "10.0.0.1", "localhost.evil.com", "127.0.0.1.nip.io"]) {
      assert.isFalse(isLoopbackHost(host), host)
    }
  })

  it.effect("accepts https anywhere and http only to loopback", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        yield* validateBaseUrl("https://secure.ultracart.com/rest/v2/"),
        "https://secure.ultracart.com/rest/v2"
      )
      assert.strictEqual(
        yield* validateBaseUrl("http://127.0.0.1:8080/rest/v2"),
        "http://127.0.0.1:8080/rest/v2"
      )
      assert.strictEqual(yield* validateBaseUrl("http://localhost:1/x"), "http://localhost:1/x")
      assert.strictEqual(yield* validateBaseUrl("http://[::1]:9/rest/v2"), "http://[::1]:9/rest/v2")
      for (const bad of [
        "http://secure.ultracart.com/rest/v2",
        "http://10.0.0.5/rest/v2",
        "ftp://127.0.0.1/x",
        "not a url",
        "https://user:pw@secure.ultracart.com/rest/v2",
        "https://secure.ultracart.com/rest/v2?x=1"
      ]) {
        const exit = yield* Effect.exit(validateBaseUrl(bad))
        assert.isTrue(Exit.isFailure(exit), bad)
      }
    })
  )

  it.effect("defaults the base URL and headers from the document metadata", () =>
    Effect.gen(function* () {
      const config = yield* resolveConfig({ simpleKey: key }, conversationApiDefaults)
      assert.strictEqual(config.baseUrl, "https://secure.ultracart.com/rest/v2")
      assert.strictEqual(config.headers["x-ultracart-api-version"], "2017-03-01")
      assert.isString(config.headers["user-agent"])
      assert.strictEqual(config.retry.maxRetries, 2)
      assert.strictEqual(config.auth.header, "x-ultracart-simple-key")
    })
  )

  it.effect("requires exactly one credential, and refuses credentials passed as headers", () =>
    Effect.gen(function* () {
      const cases = [
        {},
        { simpleKey: key, oauthToken: key },
        { simpleKey: key, headers: { Authorization: "Bearer x" } },
        { oauthToken: key, headers: { "X-UltraCart-Simple-Key": "x" } },
        { simpleKey: key, timeout: "soon" as "1 second" },
        { simpleKey: key, retry: { initialDelay: "whenever" as "1 second" } }
      ]
      for (const options of cases) {
        const error = yield* Effect.flip(resolveConfig(options, conversationApiDefaults))
        assert.strictEqual(error._tag, "UltraCartConfigError")
        assert.notInclude(error.message, "simple-key-secret")
      }
    })
  )

  it.effect("layerConfig reads ULTRACART_* from the ConfigProvider and refuses plain http off loopback", () =>
    Effect.gen(function* () {
      const build = (env: Record<string, string>) =>
        Effect.gen(function* () {
          const client = yield* UltraCartClient
          return client
        }).pipe(
          Effect.provide(UltraCartClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))),
          Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))
        )
      const viaKey = yield* build({ ULTRACART_SIMPLE_KEY: "k1" })
      assert.strictEqual(viaKey.baseUrl, "https://secure.ultracart.com/rest/v2")
      assert.strictEqual(viaKey.auth.header, "x-ultracart-simple-key")
      const viaToken = yield* build({
        ULTRACART_OAUTH_TOKEN: "t1",
        ULTRACART_BASE_URL: "http://127.0.0.1:4010/rest/v2"
      })
      assert.strictEqual(viaToken.auth.header, "authorization")
      assert.strictEqual(Redacted.value(yield* viaToken.auth.value), "Bearer t1")
      assert.strictEqual(viaToken.baseUrl, "http://127.0.0.1:4010/rest/v2")
      const plain = yield* Effect.flip(
        build({ ULTRACART_SIMPLE_KEY: "k1", ULTRACART_BASE_URL: "http://example.com/rest/v2" })
      )
      assert.strictEqual(plain._tag, "UltraCartConfigError")
      const both = yield* Effect.flip(build({ ULTRACART_SIMPLE_KEY: "k1", ULTRACART_OAUTH_TOKEN: "t1" }))
      assert.strictEqual(both._tag, "UltraCartConfigError")
      const none = yield* Effect.flip(build({}))
      assert.strictEqual(none._tag, "UltraCartConfigError")
    })
  )

  it.effect("refuses a credential that cannot be a header value, naming the option and never the value", () =>
    Effect.gen(function* () {
      const secret = "SECRET-KEY-0123456789abcdef"
      for (const bad of [`${secret}\r\nX-Injected: 1`, `${secret}\n`, `${secret}\u0000`, ` ${secret}`, ""]) {
        for (const option of ["simpleKey", "oauthToken"] as const) {
          const error = yield* Effect.flip(
            resolveConfig({ [option]: Redacted.make(bad) }, conversationApiDefaults)
          )
          assert.strictEqual(error._tag, "UltraCartConfigError")
          assert.strictEqual(error.option, option)
          assert.include(error.message, option)
          assert.notInclude(JSON.stringify(error), secret)
          assert.notInclude(error.message, secret)
        }
      }
      // A credential from an Effect yields its value per request; it is checked then, not here.
      const fresh = yield* resolveConfig(
        { simpleKey: Effect.succeed(Redacted.make(`${secret}\n`)) },
        conversationApiDefaults
      )
      assert.strictEqual(fresh.auth.header, "x-ultracart-simple-key")
    })
  )

  it.effect("refuses header options and a user agent that cannot be sent", () =>
    Effect.gen(function* () {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ headers: { "X-Note": "a\r\nX-Injected: 1" } }, "headers.X-Note"],
        [{ headers: { "X Note": "a" } }, "headers.X Note"],
        [{ userAgent: "agent\n" }, "userAgent"]
      ]
      for (const [options, option] of cases) {
        const error = yield* Effect.flip(
          resolveConfig({ simpleKey: key, ...options }, conversationApiDefaults)
        )
        assert.strictEqual(error.option, option)
        assert.notInclude(error.message, "X-Injected")
      }
    })
  )

  it.effect("defaults maxResponseBytes to 32 MiB and accepts only whole positive byte counts", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        (yield* resolveConfig({ simpleKey: key }, conversationApiDefaults)).maxResponseBytes,
        33554432
      )
      assert.strictEqual(
        (yield* resolveConfig({ simpleKey: key, maxResponseBytes: 1000 }, conversationApiDefaults))
          .maxResponseBytes,
        1000
      )
      for (const maxResponseBytes of [0, -5, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
        const error = yield* Effect.flip(
          resolveConfig({ simpleKey: key, maxResponseBytes }, conversationApiDefaults)
        )
        assert.include(error.message, "maxResponseBytes")
      }
    })
  )

  it.effect("layerConfig reads a variable as Config.option(Config.String / Config.Redacted) would", () =>
    Effect.gen(function* () {
      const providers: Array<readonly [string, ConfigProvider.ConfigProvider]> = [
        ["absent", ConfigProvider.fromUnknown({})],
        ["value", ConfigProvider.fromUnknown({ X: "v" })],
        ["empty", ConfigProvider.fromUnknown({ X: "" })],
        ["number", ConfigProvider.fromUnknown({ X: 5 })],
        ["record", ConfigProvider.fromUnknown({ X: { a: "1" } })],
        ["array", ConfigProvider.fromUnknown({ X: ["a", "b"] })],
        ["env", ConfigProvider.fromEnvRecord({ X: "v" })],
        ["env, value and children", ConfigProvider.fromEnvRecord({ X: "v", X_A: "w" })],
        ["env, children only", ConfigProvider.fromEnvRecord({ X_A: "w" })],
        ["env, empty", ConfigProvider.fromEnvRecord({ X: "" })],
        [
          "source error",
          ConfigProvider.make(() => Effect.fail(new ConfigProvider.SourceError({ message: "unreadable" })))
        ]
      ]
      for (const [name, provider] of providers) {
        const ours = yield* Effect.exit(
          Effect.provideService(readVariable("X"), ConfigProvider.ConfigProvider, provider)
        )
        const string = yield* Effect.exit(Config.option(Config.String("X")).parse(provider))
        const redacted = yield* Effect.exit(Config.option(Config.Redacted("X")).parse(provider))
        if (Exit.isFailure(string)) {
          assert.isTrue(Exit.isFailure(ours), name)
          assert.isTrue(Exit.isFailure(redacted), name)
          const failures = (exit: Exit.Exit<unknown, Config.ConfigError>): Array<unknown> =>
            Exit.isFailure(exit)
              ? exit.cause.reasons.map((reason) => (reason._tag === "Fail" ? reason.error : reason))
              : []
          const expected = failures(string)
          const actual = failures(ours)
          assert.strictEqual(expected.length, 1, name)
          assert.strictEqual(actual.length, 1, name)
          const [want, got] = [expected[0], actual[0]]
          assert.instanceOf(got, Config.ConfigError, name)
          assert.strictEqual(String(got), String(want), name)
          continue
        }
        assert.isTrue(Exit.isSuccess(ours) && Exit.isSuccess(redacted), name)
        if (!Exit.isSuccess(ours) || !Exit.isSuccess(redacted)) continue
        assert.strictEqual(ours.value, Option.getOrUndefined(string.value), name)
        const secret = Option.getOrUndefined(redacted.value)
        assert.strictEqual(secret === undefined ? undefined : Redacted.value(secret), ours.value, name)
        if (ours.value !== undefined) {
          assert.strictEqual(secret?.label, Redacted.make(ours.value).label, name)
        }
      }
    })
  )

  it.effect("layerConfig names the environment variable at fault", () =>
    Effect.gen(function* () {
      const build = (env: Record<string, string>) =>
        Effect.flip(
          Effect.provide(
            Effect.void,
            UltraCartClient.layerConfig().pipe(
              Layer.provide(FetchHttpClient.layer),
              Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))
            )
          )
        )
      const token = yield* build({ ULTRACART_OAUTH_TOKEN: "token\r\n" })
      assert.strictEqual(token._tag === "UltraCartConfigError" ? token.option : "", "ULTRACART_OAUTH_TOKEN")
      const url = yield* build({ ULTRACART_SIMPLE_KEY: "k", ULTRACART_BASE_URL: "http://example.com" })
      assert.strictEqual(url._tag === "UltraCartConfigError" ? url.option : "", "ULTRACART_BASE_URL")
    })
  )
})
