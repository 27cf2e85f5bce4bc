// Build step: ship the OpenAPI document inside dist/, so the published package validates
// requests without the monorepo around it (src/internal/spec.ts looks for it there first).
import { copyFileSync, mkdirSync } from "node:fs"
import { fileURLToPath } from "node:url"

const from = fileURLToPath(new URL("../../../spec/conversation.openapi.yaml", import.meta.url))
const to = fileURLToPath(new URL("../dist/conversation.openapi.yaml", import.meta.url))
mkdirSync(fileURLToPath(new URL("../dist/", import.meta.url)), { recursive: true })
copyFileSync(from, to)
console.log(`copied ${from} -> ${to}`)
