# Sourced by scripts/*.sh. Puts a Node >= 22.19 and pnpm on PATH.
# A user who already has both pays nothing; otherwise Node 24 and the pinned pnpm are
# installed from the npm registry into .toolchain/ (Corepack and pnpm's own runtime
# download cannot work on machines that only reach package registries).
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=19)?0:1)'
}

pnpm_ok() {
  command -v pnpm >/dev/null 2>&1 || return 1
  local major
  major=$(pnpm --version 2>/dev/null | cut -d. -f1)
  [ -n "$major" ] && [ "$major" -ge 10 ]
}

export PATH="$repo_root/node_modules/.bin:$PATH"
if ! node_ok || ! pnpm_ok; then
  tc="$repo_root/.toolchain"
  if [ ! -x "$tc/node_modules/.bin/node" ] || [ ! -x "$tc/node_modules/.bin/pnpm" ] \
     || [ "$tc/package.json" -nt "$tc/node_modules/.package-lock.json" ]; then
    echo "[toolchain] installing Node 24 and pnpm into .toolchain/ (one time)" >&2
    (cd "$tc" && npm install --no-audit --no-fund --loglevel=error) >&2 || {
      echo "[toolchain] npm install in .toolchain/ failed" >&2; exit 1; }
  fi
  export PATH="$tc/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
