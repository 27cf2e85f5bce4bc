/**
 * The validator's thread (see `validateInWorker.ts`): validates the document it is given and
 * posts the result back. Runs beside the main thread's IR and emit, on the second core.
 */
import { parentPort, workerData } from "node:worker_threads"
import { type JsonObject, type ValidatorRule, validateDocument } from "@uc-conversation/spec"

const { document, warn } = workerData as {
  readonly document: JsonObject
  readonly warn: ReadonlyArray<ValidatorRule>
}
parentPort?.postMessage(await validateDocument(document, { warn }))
