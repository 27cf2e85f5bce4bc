#!/usr/bin/env bash
# Proves `npm test` does not depend on the machine being idle: runs it N times (default 3) from
# fresh clones of HEAD while two busy loops load both cores, and prints each run's wall time.
#   bash scripts/check-under-load.sh [runs]          # stops at the first failing run
# Set COLD=1 to give every run an empty npm cache and pnpm store as well (a new machine).
set -euo pipefail
runs=${1:-3}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/uc-under-load-XXXXXX")
loaders=()
stop_load() { for pid in "${loaders[@]}"; do kill "$pid" 2>/dev/null || true; done; loaders=(); }
trap 'stop_load; rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  clone="$work/run-$i"
  git clone -q "$repo" "$clone"
  env_extra=()
  if [ "${COLD:-}" = 1 ]; then
    mkdir -p "$work/cache-$i" "$work/store-$i" "$work/uc-cache-$i"
    # The generator's validator-verdict cache too (it lives in ~/.cache otherwise).
    env_extra=(npm_config_cache="$work/cache-$i" npm_config_store_dir="$work/store-$i" pnpm_config_store_dir="$work/store-$i" UC_CONVERSATION_CACHE_DIR="$work/uc-cache-$i")
  fi
  # Two busy loops, one per core, for exactly as long as this run lasts.
  for _ in 1 2; do (exec yes >/dev/null) & loaders+=($!); done
  start=$(date +%s)
  if (cd "$clone" && env "${env_extra[@]}" CI=true bash .ci/run >"$work/run-$i.log" 2>&1); then status=passed; else status=FAILED; fi
  seconds=$(( $(date +%s) - start ))
  stop_load
  tasks=$(sed 's/\x1b\[[0-9;]*m//g' "$work/run-$i.log" | grep -E '^ *Tasks:' | tail -1 | tr -s ' ')
  echo "run $i ($(git -C "$clone" rev-parse --short HEAD)${COLD:+, cold caches}): $status in ${seconds}s with both cores loaded;${tasks:- no turbo summary}"
  if [ "$status" = FAILED ]; then
    tail -40 "$work/run-$i.log"
    trap - EXIT; stop_load; echo "kept $work for inspection"; exit 1
  fi
  rm -rf "$clone"
done
