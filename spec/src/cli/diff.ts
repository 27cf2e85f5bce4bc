import { diffFiles } from "../compare.ts"
import { formatReport } from "../diff.ts"
import { EXIT, parseArgs, runCli, UsageError } from "./args.ts"

const USAGE = "spec:diff <old> <new> [--json]"

await runCli("spec:diff", USAGE, async () => {
  const { positional, options } = parseArgs(process.argv.slice(2), [], ["json"])
  const [oldFile, newFile] = positional
  if (oldFile === undefined || newFile === undefined || positional.length > 2) {
    throw new UsageError("expected two files")
  }
  const report = await diffFiles(oldFile, newFile)
  process.stdout.write(
    options.has("json") ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, oldFile, newFile)
  )
  return EXIT.ok
})
