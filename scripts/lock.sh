#!/usr/bin/env bash
# `make lock`: resolve requirements/*.txt (pip's resolver) and write every package the set-up installs,
# pinned, to requirements/all.lock. Versions already locked are kept (a new requirement adds only what
# it needs); HYGUIDE_LOCK_FRESH=1 resolves everything afresh, newest versions the ranges allow. The
# set-up installs exactly that set; commit the new lock after `make test` has passed with it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${HYGUIDE_PYTHON:-python3.11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" -m venv "$work/venv"
reqs=()
for f in requirements/*.txt; do reqs+=(-r "$f"); done
if [[ -f requirements/all.lock && "${HYGUIDE_LOCK_FRESH:-0}" != 1 ]]; then
    grep -v '^#' requirements/all.lock > "$work/keep.txt"
    reqs+=(-c "$work/keep.txt")
fi
echo "[lock] resolving ${reqs[*]} (about a minute)" >&2
# --ignore-installed: the report lists every package, as on a fresh venv; nothing is installed.
"$work/venv/bin/pip" install --disable-pip-version-check -q --dry-run --ignore-installed \
    --report "$work/report.json" "${reqs[@]}" 2> >(grep -v "is ignored: it is neither" >&2)
reqs_hash=$(cat requirements/*.txt | grep -v '^#' | sha256sum | cut -c1-16)
"$work/venv/bin/python" - "$work/report.json" "$reqs_hash" > requirements/all.lock.tmp <<'PY'
import json, platform, re, sys
report = json.load(open(sys.argv[1]))
pins = sorted((re.sub(r"[-_.]+", "-", i["metadata"]["name"]).lower(), i["metadata"]["version"]) for i in report["install"])
print("# Every package `make setup` installs, at the versions the test suite passed with. Made by")
print("# `make lock` (pip's resolver over requirements/*.txt); do not edit by hand.")
print(f"# requirements: {sys.argv[2]}")
print(f"# resolved for: CPython {platform.python_version()} on {platform.system()} {platform.machine()}")
for name, version in pins:
    print(f"{name}=={version}")
PY
mv requirements/all.lock.tmp requirements/all.lock
echo "[lock] wrote requirements/all.lock ($(grep -vc '^#' requirements/all.lock) packages)" >&2
