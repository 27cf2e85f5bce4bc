import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { DEFAULT_SPEC, displayPath } from "../files.ts"
import { loadDocument } from "../load.ts"
import { checkDocument, jarVersion, requireJar, runJarValidate, runJsValidator } from "../validate.ts"
import { EXIT, parseArgs, runCli, UsageError } from "./args.ts"

const USAGE = "spec:validate [file]   (default: spec/conversation.openapi.yaml)"
const log = (line: string): void => void process.stdout.write(`[spec:validate] ${line}\n`)
const indent = (text: string): string =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")

const parserVersion = (): string => {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve("@readme/openapi-parser").replace(/dist\/.*$/, "package.json")
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version
}

await runCli("spec:validate", USAGE, async () => {
  const { positional } = parseArgs(process.argv.slice(2), [], [])
  if (positional.length > 1) throw new UsageError("expected at most one file")
  const file = positional[0] ?? displayPath(DEFAULT_SPEC)

  const { doc } = await loadDocument(file)
  const summary = checkDocument(doc, file)
  log(
    `${file}: OpenAPI ${String(doc.openapi ?? doc.swagger)}, ${summary.operations} operations ` +
      `(${summary.conversationOperations} Conversation), ${summary.schemas} schemas; every $ref resolves` +
      (summary.ours ? "; x-uc-* rules hold" : "")
  )

  const jar = requireJar()
  const version = await jarVersion(jar)
  log(`$ ${version.command}`)
  log(`openapi-generator-cli version: ${version.output.trim()}`)
  if (version.exitCode !== 0 || version.output.trim() !== jar.version) {
    process.stderr.write(`spec:validate: error: ${jar.jar} is not openapi-generator-cli ${jar.version}\n`)
    return EXIT.failure
  }
  const jarRun = await runJarValidate(jar, file)
  log(`$ ${jarRun.command}`)
  process.stdout.write(`${indent(jarRun.output)}\n`)

  const js = await runJsValidator(doc)
  log(`@readme/openapi-parser ${parserVersion()}: ${js.valid ? "valid" : "INVALID"}`)
  for (const m of js.messages) process.stdout.write(`    ${m}\n`)

  const ok = jarRun.exitCode === 0 && js.valid
  if (!ok) {
    const failed = [
      jarRun.exitCode === 0 ? "" : "openapi-generator-cli",
      js.valid ? "" : "@readme/openapi-parser"
    ]
    process.stderr.write(
      `spec:validate: error: ${file}: rejected by ${failed.filter(Boolean).join(" and ")}\n`
    )
    return EXIT.failure
  }
  log(`OK ${file}`)
  return EXIT.ok
})
