/**
 * The browser side (public/): three files read once at start-up and served from memory.
 * node:fs works on Node, Bun and Deno alike, so the one HTTP app needs no platform FileSystem.
 *
 * @since 0.0.0
 */
import { readFile } from "node:fs/promises"
import { Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"

const assets = [
  { route: "/", file: "index.html", contentType: "text/html; charset=utf-8" },
  { route: "/console.css", file: "console.css", contentType: "text/css; charset=utf-8" },
  { route: "/console.js", file: "console.js", contentType: "text/javascript; charset=utf-8" }
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
 * Where public/ is: beside src/ and dist/, whichever this module was loaded from.
 *
 * @since 0.0.0
 */
export const publicDir = new URL("../../public/", import.meta.url)

/**
 * Routes that serve the browser side.
 *
 * @since 0.0.0
 */
export const StaticRoutes = HttpRouter.use((router) =>
  Effect.forEach(assets, (asset) =>
    Effect.promise(() => readFile(new URL(asset.file, publicDir))).pipe(
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
