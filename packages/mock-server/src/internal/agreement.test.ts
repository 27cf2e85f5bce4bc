/**
 * The generator's IR and the mock's routing take an operation's parameters from the same
 * function of the spec library (operationParameters). This runs both over every fixture spec of
 * the generator and the real spec, and compares what each does with every parameter.
 */
import { readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { buildIr, loadDocument, makeWarningSink } from "@uc-conversation/generator"
import { DEFAULT_SPEC } from "@uc-conversation/spec"
import { describe, expect, it } from "vitest"
import { compileSpec } from "./spec.ts"

const generatorDir = dirname(
  createRequire(import.meta.url).resolve("@uc-conversation/generator/package.json")
)
const fixtureDir = join(generatorDir, "test", "fixtures")
const specs = [
  DEFAULT_SPEC,
  ...readdirSync(fixtureDir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(fixtureDir, f))
]

describe.concurrent("generator IR and mock routing agree on every parameter", () => {
  for (const spec of specs) {
    it(spec.slice(spec.lastIndexOf("/") + 1), async () => {
      const sink = makeWarningSink()
      const loaded = await loadDocument(spec, sink)
      const ir = buildIr(loaded.document, loaded.sourceVersion, sink)
      const mock = compileSpec(spec, loaded.document)
      expect(mock.operations.map((o) => `${o.method} ${o.pathTemplate}`).sort()).toEqual(
        ir.operations.map((o) => `${o.method} ${o.path}`).sort()
      )
      for (const op of ir.operations) {
        const routed = mock.operations.find((o) => o.method === op.method && o.pathTemplate === op.path)
        // The mock validates what a client may send; the generator leaves out what it cannot send
        // (cookies) and a parameter named like the body argument, each with a coded warning.
        const mockSide = (routed?.parameters ?? [])
          .filter((p) => p.in !== "cookie" && !(op.requestBody !== undefined && p.name === "body"))
          .map((p) => `${p.in} ${p.name} ${p.required ? "required" : "optional"}`)
        const irSide = op.parameters.map((p) => `${p.in} ${p.name} ${p.required ? "required" : "optional"}`)
        expect(irSide, `${op.method} ${op.path}`).toEqual(mockSide)
        const dropped = (routed?.parameters ?? []).filter(
          (p) => !op.parameters.some((q) => q.name === p.name && q.in === p.in)
        )
        for (const p of dropped) {
          expect(
            sink.warnings.some((w) => w.message.includes(`"${p.name}"`)),
            `${op.method} ${op.path}: ${p.in} ${p.name} left out without a warning`
          ).toBe(true)
        }
      }
    })
  }
})
