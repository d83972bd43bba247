#!/usr/bin/env bash
# `make test`: set up if needed, then the lint and the whole test suite (scripts/run_tests.sh, which
# `colcon test` runs too).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
exec bash scripts/run_tests.sh "$@"
