#!/usr/bin/env bash
# `make run`: start the guide node, ask it one question over ROS 2 (guide/ask service), print the reply.
# (SIGTERM on exit: background jobs of a non-interactive shell ignore SIGINT.)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-$(( RANDOM % 100 + 1 ))}   # private graph unless the caller chose one
export ROS_AUTOMATIC_DISCOVERY_RANGE=${ROS_AUTOMATIC_DISCOVERY_RANGE:-LOCALHOST}
question=${1:-"한양플라자 어디야?"}

guide_node --ros-args -r __ns:=/hyguide --params-file config/guide.yaml --log-level WARN &
node_pid=$!
trap 'kill -TERM $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT
echo "Q: $question"
printf 'A: '
ask_guide "$question" --namespace /hyguide
