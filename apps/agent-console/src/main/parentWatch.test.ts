import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { ConversationApiNode } from "@uc-conversation/node"
import { afterEach, describe, expect, it, vi } from "vitest"
import { isListening, killIfAlive, waitUntil } from "../../e2e/processes.ts"
import { commandFor, type Runtime, runtimes } from "../runtimes.ts"
import { serveNode } from "../serve/node.ts"
import { clientOptions } from "./clientOptions.ts"
import { exitOnStdinEofFlag } from "./parentWatch.ts"
import { runConsole } from "./runConsole.ts"

// The built module, as the console entries load it on each runtime.
const built = fileURLToPath(new URL("../../dist/main/parentWatch.js", import.meta.url))

// Each runtime's own standard input stream, as its entry (node.ts, bun.ts, deno.ts) passes it.
const stdinOf: Record<Runtime, string> = {
  node: `(await import("node:stream")).Readable.toWeb(process.stdin)`,
  bun: "Bun.stdin.stream()",
  deno: "Deno.stdin.readable"
}

/** A script that watches its stdin, says when the parent is gone, and `unwatch`es on "unwatch". */
const script = (runtime: Runtime, unwatchAfterMs: number | undefined) => `
const { watchStdinEof } = await import(${JSON.stringify(pathToFileURL(built).href)})
const unwatch = watchStdinEof(${stdinOf[runtime]}, () => console.log("parent gone"))
console.log("watching")
${unwatchAfterMs === undefined ? "" : `setTimeout(() => { unwatch(); console.log("unwatched") }, ${unwatchAfterMs})`}
`

// The runtime's real executable (the one the console runs on), evaluating a script.
const evaluate = (runtime: Runtime, code: string): Array<string> => {
  const [executable] = commandFor(runtime, [])
  switch (runtime) {
    case "node":
      return [executable!, "--input-type=module", "-e", code]
    case "bun":
      return [executable!, "-e", code]
    case "deno":
      return [executable!, "eval", code]
  }
}

const children: Array<ChildProcess> = []
afterEach(() => {
  for (const child of children.splice(0)) killIfAlive(child.pid)
})

const run = async (runtime: Runtime, unwatchAfterMs?: number) => {
  if (!existsSync(built))
    throw new Error(`${built} is missing: run \`pnpm --filter @uc-conversation/agent-console build\``)
  const [command, ...args] = evaluate(runtime, script(runtime, unwatchAfterMs))
  const child = spawn(command!, args, { stdio: ["pipe", "pipe", "pipe"] })
  children.push(child)
  let output = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString()
  })
  await waitUntil(
    `${runtime} watching its stdin`,
    () => output.includes("watching") || child.exitCode !== null
  )
  // Resolves with the exit code once the script ends by itself (it never calls exit).
  const exited = () =>
    waitUntil(
      `the ${runtime} script exiting by itself`,
      () => child.exitCode !== null || child.signalCode !== null
    ).then(() => child.exitCode)
  return { child, exited, output: () => output }
}

describe.each(runtimes)("watchStdinEof on %s", (runtime) => {
  it("ignores what arrives, and reports the parent gone once stdin closes", async () => {
    const watcher = await run(runtime)
    watcher.child.stdin!.write("anything\n")
    watcher.child.stdin!.end()
    // Nothing else keeps the script alive: it exits by itself once the watch has fired.
    expect(await watcher.exited()).toBe(0)
    expect(watcher.output().match(/parent gone/g)).toHaveLength(1)
  })

  it("keeps nothing alive once unwatched, with the parent (and the pipe) still there", async () => {
    const watcher = await run(runtime, 100)
    // The write end stays open: the script may exit only because unwatch released stdin.
    expect(await watcher.exited()).toBe(0)
    expect(watcher.output()).toContain("unwatched")
    expect(watcher.output()).not.toContain("parent gone")
  })
})

/** The Node console, in this process, with a stdin the test controls and an `exit` that records. */
const consoleInProcess = async (argv: ReadonlyArray<string>) => {
  const lines: Array<string> = []
  vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
    lines.push(args.join(" "))
  })
  let stdinRead = false
  let stdinCancelled = false
  let closeStdin = () => {}
  const stdin = new ReadableStream<Uint8Array>({
    start: (controller) => {
      closeStdin = () => controller.close()
    },
    cancel: () => {
      stdinCancelled = true
    }
  })
  let signal = () => {}
  let exit: (code: number) => void = () => {}
  const exited = new Promise<number>((resolve) => {
    exit = resolve
  })
  await runConsole({
    runtime: "node",
    argv: ["--port", "0", ...argv],
    env: () => undefined,
    client: (target) =>
      target._tag === "Mock"
        ? ConversationApiNode.layer({
            ...clientOptions,
            baseUrl: target.baseUrl,
            simpleKey: target.simpleKey,
            rateLimit: target.rateLimit
          })
        : ConversationApiNode.layerConfig,
    serve: serveNode,
    onSignal: (stop) => {
      signal = stop
    },
    stdin: () => {
      stdinRead = true
      return stdin
    },
    exit: (code) => exit(code) as never
  })
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(lines.join("\n"))?.[1])
  const app = {
    port,
    exited,
    closeStdin,
    signal: () => signal(),
    stdinRead: () => stdinRead,
    stdinCancelled: () => stdinCancelled,
    output: () => lines.join("\n")
  }
  running.push(app)
  return app
}

const running: Array<{ readonly exited: Promise<number>; readonly signal: () => void }> = []
afterEach(async () => {
  for (const app of running.splice(0)) {
    // A console a failed test left running stops like on Ctrl-C (a no-op once it has stopped).
    app.signal()
    await app.exited
  }
  vi.restoreAllMocks()
})

describe("runConsole's parent-death watch", () => {
  it(`with ${exitOnStdinEofFlag}, stops the graceful way when stdin closes`, async () => {
    const app = await consoleInProcess([exitOnStdinEofFlag])
    expect(await isListening(app.port)).toBe(true)
    app.closeStdin()
    expect(await app.exited).toBe(0)
    await waitUntil(`port ${app.port} refusing connections`, async () => !(await isListening(app.port)))
    expect(app.output()).toContain("the parent process is gone (stdin closed): stopping…")
  })

  it("without it, never reads stdin: Ctrl-D at a terminal does not stop the console", async () => {
    const app = await consoleInProcess([])
    app.closeStdin()
    expect(app.stdinRead()).toBe(false)
    expect(await isListening(app.port)).toBe(true)
    app.signal()
    expect(await app.exited).toBe(0)
  })

  it("releases stdin when a signal stops the console, so the watch keeps nothing alive", async () => {
    const app = await consoleInProcess([exitOnStdinEofFlag])
    app.signal()
    expect(await app.exited).toBe(0)
    expect(app.stdinCancelled()).toBe(true)
    expect(app.output()).not.toContain("parent process is gone")
  })
})
