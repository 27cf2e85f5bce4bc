#!/usr/bin/env node
// Node's compile cache (≥ 22.1) keeps V8's compiled code for the modules below on disk, so a run
// after the first does not compile the generator, the spec library and the YAML parser again. It
// must be on before they load, hence the dynamic import.
import module from "node:module"

module.enableCompileCache?.()
const { run } = await import("../dist/cli.js")
process.exitCode = await run(process.argv.slice(2))
