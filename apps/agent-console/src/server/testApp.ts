/**
 * The console over a fresh embedded mock at a time scale, for tests that call the app's handler.
 *
 * @since 0.0.0
 */
import { ConversationApi, UltraCartClient } from "@uc-conversation/core"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { clientOptions } from "../main/clientOptions.ts"
import { type ConsoleApp, makeConsoleApp } from "./ConsoleApp.ts"
import { scaledRateLimit } from "./upstream/Budget.ts"

/**
 * A started app and its mock.
 *
 * @since 0.0.0
 */
export interface TestApp {
  readonly app: ConsoleApp
  readonly mock: MockServer
  readonly lines: Array<string>
  readonly close: () => Promise<void>
}

/**
 * Starts the mock and the app on it (the same `timeScale` for both).
 *
 * @since 0.0.0
 */
export const startTestApp = async (timeScale: number): Promise<TestApp> => {
  const mock = await startMockServer({ port: 0, timeScale })
  const client = ConversationApi.layer.pipe(
    Layer.provideMerge(
      UltraCartClient.layer({
        ...clientOptions,
        baseUrl: mock.baseUrl,
        simpleKey: Redacted.make(mock.simpleKey),
        rateLimit: scaledRateLimit(timeScale)
      })
    ),
    Layer.provide(FetchHttpClient.layer)
  )
  const lines: Array<string> = []
  const app = makeConsoleApp(client, { backend: "mock", log: (line) => lines.push(line), timeScale })
  return {
    app,
    mock,
    lines,
    close: async () => {
      await app.close()
      await mock.close()
    }
  }
}
