/**
 * `npm start` lands here: `node src/launch.ts [--runtime node|bun|deno] [--port N] [--host H] [--time-scale N] [--no-auth] [--exit-on-stdin-eof]`.
 * The console prints its access link (`http://127.0.0.1:3000/?token=…`); see security/ConsoleSecurity.ts.
 * It starts the console on the chosen runtime as a child and forwards Ctrl-C to it, so one
 * keystroke stops the app server and the embedded mock server. The console also stops when this
 * launcher dies without a word (`kill -9`): it watches its stdin, a pipe only this process holds.
 * Given `--exit-on-stdin-eof` (a test or script that spawns the launcher with a stdin pipe), the
 * launcher watches its own stdin the same way and stops the console when that closes.
 *
 * @since 0.0.0
 */
import { spawn } from "node:child_process"
import { Readable } from "node:stream"
import { exitOnStdinEofFlag, watchStdinEof } from "./main/parentWatch.ts"
import { commandFor, isRuntime, type Runtime, runtimes } from "./runtimes.ts"

const parse = (argv: ReadonlyArray<string>): { runtime: Runtime; rest: Array<string> } => {
  let runtime: Runtime = "node"
  const rest: Array<string> = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = arg === "--runtime" ? argv[++i] : arg.startsWith("--runtime=") ? arg.slice(10) : undefined
    if (value === undefined && arg !== "--runtime") {
      rest.push(arg)
      continue
    }
    if (value === undefined || !isRuntime(value)) {
      console.error(`--runtime must be one of: ${runtimes.join(", ")}`)
      process.exit(2)
    }
    runtime = value
  }
  return { runtime, rest }
}

const { runtime, rest } = parse(process.argv.slice(2))
const watchOwnStdin = rest.includes(exitOnStdinEofFlag)
const [command, ...args] = commandFor(runtime, [
  exitOnStdinEofFlag,
  ...rest.filter((arg) => arg !== exitOnStdinEofFlag)
])
// The child gets its own process group: Ctrl-C reaches only this launcher, which forwards it
// exactly once (a second SIGINT would make the console skip its graceful stop).
// Its stdin is a pipe this launcher never writes to: the kernel closes it when the launcher
// dies, however it dies, and the console then stops (the parent-death watch, parentWatch.ts).
// Signal handlers alone cannot cover SIGKILL, and the child's own group misses signals sent to
// ours.
const child = spawn(command!, args, { stdio: ["pipe", "inherit", "inherit"], detached: true })
// Never written to; a write error after the child closed its end is of no interest.
child.stdin?.on("error", () => {})
child.on("error", (error) => {
  console.error(`Could not start ${runtime}: ${error.message}`)
  process.exit(1)
})
// Signals go to the child's whole group: Bun and Deno may run behind a shim process.
const forward = (signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    // already gone
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => forward(signal === "SIGHUP" ? "SIGTERM" : signal))
}
// If this launcher exits first, its detached child must not outlive it (the stdin watch would
// stop it too; the signal is quicker).
process.on("exit", () => {
  if (child.exitCode === null && child.signalCode === null) forward("SIGTERM")
})
// Whoever spawned this launcher with the flag is gone: stop the console as SIGTERM would, then
// exit with it (below).
if (watchOwnStdin)
  watchStdinEof(Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>, () => forward("SIGTERM"))
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)))
