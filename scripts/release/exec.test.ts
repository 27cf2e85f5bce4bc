import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { CommandFailed, check, exec, stopAll } from "./exec.ts"

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "uc-exec-"))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** Whether `pid` is running; a zombie (killed, not yet reaped by init) counts as gone. */
const alive = async (pid: number): Promise<boolean> => {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "")
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
  return state !== "" && state !== "Z" && state !== "X"
}

describe("exec", () => {
  it("returns the exit code and both outputs", async () => {
    expect(await exec(["sh", "-c", "echo out; echo err >&2; exit 3"], { cwd: dir })).toEqual({
      code: 3,
      stdout: "out\n",
      stderr: "err\n"
    })
  })

  it("reports a command that cannot start as code 127", async () => {
    const result = await exec(["uc-no-such-command"], { cwd: dir })
    expect(result.code).toBe(127)
    expect(result.stderr).toMatch(/ENOENT/)
  })

  it("kills a command that outlives its timeout", async () => {
    const result = await exec(["sleep", "30"], { cwd: dir, timeout: 200 })
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain("(killed after 200 ms)")
  })
})

describe("check", () => {
  it("throws CommandFailed with the output's tail", async () => {
    await expect(check(["sh", "-c", "echo boom >&2; exit 1"], { cwd: dir })).rejects.toThrow(CommandFailed)
    await expect(check(["sh", "-c", "echo boom >&2; exit 1"], { cwd: dir })).rejects.toThrow(
      /exited with 1:\nboom/
    )
  })
})

describe("stopAll", () => {
  it("stops running commands and what they started", async () => {
    const pidFile = join(dir, "grandchild.pid")
    // a shell that starts a grandchild and waits for it, like pnpm running tsc
    const running = exec(["sh", "-c", `sleep 30 & echo $! > ${pidFile}; wait`], { cwd: dir })
    let grandchild: number | undefined
    while (grandchild === undefined) {
      const text = await readFile(pidFile, "utf8").catch(() => "")
      if (text.trim() !== "") grandchild = Number(text)
      else await new Promise((r) => setTimeout(r, 20))
    }
    expect(await alive(grandchild)).toBe(true)
    // A grace longer than the test's own timeout: the test passes only if SIGTERM alone stopped the
    // group (no SIGKILL fallback), however slow the machine is.
    await stopAll(3_600_000)
    expect((await running).code).not.toBe(0)
    expect(await alive(grandchild)).toBe(false)
  })
})
