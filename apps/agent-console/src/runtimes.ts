import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/**
 * The runtimes the console runs on, each through its own adapter and native server.
 *
 * @since 0.0.0
 */
export const runtimes = ["node", "bun", "deno"] as const

/**
 * One of {@link runtimes}.
 *
 * @since 0.0.0
 */
export type Runtime = (typeof runtimes)[number]

/**
 * Narrows a command-line value to a {@link Runtime}.
 *
 * @since 0.0.0
 */
export const isRuntime = (value: string): value is Runtime =>
  (runtimes as ReadonlyArray<string>).includes(value)

const appRoot = join(dirname(fileURLToPath(import.meta.url)), "..")

// Bun and Deno come from the repo's node_modules (npm packages `bun` and `deno`): their real
// executables, not the .bin shims (a shim is a second process that signals may not pass through).
// A user's own install on PATH is the fallback.
const executables = {
  bun: [join("bun", "bin", "bun.exe"), join(".bin", "bun")],
  deno: [join("deno", "deno"), join(".bin", "deno")]
} as const

const binary = (name: "bun" | "deno"): string => {
  for (let dir = appRoot; ; dir = dirname(dir)) {
    for (const relative of executables[name]) {
      const candidate = join(dir, "node_modules", relative)
      if (existsSync(candidate)) return candidate
    }
    if (dirname(dir) === dir) return name
  }
}

/**
 * The command that starts the built console on a runtime: `[executable, ...args]`.
 * The entry is the compiled `dist/main/<runtime>.js`, so `build` must have run.
 *
 * @since 0.0.0
 */
export const commandFor = (runtime: Runtime, args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const entry = join(appRoot, "dist", "main", `${runtime}.js`)
  switch (runtime) {
    case "node":
      return [process.execPath, entry, ...args]
    case "bun":
      return [binary("bun"), entry, ...args]
    case "deno":
      return [
        binary("deno"),
        "run",
        "--allow-net",
        "--allow-env",
        "--allow-read",
        // os.networkInterfaces(): a wildcard --host prints a link per address (runConsole.ts).
        "--allow-sys=networkInterfaces",
        "--node-modules-dir=manual",
        // request.signal then aborts only when the client goes away, which is what ends an event stream.
        "--unstable-no-legacy-abort",
        entry,
        ...args
      ]
  }
}
