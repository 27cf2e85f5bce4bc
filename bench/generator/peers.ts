import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/**
 * Installs the peer generators (pinned in peers.package.json) into `dir` with npm, once: a
 * second call with the same package.json does nothing.
 */
export const ensurePeers = (here: string, dir: string): void => {
  const wanted = readFileSync(join(here, "peers.package.json"), "utf8")
  const manifest = join(dir, "package.json")
  const current = existsSync(manifest) ? readFileSync(manifest, "utf8") : undefined
  if (current === wanted && existsSync(join(dir, "node_modules/.bin/openapigen"))) return
  mkdirSync(dir, { recursive: true })
  writeFileSync(manifest, wanted)
  console.info(`installing peer generators into ${dir} (npm install)`)
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: dir,
    stdio: "inherit"
  })
}
