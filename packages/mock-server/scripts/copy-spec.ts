// Build step: ship the OpenAPI document inside dist/, so the published package validates
// requests without the monorepo around it (src/internal/spec.ts looks for it there first).
// The document is the one the spec package ships, found through the package, not a path.
import { copyFileSync, mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { DEFAULT_SPEC } from "@uc-conversation/spec"

const to = fileURLToPath(new URL("../dist/conversation.openapi.yaml", import.meta.url))
mkdirSync(fileURLToPath(new URL("../dist/", import.meta.url)), { recursive: true })
copyFileSync(DEFAULT_SPEC, to)
console.log(`copied ${DEFAULT_SPEC} -> ${to}`)
