import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { extractBlocks, findReadmes, moduleName } from "../src/extract.ts"

const md = (...lines: Array<string>) => lines.join("\n")

describe("extractBlocks", () => {
  it("takes ```ts and ```typescript blocks with their first code line, and nothing else", () => {
    const blocks = extractBlocks(
      md(
        "# title",
        "```sh",
        "npm test",
        "```",
        "```ts",
        "const a = 1",
        "```",
        "",
        "```typescript",
        "const b = 2",
        "const c = 3",
        "```",
        "```json",
        '{ "ts": true }',
        "```"
      ),
      "README.md"
    )
    expect(blocks).toEqual([
      { file: "README.md", line: 6, lang: "ts", code: "const a = 1\n", skip: undefined },
      { file: "README.md", line: 10, lang: "typescript", code: "const b = 2\nconst c = 3\n", skip: undefined }
    ])
  })

  it("reads a ```ts fence inside another language's block as text, not as a block", () => {
    const blocks = extractBlocks(md("````md", "```ts", "not code", "```", "````"), "x.md")
    expect(blocks).toEqual([])
  })

  it("strips the fence's indentation (a block inside a list item)", () => {
    const blocks = extractBlocks(md("- item", "  ```ts", "  const a = 1", "    nested()", "  ```"), "x.md")
    expect(blocks[0]?.code).toBe("const a = 1\n  nested()\n")
  })

  it("marks a block opted out by the comment right before it, with its reason", () => {
    const blocks = extractBlocks(
      md(
        "<!-- readme-examples: skip (a sketch, not a module) -->",
        "```ts",
        "type T = /* … */",
        "```",
        "```ts",
        "1",
        "```"
      ),
      "x.md"
    )
    expect(blocks.map((b) => b.skip)).toEqual(["a sketch, not a module", undefined])
  })

  it("refuses a marker without a reason, or one that is not followed by a TypeScript block", () => {
    expect(() => extractBlocks(md("<!-- readme-examples: skip -->", "```ts", "1", "```"), "x.md")).toThrow(
      "x.md:1: a readme-examples skip marker must say why"
    )
    expect(() =>
      extractBlocks(md("<!-- readme-examples: skip (why) -->", "text", "```ts", "1", "```"), "x.md")
    ).toThrow("must come right before a TypeScript block")
    expect(() =>
      extractBlocks(md("<!-- readme-examples: skip (why) -->", "```sh", "ls", "```"), "x.md")
    ).toThrow("must come right before a TypeScript block")
  })

  it("refuses an unterminated fence", () => {
    expect(() => extractBlocks(md("text", "```ts", "const a = 1"), "x.md")).toThrow(
      "x.md:2: unterminated code fence"
    )
  })
})

describe("findReadmes", () => {
  const root = mkdtemp(join(tmpdir(), "readme-examples-"))
  afterAll(async () => rm(await root, { recursive: true, force: true }))

  it("finds README.md files, not dependencies, build output, scratch copies or other Markdown", async () => {
    const dir = await root
    for (const file of [
      "README.md",
      "packages/a/README.md",
      "packages/a/CHANGELOG.md",
      "packages/a/node_modules/dep/README.md",
      "packages/a/dist/README.md",
      "packages/a/.tmp/README.md",
      "bench/.work/README.md",
      "apps/b/README.md",
      "apps/b/docs/guide.md"
    ]) {
      await mkdir(join(dir, file, ".."), { recursive: true })
      await writeFile(join(dir, file), "# x\n")
    }
    expect(await findReadmes(dir)).toEqual(["README.md", "apps/b/README.md", "packages/a/README.md"])
  })
})

it("names each block's module after its README and line", () => {
  expect(
    moduleName({ file: "packages/core/README.md", line: 19, lang: "ts", code: "", skip: undefined })
  ).toBe("packages-core-README.L19.ts")
})
