/**
 * Uploading a file from disk, minus the reading: the runtime adapters (Node, Bun, Deno) pass the
 * one thing that differs between them, how to read a file's bytes, and get `uploadFile(path)`.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { UltraCartClient } from "../runtime/client.ts"
import { InvalidRequest, type UltraCartError } from "../runtime/errors.ts"
import type { CallOptions } from "../runtime/operation.ts"
import { type UploadedMultimedia, uploadMultimedia } from "./upload.ts"

/** A file to upload could not be read (missing, a directory, unreadable). */
export class FileReadError extends Schema.TaggedError<FileReadError>()("FileReadError", {
  message: Schema.String,
  /** The path as the caller gave it. */
  path: Schema.String
}) {}

/** Options of an adapter's `uploadFile`. */
export interface UploadFileOptions extends CallOptions {
  /** MIME type sent with the bytes. Default: guessed from the extension, else application/octet-stream. */
  readonly contentType?: string
  /** Extension to ask UltraCart for (without the dot). Default: the file name's. */
  readonly extension?: string
}

/** Reads a whole file; each runtime adapter supplies its own. */
export type ReadFile<E> = (path: string) => Effect.Effect<Uint8Array, E>

/** An adapter's `uploadFile`: read `path`, then {@link uploadMultimedia} its bytes. */
export type UploadFile<E> = (
  path: string,
  options?: UploadFileOptions
) => Effect.Effect<UploadedMultimedia, E | UltraCartError, UltraCartClient>

/** Common attachment types; anything else is sent as application/octet-stream. */
const contentTypes: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  heic: "image/heic",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm"
}

/** The extension of the last path segment (either separator), lower-cased, or undefined. */
export const extensionOf = (path: string): string | undefined => {
  const name = path.split(/[\\/]/).at(-1) ?? ""
  const dot = name.lastIndexOf(".")
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : undefined
}

/** The MIME type for an extension, application/octet-stream when unknown. */
export const contentTypeOf = (extension: string): string =>
  contentTypes[extension.toLowerCase()] ?? "application/octet-stream"

/**
 * Builds `uploadFile(path, options)` from a runtime's file reader. The extension (and so the
 * content type) comes from the file name unless given; a name without one fails with
 * InvalidRequest before the file is read.
 */
export const uploadFileWith =
  <E>(read: ReadFile<E>): UploadFile<E> =>
  (path, options = {}) => {
    const { contentType, extension = extensionOf(path), ...callOptions } = options
    if (extension === undefined) {
      return Effect.fail(
        new InvalidRequest({
          message: `Cannot tell the extension of ${path}: pass options.extension`,
          method: "GET",
          path: "/conversation/upload_url/{extension}",
          operationId: "getConversationMultimediaUploadUrl",
          detail: "file name has no extension"
        })
      )
    }
    return Effect.flatMap(read(path), (bytes) =>
      uploadMultimedia(bytes, extension, contentType ?? contentTypeOf(extension), callOptions)
    )
  }
