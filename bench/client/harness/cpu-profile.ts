/** Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package. */
import { readFileSync } from "node:fs"

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/** Self time of one function or bucket, as a share of all samples. */
export interface Frame {
  readonly name: string
  readonly share: number
}

/** Top frames of a profile. */
export interface ProfileSummary {
  readonly totalMs: number
  readonly functions: ReadonlyArray<Frame>
  readonly packages: ReadonlyArray<Frame>
}

const bucket = (url: string, name: string): string => {
  if (url === "") return name === "(garbage collector)" ? "(gc)" : name.startsWith("(") ? name : "(native)"
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(?:dist\/)?(.*)$/.exec(
    url
  )
  if (pkg !== null) {
    const [, name = "", rest = ""] = pkg
    return name === "effect" ? `effect/${rest.replace(/\.js$/, "")}` : name
  }
  if (url.includes("/packages/core/")) return "@uc-conversation/core"
  if (url.includes("/packages/node/")) return "@uc-conversation/node"
  if (url.startsWith("node:")) return "node internals"
  return url.replace(/^.*\/bench\//, "bench/")
}

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\/.*?node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "")
    .replace(/^file:\/\/.*\/packages\//, "packages/")

/** Reads a .cpuprofile and returns the `limit` hottest functions and packages by self time. */
export const summariseProfile = (path: string, limit = 15): ProfileSummary => {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    self.set(id, (self.get(id) ?? 0) + dt)
    total += dt
  })
  const functions = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [id, micros] of self) {
    const node = byId.get(id)
    if (node === undefined) continue
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === "(idle)" || functionName === "(program)") continue
    const fn =
      `${functionName || "(anonymous)"} ${url === "" ? "" : `${shortUrl(url)}:${lineNumber + 1}`}`.trim()
    functions.set(fn, (functions.get(fn) ?? 0) + micros)
    const pkg = bucket(url, functionName)
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros)
  }
  const top = (m: Map<string, number>): Array<Frame> =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, micros]) => ({ name, share: micros / total }))
  return { totalMs: total / 1000, functions: top(functions), packages: top(packages) }
}
