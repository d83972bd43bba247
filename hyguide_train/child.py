"""Run native code that may crash (llama.cpp) in a child process.

A segmentation fault in llama.cpp's CPU kernels kills the process it runs in. Run there, it would end
a whole evaluation or test run with no word of what failed; run here, it becomes a `ChildCrashed`
error that names the work and the signal, and the caller goes on. The child is started with
"spawn" (a fresh interpreter: no threads or native state inherited), so `fn` must be a module-level
function and its arguments and result picklable.
"""
from __future__ import annotations

import multiprocessing
import signal
import traceback
from typing import Any, Callable

from .errors import TrainError

CRASH_HINT = ("if llama.cpp is at fault, rebuild llama-cpp-python portably (`make setup` does: "
              "GGML_NATIVE=OFF) or load models with HYGUIDE_LLAMA_EXTRA_BUFTS=0 (no repacked CPU weights)")


class ChildCrashed(TrainError):
    """The child process died without a result (a signal, or an exit without an answer)."""


def _child_main(send, fn: Callable, args: tuple, kwargs: dict) -> None:
    try:
        outcome = ("ok", fn(*args, **kwargs))
    except BaseException as exc:       # noqa: BLE001 - every failure goes back to the parent
        outcome = ("error", (isinstance(exc, TrainError), f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    send.send(outcome)
    send.close()


def run_in_child(what: str, fn: Callable, *args: Any, timeout_s: float | None = None, **kwargs: Any) -> Any:
    """fn(*args, **kwargs) in a child process; its result, or its exception as a TrainError.

    `what` names the work in messages ("llama.cpp on model-Q4_K_M.gguf"). A child that dies of a
    signal, exits without a result or runs past `timeout_s` raises `ChildCrashed`.
    """
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(send, fn, args, kwargs), name=f"hyguide: {what}")
    process.start()
    send.close()                       # ours is closed, so recv() sees EOF when the child dies
    outcome, timed_out = None, False
    try:
        if receive.poll(timeout_s):
            outcome = receive.recv()
        else:
            timed_out = True
    except EOFError:
        pass                           # the child died before it could answer
    finally:
        receive.close()
    process.join(None if outcome is None and not timed_out else 10)
    if process.is_alive():
        process.kill()
        process.join()
    if timed_out:
        raise ChildCrashed(f"{what}: no result within {timeout_s} s; the process was stopped")
    if outcome is None:
        code = process.exitcode
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else "a signal"
            raise ChildCrashed(f"{what}: the process died of {name} (signal {-code}); {CRASH_HINT}")
        raise ChildCrashed(f"{what}: the process exited with code {code} and no result")
    kind, value = outcome
    if kind == "ok":
        return value
    is_train_error, message, child_traceback = value
    if is_train_error:
        raise TrainError(message)
    raise TrainError(f"{what} failed: {message}\n(in the child process)\n{child_traceback}")
