/**
 * A read-only npm registry on loopback, served from what the workspace install already has.
 *
 * The ecosystem projects install the packed packages the way a user does: `npm install` from a
 * registry, by name. After `pnpm install --frozen-lockfile` nothing in `npm test` may reach a real
 * registry (a fresh machine's registry is slow, flaky, or refuses a cold request), so this serves
 * - the packed `@uc-conversation/*` tarballs, byte for byte, and
 * - every third-party package they (transitively) need, found with Node's own resolution from the
 *   workspace's installed packages and re-packed as a deterministic tarball (same bytes every run).
 *
 * Why a registry and not pnpm's store offline: a scratch project outside the workspace needs
 * package metadata to resolve its dependencies, and a frozen-lockfile install never downloads
 * metadata, so `pnpm install --offline` there fails; npm's cache has the same gap. A registry that
 * only knows the exact versions the workspace tested is also what we want to test against.
 *
 * Anything not in the closure answers 404, so a dependency the packed manifests forgot to declare
 * fails the install instead of being fetched from somewhere else.
 */
import { createHash } from "node:crypto"
import { readFileSync, realpathSync, statSync } from "node:fs"
import { readdir, readFile } from "node:fs/promises"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { dirname, join } from "node:path"
import * as tar from "tar"

/** A package version the registry serves. */
interface Entry {
  readonly name: string
  readonly version: string
  /** The manifest as served: the package's own, with dependencies trimmed to what is served. */
  readonly manifest: Record<string, unknown>
  readonly tarball: Buffer
  /** `dist.integrity` and `dist.shasum`, hashed once when the entry is built. */
  readonly digest: { readonly integrity: string; readonly shasum: string }
}

/** Where a package of the closure comes from: a packed tarball, or an installed directory. */
type Source =
  | { readonly kind: "tarball"; readonly file: string; readonly resolveFrom: string }
  | { readonly kind: "directory"; readonly dir: string }

/** A packed workspace package, and the workspace directory its dependencies resolve from. */
export interface PackedPackage {
  /** The `.tgz` written by `pnpm pack` / `changeset pack`. */
  readonly tarball: string
  /** The package's directory in the workspace (its node_modules hold its dependencies). */
  readonly workspaceDir: string
}

/** Options of {@link startLocalRegistry}. */
export interface LocalRegistryOptions {
  readonly packed: ReadonlyArray<PackedPackage>
  /** Extra third-party packages a consumer project names (e.g. `@types/node`), resolved from `resolveFrom`. */
  readonly extra?: ReadonlyArray<string>
  /** Directory the extra packages resolve from (the workspace root). */
  readonly resolveFrom: string
}

/** A running registry. */
export interface LocalRegistry {
  /** Base URL with a trailing slash, for `--registry`. */
  readonly url: string
  /** name -> served versions, for reports and tests. */
  readonly versions: ReadonlyMap<string, ReadonlyArray<string>>
  /** Requests that asked for something not served (name or path), in order. */
  readonly misses: ReadonlyArray<string>
  readonly close: () => Promise<void>
}

type Manifest = Record<string, unknown> & {
  readonly name: string
  readonly version: string
  readonly dependencies?: Record<string, string>
  readonly optionalDependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent's, up to the filesystem root. */
const resolvePackageDir = (name: string, from: string): string | undefined => {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name)
    try {
      if (statSync(join(candidate, "package.json")).isFile()) return realpathSync(candidate)
    } catch {
      // not here; keep walking up
    }
    if (dirname(dir) === dir) return undefined
  }
}

/** The manifest inside a packed tarball (`package/package.json`). */
const manifestOfTarball = async (file: string): Promise<Manifest> => {
  let text: string | undefined
  await tar.t({
    file,
    filter: (path) => path === "package/package.json",
    onReadEntry: (entry) => {
      const chunks: Array<Buffer> = []
      entry.on("data", (chunk: Buffer) => chunks.push(chunk))
      entry.on("end", () => {
        text = Buffer.concat(chunks).toString("utf8")
      })
    }
  })
  if (text === undefined) throw new Error(`${file} has no package/package.json`)
  return JSON.parse(text)
}

/** Every file under `dir` (no nested node_modules), sorted, relative, with `/` separators. */
const listFiles = async (dir: string): Promise<Array<string>> => {
  const out: Array<string> = []
  const walk = async (sub: string) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const path = sub === "" ? entry.name : `${sub}/${entry.name}`
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") await walk(path)
      } else if (entry.isFile()) {
        out.push(path)
      }
    }
  }
  await walk("")
  return out.sort()
}

// A fixed mtime and portable headers: the same directory always packs to the same bytes, so the
// integrity npm records is stable across runs and machines.
const epoch = new Date("1985-10-26T08:15:00Z")

