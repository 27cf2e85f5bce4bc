/**
 * Finds the TypeScript blocks of the repository's READMEs, writes each into a scratch project as
 * its own module, and type-checks them with the repository's `tsc` against the built packages.
 *
 * The scratch project lives inside this workspace package, so `@uc-conversation/*` resolves the
 * way it does for a user of the published packages: through this package's node_modules links,
 * each package's `exports` map, and its `dist/*.d.ts`.
 *
 * A block that is deliberately not a module (a fragment of a larger call, a shape written as
 * pseudo-code) opts out with an HTML comment on the line right before its fence, and says why:
 *
 *     <!-- readme-examples: skip (fragment: the options object of a call shown above) -->
 */
import { execFile } from "node:child_process"
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root (this file is packages/readme-examples/src/extract.ts). */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))

/** Where the scratch project is written (git-ignored: `.tmp/`). */
export const scratchDir = fileURLToPath(new URL("../.tmp/blocks/", import.meta.url))

export interface CodeBlock {
  /** The README, relative to the repository root, with `/` separators. */
  readonly file: string
  /** 1-based line of the first line of code (the line after the opening fence). */
  readonly line: number
  readonly lang: "ts" | "typescript"
  readonly code: string
  /** The reason given by an opt-out marker; undefined when the block is checked. */
  readonly skip: string | undefined
}

const ignoredDirs = new Set(["node_modules", ".git", ".toolchain", ".turbo", ".tmp", "dist", "coverage"])

/** Every README.md of the repository, sorted, skipping dependencies, build output and scratch copies. */
export const findReadmes = async (root: string = repoRoot): Promise<Array<string>> => {
  const found: Array<string> = []
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (
          !ignoredDirs.has(entry.name) &&
          relative(root, join(dir, entry.name)) !== join("bench", ".work")
        ) {
          await walk(join(dir, entry.name))
        }
      } else if (entry.isFile() && entry.name === "README.md") {
        found.push(relative(root, join(dir, entry.name)).split(sep).join("/"))
      }
    }
  }
  await walk(root)
  return found.sort()
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/
const skipMarker = /^\s*<!--\s*readme-examples:\s*skip\b(.*?)-->\s*$/

/**
 * The ```ts and ```typescript blocks of one Markdown document. Throws on an unterminated fence and
 * on an opt-out marker that gives no reason or is not followed by a TypeScript block.
 */
export const extractBlocks = (markdown: string, file: string): Array<CodeBlock> => {
  const lines = markdown.split(/\r?\n/)
  const blocks: Array<CodeBlock> = []
  let pendingSkip: { reason: string; line: number } | undefined
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? ""
    const marker = skipMarker.exec(text)
    if (marker) {
      const reason = (marker[1] ?? "")
        .trim()
        .replace(/^\((.*)\)$/, "$1")
        .trim()
      if (reason === "") throw new Error(`${file}:${i + 1}: a readme-examples skip marker must say why`)
      pendingSkip = { reason, line: i + 1 }
      continue
    }
    const open = fenceOpen.exec(text)
    if (!open) {
      if (pendingSkip && text.trim() !== "") {
        throw new Error(
          `${file}:${pendingSkip.line}: a skip marker must come right before a TypeScript block`
        )
      }
      continue
    }
    const indent = open[1] ?? ""
    const fence = open[2] ?? "```"
    const lang = (open[3] ?? "").toLowerCase()
    const close = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`)
    const start = i + 1
    let end = start
    while (end < lines.length && !close.test(lines[end] ?? "")) end++
    if (end >= lines.length) throw new Error(`${file}:${i + 1}: unterminated code fence`)
    if (lang === "ts" || lang === "typescript") {
      const code = lines
        .slice(start, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join("\n")
      blocks.push({ file, line: start + 1, lang, code: `${code}\n`, skip: pendingSkip?.reason })
    } else if (pendingSkip) {
      throw new Error(`${file}:${pendingSkip.line}: a skip marker must come right before a TypeScript block`)
    }
    pendingSkip = undefined
    i = end
  }
  if (pendingSkip) {
    throw new Error(`${file}:${pendingSkip.line}: a skip marker must come right before a TypeScript block`)
  }
  return blocks
}

/** Every TypeScript block of every README of the repository. */
export const collectBlocks = async (root: string = repoRoot): Promise<Array<CodeBlock>> => {
  const blocks: Array<CodeBlock> = []
  for (const file of await findReadmes(root)) {
    blocks.push(...extractBlocks(await readFile(join(root, file), "utf8"), file))
  }
  return blocks
}

/** The module name a block is written to: `packages/core/README.md` line 19 → `packages-core-README.L19.ts`. */
export const moduleName = (block: CodeBlock): string =>
  `${block.file.replace(/\.md$/, "").replace(/[^\w.-]+/g, "-")}.L${block.line}.ts`

/**
 * Writes the checked blocks into `dir` (emptied first), one module each, with a tsconfig that
 * extends the repository's strict base. Returns the module names.
 */
export const writeScratchProject = async (
  blocks: ReadonlyArray<CodeBlock>,
  dir: string = scratchDir
): Promise<Array<string>> => {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const names: Array<string> = []
  for (const block of blocks) {
    if (block.skip !== undefined) continue
    const name = moduleName(block)
    await writeFile(join(dir, name), block.code)
    names.push(name)
  }
  const base = relative(dir, join(repoRoot, "tsconfig.base.json")).split(sep).join("/")
  const tsconfig = {
    extends: base,
    compilerOptions: {
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      moduleDetection: "force",
      types: ["node"]
    },
    files: names
  }
  await writeFile(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`)
  return names
}

export interface TypeCheckResult {
  readonly exitCode: number
  /** tsc's diagnostics, each pointed back at its README line (`README.md:44:5 - error TS…`). */
  readonly diagnostics: Array<string>
  readonly output: string
}

/** Runs the repository's `tsc` over the scratch project written by {@link writeScratchProject}. */
export const typeCheck = (
  blocks: ReadonlyArray<CodeBlock>,
  dir: string = scratchDir
): Promise<TypeCheckResult> =>
  new Promise((resolve) => {
    const tsc = join(repoRoot, "node_modules", ".bin", "tsc")
    execFile(
      tsc,
      ["-p", join(dir, "tsconfig.json"), "--pretty", "false"],
      { cwd: dir },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`
        const byName = new Map(blocks.map((b) => [moduleName(b), b]))
        const diagnostics = output
          .split(/\r?\n/)
          .filter((l) => l.trim() !== "" && !l.startsWith(" "))
          .map((l) => {
            const at = /^(?:.*[\\/])?([^\\/(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l)
            const block = at ? byName.get(at[1] ?? "") : undefined
            return at && block ? `${block.file}:${block.line + Number(at[2]) - 1}:${at[3]} - ${at[4]}` : l
          })
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0
        resolve({ exitCode: code, diagnostics, output })
      }
    )
  })
