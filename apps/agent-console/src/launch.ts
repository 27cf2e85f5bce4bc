/**
 * `npm start` lands here: `node src/launch.ts [--runtime node|bun|deno] [--port N]`.
 * It starts the console on the chosen runtime as a child and forwards Ctrl-C to it, so one
 * keystroke stops the app server and the embedded mock server.
 *
 * @since 0.0.0
 */
import { spawn } from "node:child_process"
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
const [command, ...args] = commandFor(runtime, rest)
// The child gets its own process group: Ctrl-C reaches only this launcher, which forwards it
// exactly once (a second SIGINT would make the console skip its graceful stop).
const child = spawn(command!, args, { stdio: ["ignore", "inherit", "inherit"], detached: true })
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
// If this launcher dies first, its detached child must not outlive it.
process.on("exit", () => {
  if (child.exitCode === null && child.signalCode === null) forward("SIGTERM")
})
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)))
