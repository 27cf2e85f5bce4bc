/** Running the tools the release scripts drive (pnpm, changeset, publint, attw), with readable failures. */
import { execFile } from "node:child_process"

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

/** Runs `command` and resolves with its exit code and output, whatever the code. */
export const exec = (command: ReadonlyArray<string>, options: ExecOptions): Promise<ExecResult> =>
  new Promise((resolve) => {
    const [file = "", ...args] = command
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeout ?? 600_000,
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1
        const killed = error?.killed === true ? `\n(killed after ${options.timeout ?? 600_000} ms)` : ""
        resolve({ code, stdout, stderr: stderr + killed })
      }
    )
  })

/** Runs `command` and throws {@link CommandFailed} unless it exits 0. */
export const check = async (command: ReadonlyArray<string>, options: ExecOptions): Promise<ExecResult> => {
  const result = await exec(command, options)
  if (result.code !== 0) throw new CommandFailed(command, result)
  return result
}
