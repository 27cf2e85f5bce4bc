import { existsSync } from "node:fs"
import { dirname, relative, resolve, sep } from "node:path"
import { type GeneratorWarning, makeWarningSink } from "./diagnostics.ts"
import { emit, type RenderedFiles } from "./emit/emit.ts"
import { buildIr } from "./ir/buildIr.ts"
import type { IrApi } from "./ir/types.ts"
import { loadDocument } from "./parse/loadDocument.ts"

/** Inputs of one generation. */
export interface GenerateOptions {
  readonly spec: string
  /** Runtime contract specifier as seen from the output root. */
  readonly runtimeImport?: string
  readonly serviceName?: string
  /** Directory the header's spec path is relative to; default: the enclosing repository root. */
  readonly root?: string
}

/** The in-memory result: IR, rendered files and warnings. Nothing is written. */
export interface Generated {
  readonly ir: IrApi
  readonly files: RenderedFiles
  readonly warnings: ReadonlyArray<GeneratorWarning>
}

// The repository root: nearest ancestor of the working directory with a workspace file or .git.
const findRoot = (from: string): string => {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(resolve(dir, "pnpm-workspace.yaml")) || existsSync(resolve(dir, ".git"))) return dir
    const parent = dirname(dir)
    if (parent === dir) return resolve(from)
    dir = parent
  }
}

/** parse → IR → emit, entirely in memory. Throws {@link GeneratorError} on invalid input. */
export const generate = async (options: GenerateOptions): Promise<Generated> => {
  const sink = makeWarningSink()
  const loaded = await loadDocument(options.spec, sink)
  const ir = buildIr(
    loaded.document,
    loaded.sourceVersion,
    sink,
    options.serviceName === undefined ? {} : { serviceName: options.serviceName }
  )
  const root = options.root ?? findRoot(process.cwd())
  const specLabel = relative(root, resolve(options.spec)).split(sep).join("/")
  const files = emit(
    ir,
    {
      specLabel,
      specSha256: loaded.sha256,
      ...(options.runtimeImport === undefined ? {} : { runtimeImport: options.runtimeImport })
    },
    sink
  )
  return { ir, files, warnings: sink.warnings }
}
