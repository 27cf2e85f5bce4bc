# Sourced by scripts/npm.sh and scripts/run.sh. Provisions what the commands need beyond the
# toolchain, each step idempotent and skipped when already satisfied.

# The workspace's node_modules, from the committed lockfile. This is the only step of `npm test`
# that may reach a package registry; every later step works from what it installed.
ensure_workspace() {
  local state="$repo_root/node_modules/.modules.yaml"
  if [ -f "$state" ] && [ "$state" -nt "$repo_root/pnpm-lock.yaml" ] && [ "$state" -nt "$repo_root/pnpm-workspace.yaml" ]; then
    return 0
  fi
  (cd "$repo_root" && pnpm install --frozen-lockfile --reporter=silent)
}

OPENAPI_GENERATOR_VERSION=$(node -e 'console.log(require(process.argv[1])["generator-cli"].version)' "$repo_root/spec/openapitools.json")
export OPENAPI_GENERATOR_JAR="$repo_root/spec/.openapi-generator/jars/$OPENAPI_GENERATOR_VERSION.jar"

# The npm wrapper would download the JAR from a host these machines cannot reach;
# Maven Central (through the configured mirror) can serve the same artifact.
ensure_openapi_generator_jar() {
  [ -s "$OPENAPI_GENERATOR_JAR" ] && return 0
  command -v mvn >/dev/null 2>&1 || { echo "[provision] Maven is needed to fetch openapi-generator-cli $OPENAPI_GENERATOR_VERSION" >&2; return 1; }
  local dir tmp
  dir=$(dirname "$OPENAPI_GENERATOR_JAR"); mkdir -p "$dir"; tmp=$(mktemp -d)
  echo "[provision] fetching openapi-generator-cli $OPENAPI_GENERATOR_VERSION with Maven" >&2
  mvn -q -B dependency:copy "-Dartifact=org.openapitools:openapi-generator-cli:$OPENAPI_GENERATOR_VERSION" "-DoutputDirectory=$tmp" >&2 \
    && mv "$tmp/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar" "$OPENAPI_GENERATOR_JAR"
  local rc=$?; rm -rf "$tmp"; return $rc
}

# Browser tests drive Debian's Chromium; a test tool's own browser download cannot work here.
ensure_chromium() {
  export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
  [ -x "$CHROMIUM_PATH" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[provision] installing chromium with apt-get" >&2
    local log; log=$(mktemp)
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"; return 1
    fi
    rm -f "$log"
  else
    echo "[provision] Chromium not found at $CHROMIUM_PATH; install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
    return 1
  fi
}

# schemathesis (PyPI) checks the mock server against the spec; it lives in a repo-local venv.
ensure_schemathesis() {
  local venv="$repo_root/.toolchain/venv" want
  want=$(cat "$repo_root/.toolchain/requirements.txt")
  export SCHEMATHESIS_BIN="$venv/bin/schemathesis"
  if [ -x "$SCHEMATHESIS_BIN" ] && [ "$venv/.installed" -nt "$repo_root/.toolchain/requirements.txt" ]; then return 0; fi
  echo "[provision] installing schemathesis into .toolchain/venv" >&2
  python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q -r "$repo_root/.toolchain/requirements.txt" >&2 && touch "$venv/.installed"
}
