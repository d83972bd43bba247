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
    digest = hashlib.sha256("".join(line for line in text.splitlines(keepends=True) if not line.startswith("#")).encode()).hexdigest()
    assert f"# requirements: {digest[:16]}" in (ROOT / "requirements" / "all.lock").read_text(encoding="utf-8")


def test_hyguide_and_hyguide_train_are_on_the_path():
    for command in ("hyguide", "hyguide-train"):
        assert shutil.which(command), f"{command} is not on the PATH of scripts/env.sh"
    done = subprocess.run(["hyguide", "ask", "--json", "Where is Building 105?"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["place_ids"] == ["b105"]


STUB_PYTHON = """#!/usr/bin/env bash
# A stand-in for python3.11: `-m venv DIR` makes DIR/bin/{python,pip}; the pip logs its calls and
# fails to build a wheel, as on a machine without a compiler.
echo "python $*" >> "$STEPS"
if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin"; cp "$0" "$3/bin/python"
  printf '#!/usr/bin/env bash\\necho "pip $*" >> "$STEPS"\\n[ "$1" = wheel ] && { echo "cmake: compiler broke"; exit 1; }\\nexit 0\\n' > "$3/bin/pip"
  chmod +x "$3/bin/pip"
fi
"""


def test_a_machine_that_never_built_the_project_makes_the_venv_before_using_its_pip(tmp_path):
    """The order of scripts/setup.sh on an empty cache: venv, its pip, then the llama.cpp wheel, whose
    failure shows its own log (it used to run .venv/bin/pip before .venv existed and blame cmake)."""
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    shutil.copytree(ROOT / "requirements", root / "requirements")
    stub = tmp_path / "python3.11"
    stub.write_text(STUB_PYTHON, encoding="utf-8")
    stub.chmod(0o755)
    steps = tmp_path / "steps.log"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "HYGUIDE_PYTHON": str(stub), "STEPS": str(steps), "TMPDIR": str(tmp_path)}
    done = subprocess.run(["bash", str(root / "scripts" / "setup.sh")], capture_output=True, text=True, env=env,
                          timeout=120)
    calls = steps.read_text(encoding="utf-8").splitlines()
    assert done.returncode == 1
    assert calls[0].startswith("python -m venv ") and calls[1].startswith("pip install") and "pip==" in calls[1]
    assert calls[2].startswith("pip wheel") and "llama-cpp-python==" in calls[2]
    assert "cmake: compiler broke" in done.stderr and "did not build" in done.stderr
    assert "needs gcc, g++ and cmake" not in done.stderr
    assert not list((tmp_path / "cache" / "hyguide" / "wheels").glob("*/*.whl"))
