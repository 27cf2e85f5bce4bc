import { Worker } from "node:worker_threads"
import {
  type JsonObject,
  type ValidatorResult,
  type ValidatorRule,
  validateDocument
} from "@uc-conversation/spec"

// Built output runs `validateWorker.js`; tests and the workspace run the TypeScript source.
const workerUrl = new URL(
  import.meta.url.endsWith(".ts") ? "./validateWorker.ts" : "./validateWorker.js",
  import.meta.url
)

/**
 * Validates `document` (@readme/openapi-parser, through the spec library) on a worker thread.
 * Validation is the largest single step of a generation and the IR and emit steps do not need
 * its answer until the end, so the two run side by side; `generate` settles the validation
 * before anything is written or returned. Where no worker can be started, it validates here.
 */
export const validateInWorker = (
  document: JsonObject,
  warn: ReadonlyArray<ValidatorRule>
): Promise<ValidatorResult> => {
  let worker: Worker
  try {
    worker = new Worker(workerUrl, { workerData: { document, warn } })
  } catch {
    return validateDocument(document, { warn })
  }
  return new Promise((resolve, reject) => {
    let settled = false
    worker.once("message", (result: ValidatorResult) => {
      settled = true
      resolve(result)
    })
    worker.once("error", (cause) => {
      settled = true
      reject(cause)
    })
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the validator's worker exited with code ${code} and no result`))
    })
  })
}
