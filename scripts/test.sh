#!/usr/bin/env bash
# `make test`: set up if needed, then run the whole test suite against the colcon install space.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
# ROS traffic of the tests stays on this host; each test picks its own ROS_DOMAIN_ID.
export ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST
# The pytest entry point, not `python -m pytest`: the source tree must not shadow the install space.
set +e
pytest test "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
fi
exit "$status"