/** Packs an installed package directory the way the registry holds it: files under `package/`. */
const packDirectory = async (dir: string): Promise<Buffer> => {
  const files = await listFiles(dir)
  const chunks: Array<Buffer> = []
  const stream = tar.c(
    { cwd: dir, gzip: { level: 6 }, portable: true, mtime: epoch, prefix: "package", noDirRecurse: true },
    files
  )
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

const integrity = (bytes: Buffer) => ({
  integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
  shasum: createHash("sha1").update(bytes).digest("hex")
})

/**
 * Walks the dependency closure of the packed packages (dependencies, installed optional ones and
 * peers) through the workspace's installed tree, and packs each package once.
 */
const collect = async (options: LocalRegistryOptions): Promise<Map<string, Entry>> => {
  const entries = new Map<string, Entry>()
  const queued = new Set<string>()
  const work: Array<{ readonly manifest: Manifest; readonly source: Source }> = []

  const enqueue = (manifest: Manifest, source: Source) => {
    const key = `${manifest.name}@${manifest.version}`
    if (queued.has(key)) return
    queued.add(key)
    work.push({ manifest, source })
  }
  const enqueueInstalled = (name: string, from: string): boolean => {
    const dir = resolvePackageDir(name, from)
    if (dir === undefined) return false
    enqueue(readManifest(dir), { kind: "directory", dir })
    return true
  }

  const packedNames = new Set<string>()
  for (const p of options.packed) {
    const manifest = await manifestOfTarball(p.tarball)
    packedNames.add(manifest.name)
    enqueue(manifest, { kind: "tarball", file: p.tarball, resolveFrom: p.workspaceDir })
  }
  for (const name of options.extra ?? []) {
    if (!enqueueInstalled(name, options.resolveFrom)) {
      throw new Error(`${name} is not installed in ${options.resolveFrom}: run pnpm install first`)
    }
  }

  while (work.length > 0) {
    const { manifest, source } = work.shift()!
    const from = source.kind === "tarball" ? source.resolveFrom : source.dir
    const id = `${manifest.name}@${manifest.version}`
    const served: Record<string, unknown> = { ...manifest }
    // Each edge is followed to the version the workspace installed; an optional edge that the
    // workspace did not install (another platform's binary, an unused optional peer) is dropped
    // from the served manifest, so npm does not ask for what we cannot serve.
    const follow = (field: "dependencies" | "optionalDependencies" | "peerDependencies") => {
      const deps = manifest[field]
      if (deps === undefined) return
      const kept: Record<string, string> = {}
      for (const [name, range] of Object.entries(deps)) {
        const optional =
          field === "optionalDependencies" ||
          (field === "peerDependencies" && manifest.peerDependenciesMeta?.[name]?.optional === true)
        if (packedNames.has(name) || enqueueInstalled(name, from)) kept[name] = range
        else if (!optional) {
          throw new Error(`${id} depends on ${name}@${range}, which is not installed under ${from}`)
        }
      }
      served[field] = kept
    }
    follow("dependencies")
    follow("optionalDependencies")
    follow("peerDependencies")
    if (manifest.peerDependenciesMeta !== undefined && served.peerDependencies !== undefined) {
      const peers = served.peerDependencies as Record<string, string>
      served.peerDependenciesMeta = Object.fromEntries(
        Object.entries(manifest.peerDependenciesMeta).filter(([name]) => name in peers)
      )
    }
    // Lifecycle scripts never run in the scratch installs (--ignore-scripts); keep them out of view.
    delete served.scripts
    const tarball = source.kind === "tarball" ? await readFile(source.file) : await packDirectory(source.dir)
    entries.set(id, {
      name: manifest.name,
      version: manifest.version,
      manifest: served,
      tarball,
      digest: integrity(tarball)
    })
  }
  return entries
}

/** Orders versions for `dist-tags.latest`: numeric semver core, then prerelease after release. */
const compareVersions = (a: string, b: string): number => {
  const parse = (v: string) => {
    const [core = "", pre] = v.split("-", 2)
    return { nums: core.split(".").map(Number), pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0)
    if (d !== 0) return d
  }
  if (x.pre === y.pre) return 0
  if (x.pre === undefined) return 1
  if (y.pre === undefined) return -1
  return x.pre < y.pre ? -1 : 1
}

const tarballPath = (name: string, version: string) =>
  `/-/tarballs/${encodeURIComponent(name)}/${encodeURIComponent(version)}.tgz`

/**
 * Starts the registry on 127.0.0.1 (a free port). It answers packuments (`GET /<name>`, scoped
 * names percent-encoded or not) and tarballs, and 404 for everything else.
 */
export const startLocalRegistry = async (options: LocalRegistryOptions): Promise<LocalRegistry> => {
  const entries = await collect(options)
  const byName = new Map<string, Array<Entry>>()
  for (const entry of entries.values()) {
    const list = byName.get(entry.name) ?? []
    list.push(entry)
    byName.set(entry.name, list)
  }
  const misses: Array<string> = []
  let base = ""
  const packument = (name: string, list: ReadonlyArray<Entry>) => {
    const versions = [...list].sort((a, b) => compareVersions(a.version, b.version))
    return {
      name,
      "dist-tags": { latest: versions.at(-1)!.version },
      versions: Object.fromEntries(
        versions.map((e) => [
          e.version,
          {
            ...e.manifest,
            _id: `${name}@${e.version}`,
            dist: { tarball: `${base}${tarballPath(name, e.version).slice(1)}`, ...e.digest }
          }
        ])
      )
    }
  }
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? "/").split("?")[0]!)
    const send = (status: number, type: string, body: Buffer | string) => {
      response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) })
      response.end(request.method === "HEAD" ? undefined : body)
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      misses.push(`${request.method} ${path}`)
      return send(405, "application/json", '{"error":"read-only registry"}')
    }
    const tarballMatch = /^\/-\/tarballs\/(.+)\/([^/]+)\.tgz$/.exec(path)
    if (tarballMatch !== null) {
      const entry = entries.get(`${tarballMatch[1]}@${tarballMatch[2]}`)
      if (entry !== undefined) return send(200, "application/octet-stream", entry.tarball)
    } else {
      const name = path.slice(1)
      const list = byName.get(name)
      if (list !== undefined) return send(200, "application/json", JSON.stringify(packument(name, list)))
    }
    misses.push(path)
    send(404, "application/json", '{"error":"not found"}')
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", resolve)
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  return {
    url: base,
    versions: new Map([...byName].map(([name, list]) => [name, list.map((e) => e.version)])),
    misses,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
