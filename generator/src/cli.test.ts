import { readdir, readFile, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { fixture, recordingIo, repoRoot, scratchDir } from "../test/support.ts"
import { run } from "./cli.ts"
import { generate } from "./generate.ts"

const conversationSpec = join(repoRoot, "spec/conversation.openapi.yaml")

const readAll = async (dir: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out[join(entry.parentPath, entry.name).slice(dir.length + 1)] = await readFile(
        join(entry.parentPath, entry.name),
        "utf8"
      )
  }
  return out
}

describe("uc-generate", () => {
  it("exits 2 on usage errors", async () => {
    const io = recordingIo()
    expect(await run(["--spec", conversationSpec], io)).toBe(2)
    expect(io.stderr()).toContain("--spec and --out are required")
    expect(await run(["--bogus"], recordingIo())).toBe(2)
  })

  it("writes, then reports every file unchanged, with a summary", async () => {
    const out = join(await scratchDir("cli"), "generated")
    const first = recordingIo()
    expect(await run(["--spec", conversationSpec, "--out", out], first)).toBe(0)
    expect(first.stdout()).toMatch(
      /^uc-generate: 141 operations, 180 schemas; 146 files written, 0 unchanged; 1 warnings \(UCG_W013 shadowed-global: 1\); \d+ ms\n$/
    )
    const second = recordingIo()
    expect(await run(["--spec", conversationSpec, "--out", out], second)).toBe(0)
    expect(second.stdout()).toContain("0 files written, 146 unchanged")
  })

  it("--check exits 0 when current and 1 with a diff when a file drifted, was added or removed", async () => {
    const out = join(await scratchDir("cli-check"), "generated")
    await run(["--spec", conversationSpec, "--out", out], recordingIo())
    const ok = recordingIo()
    expect(await run(["--spec", conversationSpec, "--out", out, "--check"], ok)).toBe(0)
    expect(ok.stdout()).toContain("is up to date")

    const models = join(out, "models.gen.ts")
    await writeFile(models, (await readFile(models, "utf8")).replace("Schema.String", "Schema.Number"))
    await writeFile(join(out, "handmade.gen.ts"), "export {}\n")
    const drift = recordingIo()
    expect(await run(["--spec", conversationSpec, "--out", out, "--check"], drift)).toBe(1)
    expect(drift.stdout()).toContain("--- a/models.gen.ts")
    expect(drift.stdout()).toMatch(/^-.*Schema\.Number/m)
    expect(drift.stderr()).toContain("1 changed, 0 missing, 1 extra")
    expect(drift.stderr()).toContain("-handmade.gen.ts")
  })

  it("prints coded warnings with JSON pointers and counts them by code", async () => {
    const io = recordingIo()
    expect(
      await run(["--spec", fixture("unsupported.yaml"), "--out", join(await scratchDir("cli-warn"), "g")], io)
    ).toBe(0)
    expect(io.stderr()).toContain("warning UCG_W001 unsupported-type #/components/schemas/NotAString/not:")
    expect(io.stdout()).toContain("4 warnings (UCG_W001 unsupported-type: 4)")
  })

  it("exits 1 on invalid input with a coded error and a pointer, leaving the output untouched", async () => {
    const out = join(await scratchDir("cli-invalid"), "generated")
    await run(["--spec", conversationSpec, "--out", out], recordingIo())
    const before = await readAll(out)
    const cases: Array<[string, string]> = [
      [
        "invalid/unresolved-ref.yaml",
        "error UCG_E003 #/paths/~1a/get/responses/200/content/application~1json/schema/$ref:"
      ],
      ["invalid/missing-version.yaml", "error UCG_E002 #/info/version:"],
      ["invalid/not-openapi.yaml", "error UCG_E002 #:"],
      [
        "invalid/external-missing.yaml",
        'error UCG_E003 #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: cannot resolve $ref "./no-such-file.yaml#/Thing"'
      ],
      [
        "invalid/duplicate-operation-id.yaml",
        "error UCG_E002 #/paths/~1b/get/operationId: The operationId `foo` is duplicated"
      ],
      [
        "invalid/truncated-json.txt",
        "error UCG_E001 #/info: invalid JSON: Unexpected end of JSON input (line 1:31)"
      ],
      ["invalid/does-not-exist.yaml", "error UCG_E001 #: cannot read"]
    ]
    for (const [name, expected] of cases) {
      const io = recordingIo()
      expect(await run(["--spec", fixture(name), "--out", out], io)).toBe(1)
      expect(io.stderr()).toContain(expected)
      expect(await readAll(out)).toStrictEqual(before)
    }
  })

  it("reports every validator error at the node at fault, one line each, none summarised", async () => {
    const io = recordingIo()
    const out = join(await scratchDir("cli-validator"), "generated")
    expect(await run(["--spec", fixture("invalid/validator-errors.yaml"), "--out", out], io)).toBe(1)
    expect(io.stderr()).toBe(
      [
        "error UCG_E002 #/paths/~1a/get/responses/200: REQUIRED must have required property 'description'",
        // reached through /paths/~1b/put/responses/204: the fault is in the component the $ref names
        "error UCG_E002 #/components/responses/Gone/description: TYPE must be string",
        ""
      ].join("\n")
    )
    expect(io.stderr()).not.toMatch(/more\)/)
  })

  it("resolves an external $ref relative to the document, not the working directory", async () => {
    // vitest runs in generator/; the document and its siblings are in test/fixtures/
    const relative = "test/fixtures/external-ref.yaml"
    const io = recordingIo()
    const out = join(await scratchDir("cli-external"), "generated")
    expect(await run(["--spec", relative, "--out", out], io)).toBe(0)
    expect(io.stderr()).toContain(
      "warning UCG_W011 adapted-input #/components/schemas/Pet: bundled from external/pets.yaml#/Pet"
    )
    expect(await readFile(join(out, "models.gen.ts"), "utf8")).toContain("export const Pet = ")
  })

  it("is deterministic: two runs give byte-identical files, the header names the spec by a repo-relative path", async () => {
    const a = await generate({ spec: conversationSpec })
    const b = await generate({ spec: conversationSpec })
    expect([...a.files.keys()]).toStrictEqual([...b.files.keys()])
    for (const [path, content] of a.files)
      expect(Buffer.from(content).equals(Buffer.from(b.files.get(path) ?? ""))).toBe(true)
    const header = a.files.get("models.gen.ts")?.split("\n")[0] ?? ""
    expect(header).toMatch(
      /^\/\/ Generated by uc-generate from spec\/conversation\.openapi\.yaml \(sha256 [0-9a-f]{64}\)\. Do not edit/
    )
    for (const [path, content] of a.files) {
      if (path.endsWith(".ts")) expect(content.startsWith(header)).toBe(true)
    }
  })
})
