import { existsSync } from "node:fs"
import { dirname, relative, resolve, sep } from "node:path"
import { type GeneratorWarning, makeWarningSink, type WarningSink } from "./diagnostics.ts"
import { emit, type RenderedFiles } from "./emit/emit.ts"
import { buildIr } from "./ir/buildIr.ts"
import type { IrApi } from "./ir/types.ts"
import { loadDocument } from "./parse/loadDocument.ts"
import type { Validator } from "./parse/validateInWorker.ts"

/** Inputs of one generation. */
export interface GenerateOptions {
  readonly spec: string
  /** Runtime contract specifier as seen from the output root. */
  readonly runtimeImport?: string
  readonly serviceName?: string
  /** Directory the header's spec path is relative to; default: the enclosing repository root. */
  readonly root?: string
  /**
   * Where passing validator verdicts are cached (the spec library's `defaultValidationCacheDir()`
   * in the CLI); undefined validates every time.
   */
  readonly validationCache?: string | undefined
  /**
   * The validator, already started (`startValidator` in `parse/validateInWorker.ts`): the CLI
   * starts it before it loads the generator when it validates anyway (`--no-cache`). Default:
   * started when the document's bytes are read and no cached verdict is found.
   */
  readonly validator?: Validator | undefined
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
  const loaded = await loadDocument(options.spec, sink, {
    validationCache: options.validationCache,
    validator: options.validator
  })
  // The validator runs on another thread meanwhile (see loadDocument). IR and emit warnings wait
  // in their own sink, so the order of warnings is the validator's first, as it always was.
  const later = makeWarningSink()
  let built: { readonly ir: IrApi; readonly files: RenderedFiles }
  try {
    built = buildAndEmit(loaded, options, later)
  } catch (cause) {
    // An invalid document is reported as such, not by whatever the IR made of it.
    await loaded.validated()
    throw cause
  }
  await loaded.validated()
  for (const w of later.warnings) sink.warn(w.code, w.pointer, w.message)
  return { ...built, warnings: sink.warnings }
}

const buildAndEmit = (
  loaded: Awaited<ReturnType<typeof loadDocument>>,
  options: GenerateOptions,
  sink: WarningSink
): { readonly ir: IrApi; readonly files: RenderedFiles } => {
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
  return { ir, files }
}
