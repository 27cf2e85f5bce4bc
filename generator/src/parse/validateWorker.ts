/**
 * The validator's thread (see `validateInWorker.ts`): loads the validator while the main thread
 * reads the document, validates the document it is then sent and posts the result back. Runs
 * beside the main thread's reading, IR and emit, on the second core.
 */
import module from "node:module"
import { parentPort, workerData } from "node:worker_threads"
import type { JsonObject, ValidatorRule } from "@uc-conversation/spec"

// Node's compile cache is per thread: turned on here too, before the validator loads (hence the
// dynamic import), so that it is not compiled again on every run. Only the spec library's
// validator module, not its index: the thread needs nothing else, and the whole library took
// about as long to load as the validator itself (on a first sight of a document, this thread's
// start-up is on the critical path).
module.enableCompileCache?.()
const { loadValidator, validateDocument } = await import("@uc-conversation/spec/validator")
const { warn } = workerData as { readonly warn: ReadonlyArray<ValidatorRule> }
parentPort?.once("message", (document: JsonObject) => {
  void validateDocument(document, { warn }).then((result) => parentPort?.postMessage(result))
})
await loadValidator()
