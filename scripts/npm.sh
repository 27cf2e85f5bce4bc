#!/usr/bin/env bash
# Entry point for `npm test` and `npm start`: works on a fresh clone with only Node 20 and npm.
set -euo pipefail
cmd=${1:-test}; shift || true
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$repo_root"
source scripts/provision.sh

ensure_workspace
# Nested `bash scripts/run.sh …` (root scripts run by turbo tasks) skip the bootstrap just done.
export UC_BOOTSTRAPPED=1

case "$cmd" in
  test)
    ensure_openapi_generator_jar
    ensure_schemathesis
    ensure_chromium
    # After the install nothing may reach a package registry: point npm, pnpm and Deno at a port
    # nobody listens on, so an attempt fails at once and loudly instead of passing on a warm cache.
    export npm_config_registry=http://127.0.0.1:9/ NPM_CONFIG_REGISTRY=http://127.0.0.1:9/
    # Two cores: each task below may itself run workers, a browser or a JVM. Three at a time keeps
    # the load near what the machine carries (ten at once reached load 15) at a small cost in wall time.
    exec turbo run lint check:generated typecheck test test:bun test:deno lint:package e2e release:dry \
      --concurrency="${UC_TEST_CONCURRENCY:-3}" --output-logs=new-only "$@"
    ;;
  start)
    # The agent console on Node with the embedded mock; `-- --runtime bun|deno`, `-- --port N`.
    turbo run build --filter=@uc-conversation/agent-console... --output-logs=errors-only
    exec node apps/agent-console/src/launch.ts "$@"
    ;;
  *)
    echo "usage: scripts/npm.sh test|start" >&2; exit 2 ;;
esac
