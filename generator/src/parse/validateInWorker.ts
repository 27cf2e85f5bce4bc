import { Worker } from "node:worker_threads"
import type { JsonObject, ValidatorResult, ValidatorRule } from "@uc-conversation/spec"

/** Problems the validator reports that a generator can work around (and does, with a warning). */
export const lintRules: ReadonlyArray<ValidatorRule> = [
  "path-parameters-not-in-parameters",
  "path-parameters-not-in-path",
  "duplicate-non-request-body-parameters",
  "non-optional-path-parameters",
  "array-without-items"
]

// Built output runs `validateWorker.js`; tests and the workspace run the TypeScript source.
const workerUrl = new URL(
  import.meta.url.endsWith(".ts") ? "./validateWorker.ts" : "./validateWorker.js",
  import.meta.url
)

/** The validator, started before there is a document to validate (see {@link startValidator}). */
export interface Validator {
  /** Validates `document` (sent to the worker now); call it once. */
  readonly validate: (document: JsonObject) => Promise<ValidatorResult>
  /** Stops the worker: no document will come (the generation failed, or a cached verdict was found). */
  readonly cancel: () => void
}

/**
 * Starts the validator (@readme/openapi-parser, through the spec library, {@link lintRules} as
 * warnings) on a worker thread, before the document is read: loading the validator and its
 * dependencies takes as long as reading the document does, so the two run side by side; then
 * validation, the largest single step of a generation, runs beside IR and emit. `generate` settles the validation before
 * anything is written or returned. Where no worker can be started, it validates here.
 *
 * This module loads nothing but `node:worker_threads`, so that the CLI can start the validator
 * before it loads the generator.
 */
export const startValidator = (): Validator => {
  const warn = lintRules
  let worker: Worker
  try {
    worker = new Worker(workerUrl, { workerData: { warn } })
  } catch {
    return {
      validate: async (document) =>
        (await import("@uc-conversation/spec")).validateDocument(document, { warn }),
      cancel: () => undefined
    }
  }
  // Nothing waits for it until a document is sent: a run that fails before then exits at once.
  worker.unref()
  let settled = false
  const result = new Promise<ValidatorResult>((resolve, reject) => {
    worker.once("message", (answer: ValidatorResult) => {
      settled = true
      resolve(answer)
    })
    worker.once("error", (cause) => {
      settled = true
      reject(cause)
    })
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the validator's worker exited with code ${code} and no result`))
    })
  })
  // A failure nobody asked for (the run stopped before sending the document) is not unhandled.
  result.catch(() => undefined)
  return {
    validate: (document) => {
      worker.ref()
      worker.postMessage(document)
      return result
    },
    cancel: () => {
      settled = true
      void worker.terminate()
    }
  }
}
