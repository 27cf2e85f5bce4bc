#!/usr/bin/env bash
# Runs one maintainer command with the project's toolchain, from the repository root:
#   bash scripts/run.sh [--with jar|chromium|schemathesis[,…]] <command> [args…]
# Every root package.json script goes through here, so `npm run <script>` works on a machine with
# only Node 20 and npm (the same bootstrap as `npm start`), and `pnpm <script>` where Node >= 22.19
# and pnpm are already installed (then the bootstrap costs nothing).
set -euo pipefail
needs=""
if [ "${1:-}" = "--with" ]; then needs=${2:?--with needs a list}; shift 2; fi
[ $# -gt 0 ] || { echo "usage: scripts/run.sh [--with jar,chromium,schemathesis] <command> [args…]" >&2; exit 2; }
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$repo_root"
source scripts/provision.sh
ensure_workspace
for need in ${needs//,/ }; do
  case "$need" in
    jar) ensure_openapi_generator_jar ;;
    chromium) ensure_chromium ;;
    schemathesis) ensure_schemathesis ;;
    *) echo "scripts/run.sh: unknown --with item '$need'" >&2; exit 2 ;;
  esac
done
exec "$@"
