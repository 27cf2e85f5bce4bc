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
    exec turbo run lint check:generated typecheck test test:bun test:deno lint:package e2e --output-logs=new-only "$@"
    ;;
  *)
    echo "usage: scripts/npm.sh test" >&2; exit 2 ;;
esac
