"""What `make setup` promises: the locked versions installed, and the commands on the PATH of scripts/env.sh."""
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_environment_is_exactly_the_lock():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_lock.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "locked packages installed at their versions" in done.stdout


def test_the_lock_was_made_from_the_current_requirements():
    # the same digest as scripts/setup.sh and scripts/lock.sh: requirements/*.txt without comment lines
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "requirements").glob("*.txt")))
    digest = hashlib.sha256("".join(l for l in text.splitlines(keepends=True) if not l.startswith("#")).encode()).hexdigest()
    assert f"# requirements: {digest[:16]}" in (ROOT / "requirements" / "all.lock").read_text(encoding="utf-8")


def test_hyguide_and_hyguide_train_are_on_the_path():
    for command in ("hyguide", "hyguide-train"):
        assert shutil.which(command), f"{command} is not on the PATH of scripts/env.sh"
    done = subprocess.run(["hyguide", "ask", "--json", "Where is Building 105?"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["place_ids"] == ["b105"]
