/**
 * The browser side, as built into dist/browser/ by the package's `build` (build-browser.ts:
 * src/browser/*.ts bundled by esbuild into console.js, index.html and console.css copied): read
 * once at start-up and served from memory. node:fs works on Node, Bun and Deno alike, so the one
 * HTTP app needs no platform FileSystem.
 *
 * @since 0.0.0
 */
import { readFile } from "node:fs/promises"
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"

const assets = [
  { route: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { route: "/console.css", file: "console.css", contentType: "text/css; charset=utf-8" },
  { route: "/console.js", file: "console.js", contentType: "text/javascript; charset=utf-8" },
  { route: "/console.js.map", file: "console.js.map", contentType: "application/json; charset=utf-8" }
] as const

// The page loads nothing from elsewhere and talks only to this server.
const securityHeaders = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache"
}

/**
 * Where the built page is: dist/browser/, two levels above this module whether it was loaded
 * from src/server/ (tests, `npm start` from source) or dist/server/.
 *
 * @since 0.0.0
 */
export const browserDir = new URL("../../dist/browser/", import.meta.url)

const missing = (file: string) =>
  new Error(
    `${new URL(file, browserDir).pathname} is missing: run the package's build (it bundles src/browser/).`
  )

/**
 * Routes that serve the browser side.
 *
 * @since 0.0.0
 */
export const StaticRoutes = HttpRouter.use((router) =>
  Effect.forEach(assets, (asset) =>
    Effect.tryPromise({
      try: () => readFile(new URL(asset.file, browserDir)),
      catch: () => missing(asset.file)
    }).pipe(
      Effect.orDie,
      Effect.flatMap((bytes) =>
        router.add(
          "GET",
          asset.route,
          HttpServerResponse.uint8Array(bytes, { contentType: asset.contentType, headers: securityHeaders })
        )
      )
    )
  )
)
