/**
 * Builds the page into dist/browser/: src/browser/main.ts bundled by esbuild into console.js
 * (one ES module, minified, with a source map), index.html and console.css copied beside it.
 * StaticAssets serves that directory. Run by the package's `build` script.
 */
import { copyFile, mkdir } from "node:fs/promises"
import { build } from "esbuild"

const source = new URL("./src/browser/", import.meta.url)
const out = new URL("./dist/browser/", import.meta.url)

await mkdir(out, { recursive: true })
await build({
  entryPoints: [new URL("main.ts", source).pathname],
  outfile: new URL("console.js", out).pathname,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["chrome120", "firefox120", "safari17"],
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  logLevel: "warning"
})
await Promise.all(
  ["index.html", "console.css"].map((file) => copyFile(new URL(file, source), new URL(file, out)))
)
