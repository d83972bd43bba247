#!/usr/bin/env python3
"""Compare what is installed in this Python environment with requirements/all.lock.

Every locked package must be installed at its locked version. Every other installed distribution
must be accounted for: shipped inside a locked wheel (the ROS 2 wheels carry rclpy, std_msgs, ...
as distributions of their own) or built from ../shared/ros2-tools' sources (launch, ros2cli, ...).
Exit 0 and one summary line when they agree; else exit 1 and list the differences.

    .venv/bin/python scripts/check_lock.py [requirements/all.lock]
"""
from __future__ import annotations

import re
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

ALWAYS_THERE = {"pip"}        # the venv's own installer, not something the set-up chooses


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.strip().split("==")
            pins[canonical(name)] = version
    return pins


def from_local_source(dist: metadata.Distribution) -> bool:
    """Installed from a folder (pip records direct_url.json with a file:// url and a dir_info)."""
    text = dist.read_text("direct_url.json") or ""
    return '"dir_info"' in text


def main(argv: list[str]) -> int:
    lock_path = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "requirements" / "all.lock"
    pins = read_lock(lock_path)
    # this environment's own site-packages: not the colcon install space that PYTHONPATH may add
    site = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    installed = {canonical(d.metadata["Name"]): d for d in metadata.distributions(path=site)}
    problems = []
    for name, version in pins.items():
        if name not in installed:
            problems.append(f"missing: {name}=={version}")
        elif installed[name].version != version:
            problems.append(f"wrong version: {name} {installed[name].version} (locked {version})")
    # metadata folders (dist-info, egg-info) listed in the RECORD of a locked wheel belong to that wheel
    shipped = set()
    for name in pins.keys() & installed.keys():
        for file in installed[name].files or []:
            found = re.match(r"(.+?)-\d[^/]*\.(?:dist|egg)-info$", file.parts[0]) if file.parts else None
            if found:
                shipped.add(canonical(found.group(1)))
    local = sorted(n for n, d in installed.items() if n not in pins and from_local_source(d))
    extra = sorted(n for n in installed if n not in pins and n not in shipped and n not in ALWAYS_THERE
                   and n not in local)
    problems += [f"not in the lock: {n}=={installed[n].version}" for n in extra]
    if problems:
        print(f"{lock_path.name}: the environment differs from the lock:", *problems, sep="\n  ")
        return 1
    print(f"{lock_path.name}: {len(pins)} locked packages installed at their versions; "
          f"{len(shipped - pins.keys())} shipped inside locked wheels; {len(local)} from local sources "
          f"({', '.join(local) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
