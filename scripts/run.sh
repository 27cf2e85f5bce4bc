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
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Set by an outer bootstrap (npm.sh, an outer run.sh, spec:update): the toolchain is on PATH and
# the workspace installed, so a nested command starts at once and never reinstalls.
if [ "${UC_BOOTSTRAPPED:-}" != 1 ]; then
  source "$repo_root/scripts/toolchain.sh"
  source "$repo_root/scripts/provision.sh"
  ensure_workspace
  export UC_BOOTSTRAPPED=1
fi
if [ -n "$needs" ]; then
  declare -F ensure_openapi_generator_jar >/dev/null || source "$repo_root/scripts/provision.sh"
  for need in ${needs//,/ }; do
    case "$need" in
      jar) ensure_openapi_generator_jar ;;
      chromium) ensure_chromium ;;
      schemathesis) ensure_schemathesis ;;
      *) echo "scripts/run.sh: unknown --with item '$need'" >&2; exit 2 ;;
    esac
  done
fi
cd "$repo_root"
exec "$@"
