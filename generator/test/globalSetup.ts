import { rm } from "node:fs/promises"
import { join } from "node:path"
import { packageRoot } from "./support.ts"

/** Clears the previous run's scratch output (kept until now for debugging a failure). */
export default async function setup(): Promise<void> {
  await rm(join(packageRoot, ".tmp", "test"), { recursive: true, force: true })
}
