/**
 * The console over a fresh embedded mock at a time scale, for tests that call the app's handler,
 * or (`startServedTestApp`) that reach it over a real socket, as the browser does.
 *
 * @since 0.0.0
 */
import { ConversationApi, UltraCartClient } from "@uc-conversation/core"
import { type MockServer, startMockServer } from "@uc-conversation/mock-server"
import { Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { clientOptions } from "../main/clientOptions.ts"
import { serveNode } from "../serve/node.ts"
import type { RunningServer } from "../serve/WebHandler.ts"
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

/**
 * An answer of the served app: its status, headers and body, parsed as JSON (undefined when
 * empty) the way `Response.json()` would, for assertions on whatever the route sent.
 */
const answerOf = async (response: Response) => {
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text)
  }
}

/**
 * A test app served on loopback by the Node adapter, with helpers that call it over the socket.
 *
 * @since 0.0.0
 */
export interface ServedTestApp extends TestApp {
  readonly server: RunningServer
  readonly get: (path: string) => ReturnType<typeof answerOf>
  /** A state-changing request; with `json`, sent as an `application/json` body. */
  readonly send: (method: string, path: string, json?: unknown) => ReturnType<typeof answerOf>
}

/**
 * {@link startTestApp}, served on a free loopback port (no access token: the security wrapper has
 * its own tests); `close` ends the event streams, then stops the server and the mock.
 *
 * @since 0.0.0
 */
export const startServedTestApp = async (timeScale: number): Promise<ServedTestApp> => {
  const test = await startTestApp(timeScale)
  const server = await serveNode(test.app.handler, {
    hostname: "127.0.0.1",
    port: 0,
    fallbackToFreePort: false
  })
  return {
    ...test,
    server,
    get: async (path) => answerOf(await fetch(`${server.url}${path}`)),
    send: async (method, path, json) =>
      answerOf(
        await fetch(`${server.url}${path}`, {
          method,
          ...(json === undefined
            ? {}
            : { headers: { "content-type": "application/json" }, body: JSON.stringify(json) })
        })
      ),
    close: async () => {
      await test.app.close()
      await server.stop()
      await test.mock.close()
    }
  }
}
