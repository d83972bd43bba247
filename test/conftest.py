"""Shared fixtures: the guide, and the voice tests' tiny models (tiny_models.py) and espeak-ng speech, made once."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))      # the tests' helpers: tiny_models, openai_server, ...
from tiny_models import make_tiny_gguf, make_tiny_piper_voice, make_tiny_whisper, speak  # noqa: E402

from hyguide_ros.guide import CampusGuide  # noqa: E402


@pytest.fixture(scope="session")
def guide() -> CampusGuide:
    return CampusGuide()


@pytest.fixture(scope="session")
def sft_dataset(tmp_path_factory):
    """`hyguide-train dataset build` output (templates, default settings): (directory, BuildResult)."""
    from hyguide_train.dataset import DatasetConfig, build_dataset
    out = tmp_path_factory.mktemp("sft")
    return out, build_dataset(DatasetConfig(out_dir=out), progress=False)


@dataclass
class VoiceModels:
    whisper: Path
    voice_ko: Path
    voice_en: Path
    gguf: Path
    question_ko: Path            # "한양플라자 어디에 있어요?" spoken, 22.05 kHz
    question_en: Path


@pytest.fixture(scope="session")
def voice_models(tmp_path_factory) -> VoiceModels:
    root = tmp_path_factory.mktemp("voice-models")
    return VoiceModels(whisper=make_tiny_whisper(root / "whisper-ct2"),
                       voice_ko=make_tiny_piper_voice(root / "ko.onnx", "ko"),
                       voice_en=make_tiny_piper_voice(root / "en.onnx", "en-us"),
                       gguf=make_tiny_gguf(root / "tiny.gguf"),
                       question_ko=speak("한양플라자 어디에 있어요?", root / "question_ko.wav", "ko"),
                       question_en=speak("How do I get to the library?", root / "question_en.wav", "en"))
