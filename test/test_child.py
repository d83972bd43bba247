"""A native crash in a child process fails one call (one test), with the work and the signal named;
the caller, and the rest of a test run, go on."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from llama_checks import segfault

from hyguide_train.child import ChildCrashed, run_in_child
from hyguide_train.errors import TrainError


def test_a_result_comes_back():
    assert run_in_child("addition", sum, [1, 2, 3]) == 6


def test_a_segfault_is_an_error_naming_the_work_and_the_signal():
    with pytest.raises(ChildCrashed, match=r"llama\.cpp on model-Q4_0\.gguf: the process died of SIGSEGV \(signal 11\)"):
        run_in_child("llama.cpp on model-Q4_0.gguf", segfault)
    assert run_in_child("after the crash", max, 3, 7) == 7          # this process is fine


def test_an_exception_in_the_child_comes_back_with_its_message():
    with pytest.raises(TrainError, match=r"int\(\) failed: ValueError: invalid literal"):
        run_in_child("int()", int, "not a number")


def test_a_child_past_its_time_is_stopped():
    with pytest.raises(ChildCrashed, match=r"sleeping: no result within 1 s"):
        run_in_child("sleeping", __import__("time").sleep, 30, timeout_s=1)


def test_a_test_run_goes_on_after_a_crashing_test(tmp_path):
    tests = tmp_path / "test_crash.py"
    tests.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from llama_checks import segfault
        from hyguide_train.child import run_in_child

        def test_crashes():
            run_in_child("llama.cpp on a bad file", segfault)

        def test_after_it():
            assert run_in_child("a sum", sum, [2, 2]) == 4
    """))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr          # failures, not a dead process (-11)
    assert "1 failed, 1 passed" in done.stdout, done.stdout
    assert "llama.cpp on a bad file: the process died of SIGSEGV" in done.stdout, done.stdout
