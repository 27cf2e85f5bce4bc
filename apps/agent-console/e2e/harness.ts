/**
 * Starts the built console on one runtime as a child process (embedded mock, free port) and
 * reads the console and mock URLs from its log.
 */
import { spawn } from "node:child_process"
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

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/** Starts the console on `runtime` and waits until it prints its URLs. */
export const startConsole = async (runtime: Runtime, timeoutMs = 240_000): Promise<StartedConsole> => {
  const [command, ...args] = commandFor(runtime, ["--port", "0"])
  // No credential reaches the child, so it always embeds the mock.
  const env = { ...process.env }
  delete env.ULTRACART_SIMPLE_KEY
  delete env.ULTRACART_OAUTH_TOKEN
  // Its own process group: the runtime may sit behind a shim process, and a signal to the whole
  // group reaches the real server, not just the shim.
  const child = spawn(command!, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // already gone
    }
  }
  let output = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  const stop = async () => {
    if (!groupAlive(child.pid!)) return
    signal("SIGINT")
    // Waits for the whole group (the shim and the real server), then forces it.
    for (let waited = 0; groupAlive(child.pid!); waited += 50) {
      if (waited >= 5000) signal("SIGKILL")
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
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
