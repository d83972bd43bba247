#!/usr/bin/env bash
# The lint and the whole test suite, against the colcon install space. Both `make test` (scripts/test.sh,
# after the set-up) and `colcon test` (CMakeLists.txt registers this script) run it: one suite, one way.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# In this repository's layout (.venv beside it) the environment is set here; in a ROS 2 workspace,
# `colcon test` has set it.
if [ -d .venv ]; then
  # shellcheck source=scripts/env.sh
  source scripts/env.sh
fi
# ROS traffic of the tests stays on this host; each test picks its own ROS_DOMAIN_ID.
export ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST
# Lint first (pyproject.toml [tool.ruff]): a finding fails the run, as a failing test does.
if [ -d .venv ] || command -v ruff >/dev/null; then
  ruff check --quiet . || { echo "error: ruff found the problems above (ruff check --fix mends the import order)" >&2; exit 1; }
else
  echo "note: ruff is not installed here (pip install -r requirements/test.txt): the lint did not run" >&2
fi
# The pytest entry point, not `python -m pytest`: the source tree must not shadow the install space.
set +e
pytest test "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
fi
exit "$status"
