"""The one error type of the engines, and the check every model path goes through."""
from __future__ import annotations

from pathlib import Path


class EngineError(RuntimeError):
    """An engine cannot start or run; the message says what is missing and how to get it."""


class ModelNotFoundError(EngineError):
    """A model, voice or library the engine needs is not there."""


class ModelNotDownloadedError(ModelNotFoundError):
    """A model named by its download name (a Whisper size, a piper voice name) that is not on this machine.

    The default configuration names such models and never downloads them (a robot on a campus network
    reaches no model hub): the nodes then run without it and say how to get it (`hyguide models fetch`).
    """


def require_file(path: str | Path, what: str, how: str) -> Path:
    """`path` as a Path if it exists, else a ModelNotFoundError naming `what` and `how` to get it."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ModelNotFoundError(f"{what} not found: {p} ({how})")
    return p
