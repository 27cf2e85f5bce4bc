/**
 * The lint rule for `src/generated/`: generated code imports Effect by module path
 * (`effect/Schema`, `effect/Effect`…), never the `effect` barrel. Biome skips `*.gen.ts` (it
 * neither formats nor lints generated files), so the rule is this test instead of a Biome
 * `noRestrictedImports` override.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const generatedDir = fileURLToPath(new URL("./generated", import.meta.url))

/** Every module specifier of a file: static imports and re-exports, side-effect and dynamic imports. */
const specifiers = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((match) => match[1] ?? "")

/** Effect imported other than as `effect/<Module>` (the barrel, or a deep `effect/dist/…` path). */
const barrelImports = (text: string): ReadonlyArray<string> =>
  specifiers(text).filter(
    (specifier) => /^effect(\/|$)/.test(specifier) && !/^effect\/[A-Za-z]+$/.test(specifier)
  )

const generatedFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? generatedFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : []
  )

describe("generated code imports Effect by module path", () => {
  it("no file under src/generated imports the effect barrel", () => {
    const files = generatedFiles(generatedDir)
    expect(files.length).toBeGreaterThan(10)
    const offenders = files.flatMap((file) =>
      barrelImports(readFileSync(file, "utf8")).map((specifier) => `${file}: ${specifier}`)
    )
    expect(offenders).toEqual([])
  })

  it("recognises the barrel in every import form", () => {
    expect(barrelImports('import { Effect } from "effect"')).toEqual(["effect"])
    expect(barrelImports("export * from 'effect'")).toEqual(["effect"])
    expect(barrelImports('const m = await import("effect")')).toEqual(["effect"])
    expect(barrelImports('import "effect/dist/Effect.js"')).toEqual(["effect/dist/Effect.js"])
    expect(barrelImports('import * as Effect from "effect/Effect"\nimport type { X } from "./x.ts"')).toEqual(
      []
    )
  })
})
