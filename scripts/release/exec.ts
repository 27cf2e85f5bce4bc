/** Running the tools the release scripts drive (pnpm, changeset, publint, attw), with readable failures. */
import { type ChildProcess, spawn } from "node:child_process"

/** What a finished command printed. */
export interface ExecResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Options of {@link exec}. */
export interface ExecOptions {
  readonly cwd: string
  readonly env?: NodeJS.ProcessEnv
  /** Milliseconds before the command is killed. Default 10 minutes. */
  readonly timeout?: number
}

/** Thrown by {@link check} when a command exits non-zero; the message ends with its output's tail. */
export class CommandFailed extends Error {
  readonly result: ExecResult
  constructor(command: ReadonlyArray<string>, result: ExecResult) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-30).join("\n")
    super(`\`${command.join(" ")}\` exited with ${result.code}${output === "" ? "" : `:\n${output}`}`)
    this.name = "CommandFailed"
    this.result = result
  }
}

// Commands still running. Each one leads its own process group, so stopAll reaches whatever it
// started too (pnpm -> tsc), which a signal to pnpm alone does not.
const live = new Set<ChildProcess>()

/** Runs `command` and resolves with its exit code and output, whatever the code. */
export const exec = (command: ReadonlyArray<string>, options: ExecOptions): Promise<ExecResult> =>
  new Promise((resolve) => {
    const [file = "", ...args] = command
    const timeout = options.timeout ?? 600_000
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    live.add(child)
    const out: Array<Buffer> = []
    const err: Array<Buffer> = []
    child.stdout.on("data", (b: Buffer) => out.push(b))
    child.stderr.on("data", (b: Buffer) => err.push(b))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      signalGroup(child, "SIGKILL")
    }, timeout)
    const finish = (code: number, extra: string) => {
      clearTimeout(timer)
      live.delete(child)
      const stderr =
        Buffer.concat(err).toString() + extra + (timedOut ? `\n(killed after ${timeout} ms)` : "")
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr })
    }
    child.once("error", (e) => finish(127, `${e.message}\n`))
    child.once("close", (code) => finish(code ?? 1, ""))
  })

const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal)
  } catch {
    // the group is already gone
  }
}

/**
 * Stops every command {@link exec} is running, with everything each one started: SIGTERM to each
 * process group, SIGKILL after `graceMillis`. Resolves once they have all exited. Used when the
 * user cancels, before cleaning up, so nothing writes into what is being removed or restored.
 */
export const stopAll = async (graceMillis = 3_000): Promise<void> => {
  const children = [...live]
  const exited = children.map(
    (child) =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) done()
        else child.once("exit", () => done())
      })
  )
  for (const child of children) signalGroup(child, "SIGTERM")
  const timer = setTimeout(() => {
    for (const child of children) signalGroup(child, "SIGKILL")
  }, graceMillis)
  await Promise.all(exited)
  clearTimeout(timer)
  // what the leaders started may outlive them by a moment
  for (const child of children) signalGroup(child, "SIGKILL")
}

/** Runs `command` and throws {@link CommandFailed} unless it exits 0. */
export const check = async (command: ReadonlyArray<string>, options: ExecOptions): Promise<ExecResult> => {
  const result = await exec(command, options)
  if (result.code !== 0) throw new CommandFailed(command, result)
  return result
}
