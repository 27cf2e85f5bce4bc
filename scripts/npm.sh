#!/usr/bin/env bash
# Entry point for `npm test` and `npm start`: works on a fresh clone with only Node 20 and npm.
set -euo pipefail
cmd=${1:-test}; shift || true
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$repo_root"
source scripts/provision.sh

pnpm install --frozen-lockfile --reporter=silent

case "$cmd" in
  test)
    ensure_openapi_generator_jar
    ensure_schemathesis
    ensure_chromium
    exec turbo run lint check:generated typecheck test test:bun test:deno lint:package e2e release:dry --output-logs=new-only "$@"
    ;;
  start)
    # The agent console on Node with the embedded mock; `-- --runtime bun|deno`, `-- --port N`.
    turbo run build --filter=@uc-conversation/agent-console... --output-logs=errors-only
    exec node apps/agent-console/src/launch.ts "$@"
    ;;
  *)
    echo "usage: scripts/npm.sh test|start" >&2; exit 2 ;;
esac
