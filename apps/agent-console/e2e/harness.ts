/**
 * Starts the built console on one runtime as a child process (embedded mock, free port) and
 * reads the console and mock URLs from its log.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { commandFor, type Runtime } from "../src/runtimes.ts"

/** A console started for a test. */
export interface StartedConsole {
  readonly runtime: Runtime
  readonly url: string
  /** The embedded mock's origin; its control routes live under /__mock/. */
  readonly mockUrl: string
  /** Everything the process printed so far. */
  readonly output: () => string
  readonly stop: () => Promise<void>
}

const consoleLine = /listening on (http:\/\/\S+)/
const mockLine = /embedded mock server at (http:\/\/\S+?) /

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()))

/** Starts the console on `runtime` and waits until it prints its URLs. */
export const startConsole = async (runtime: Runtime, timeoutMs = 60_000): Promise<StartedConsole> => {
  const [command, ...args] = commandFor(runtime, ["--port", "0"])
  // No credential reaches the child, so it always embeds the mock.
  const env = { ...process.env }
  delete env.ULTRACART_SIMPLE_KEY
  delete env.ULTRACART_OAUTH_TOKEN
  const child = spawn(command!, args, { env, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill("SIGINT")
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000)
    await exited(child)
    clearTimeout(killer)
  }
  const started = Date.now()
  for (;;) {
    const url = consoleLine.exec(output)?.[1]
    const mockUrl = mockLine.exec(output)?.[1]
    if (url && mockUrl) return { runtime, url, mockUrl, output: () => output, stop }
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop()
      throw new Error(`The console on ${runtime} did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
