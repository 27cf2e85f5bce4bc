import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { contentTypeOf, extensionOf, FileReadError, uploadFileWith } from "./uploadFile.ts"

describe("extensionOf", () => {
  it("takes the last dot of the last path segment, lower-cased", () => {
    expect(extensionOf("/tmp/photos/Cat.PNG")).toBe("png")
    expect(extensionOf("C:\\Users\\me\\report.v2.pdf")).toBe("pdf")
    expect(extensionOf("archive.tar.gz")).toBe("gz")
  })
  it("is undefined for names without one, dotfiles and dotted folders", () => {
    expect(extensionOf("/tmp/README")).toBeUndefined()
    expect(extensionOf("/home/me/.env")).toBeUndefined()
    expect(extensionOf("/a.b/file")).toBeUndefined()
    expect(extensionOf("trailing.")).toBeUndefined()
  })
})

describe("contentTypeOf", () => {
  it("knows common attachment types and falls back to octet-stream", () => {
    expect(contentTypeOf("png")).toBe("image/png")
    expect(contentTypeOf("JPG")).toBe("image/jpeg")
    expect(contentTypeOf("xyz")).toBe("application/octet-stream")
  })
})

describe("uploadFileWith", () => {
  it.effect("fails with InvalidRequest before reading when the name has no extension", () =>
    Effect.gen(function* () {
      let reads = 0
      const upload = uploadFileWith(() =>
        Effect.sync(() => {
          reads++
          return new Uint8Array()
        })
      )
      // No UltraCartClient is provided (hence the cast): the failure must come before anything needs one.
      const error = yield* Effect.flip(upload("/tmp/README") as Effect.Effect<unknown, unknown>)
      expect((error as { _tag: string })._tag).toBe("InvalidRequest")
      expect(reads).toBe(0)
    })
  )
  it.effect("passes the reader's error through unchanged", () =>
    Effect.gen(function* () {
      const missing = new FileReadError({ path: "/nope.png", message: "Cannot read /nope.png" })
      const upload = uploadFileWith(() => Effect.fail(missing))
      const error = yield* Effect.flip(upload("/nope.png") as Effect.Effect<unknown, unknown>)
      expect(error).toBe(missing)
    })
  )
})
