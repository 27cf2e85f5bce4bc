/**
 * The contract between the orchestrator and a suite child process (any runtime): the child
 * gets one JSON argument and writes its JSON result to `out`.
 */
import { writeFileSync } from "node:fs"
import process from "node:process"

/** What every suite child is told. */
export interface ChildConfig {
  readonly baseUrl: string
  readonly out: string
  readonly [key: string]: unknown
}

/** The child's JSON argument. */
export const childConfig = (): ChildConfig => JSON.parse(process.argv[2] ?? "{}") as ChildConfig

/** Writes the child's result where the orchestrator reads it. */
export const writeResult = (config: ChildConfig, result: unknown): void => {
  writeFileSync(config.out, JSON.stringify(result, null, 1))
}

/** Progress goes to stderr so it never mixes with results. */
export const log = (line: string): void => {
  process.stderr.write(`  ${line}\n`)
}

/** The runtime this suite child runs on, as the report labels it ("node v24…", "bun 1.4.5", "deno 2.9.6"). */
export const runtimeLabel = (): string =>
  process.versions.bun !== undefined
    ? `bun ${process.versions.bun}`
    : process.versions.deno !== undefined
      ? `deno ${process.versions.deno}`
      : `node ${process.version}`
