import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { MockServer, startMockServer } from "../../packages/mock-server/src/index.ts"
import { repoRoot } from "./pack.ts"

/** The running mock server, narrowed to what the ecosystem checks use. */
export interface WorkspaceMock {
  readonly baseUrl: string
  readonly simpleKey: string
  /** Whether an upload with exactly these bytes arrived under `key`. */
  readonly receivedUpload: (key: string, bytes: Uint8Array) => boolean
  readonly close: () => Promise<void>
}

/**
 * Starts the mock server from the workspace build (packages/mock-server/dist), so the scratch
 * projects test only the packed client packages against the same peer every other suite uses.
 */
export const startWorkspaceMockServer = async (): Promise<WorkspaceMock> => {
  const dir = join(repoRoot, "packages", "mock-server")
  const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8"))
  const entry: string = manifest.exports["."].default
  const mod: { startMockServer: typeof startMockServer } = await import(pathToFileURL(join(dir, entry)).href)
  // UltraCart's buckets stay on, but not the one-request-at-a-time rule: the Node, Bun and Deno
  // projects run side by side with the same key, three processes (so three schedulers) that
  // UltraCart would count as one application. The scheduler's own tests cover that rule.
  const server: MockServer = await mod.startMockServer({ port: 0, rateLimit: { concurrent: "allow" } })
  return {
    baseUrl: server.baseUrl,
    simpleKey: server.simpleKey,
    receivedUpload: (key, bytes) => {
      const upload = server.upload(key)
      return upload !== undefined && Buffer.from(upload.bytes).equals(Buffer.from(bytes))
    },
    close: server.close
  }
}
