/** Starts the static server in its own process and talks to its counter. */
import { spawn } from "node:child_process"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { benchRoot } from "./paths.ts"

/** A running static server. */
export interface StaticServer {
  readonly port: number
  /** http://127.0.0.1:PORT/rest/v2 */
  readonly baseUrl: string
  readonly singleBytes: number
  readonly listBytes: number
  readonly pid: number
  /** API requests answered since the last reset. */
  readonly count: () => Promise<number>
  readonly reset: () => Promise<void>
  readonly stop: () => Promise<void>
}

/** Spawns `node client/server/static-server.ts` and waits for its port. */
export const startStaticServer = async (): Promise<StaticServer> => {
  const child = spawn(process.execPath, [join(benchRoot, "client/server/static-server.ts")], {
    stdio: ["pipe", "pipe", "inherit"]
  })
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve)
    child.once("exit", (code) => reject(new Error(`static server exited early (${code})`)))
  })
  const info = JSON.parse(first) as { port: number; singleBytes: number; listBytes: number }
  const origin = `http://127.0.0.1:${info.port}`
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  return {
    ...info,
    baseUrl: `${origin}/rest/v2`,
    pid: child.pid ?? 0,
    count: async () => ((await (await fetch(`${origin}/__count`)).json()) as { count: number }).count,
    reset: async () => {
      await (await fetch(`${origin}/__reset`, { method: "POST" })).arrayBuffer()
    },
    stop: async () => {
      child.stdin.end()
      await exited
    }
  }
}
