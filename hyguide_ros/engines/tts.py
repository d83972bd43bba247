"""Speech synthesis with piper: one voice per reply language, sentence by sentence.

A voice is a local `.onnx` file (its `.onnx.json` beside it) or a voice name that piper downloads
once into `download_dir` (e.g. en_US-lessac-medium). Synthesising each sentence as it arrives
lets the robot start speaking before the reply is complete.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import EngineError, ModelNotFoundError


@dataclass
class TtsConfig:
    voices: dict[str, str] = field(default_factory=lambda: {"ko": "", "en": "en_US-lessac-medium"})
    download_dir: str = "~/.cache/hyguide/piper"   # where voice names are downloaded to
    length_scale: float = 1.0          # > 1 speaks slower
    volume: float = 1.0
    use_cuda: bool = False


@dataclass
class Speech:
    samples: np.ndarray                # int16 mono
    sample_rate: int
    seconds: float = 0.0               # time spent synthesising

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.sample_rate if self.sample_rate else 0.0


class SpeechSynthesizer(Protocol):
    def synthesize(self, text: str, language: str) -> Speech: ...


def resolve_voice(voice: str, download_dir: str) -> Path:
    """A voice file for `voice`: a path to an .onnx file, or a piper voice name (downloaded once)."""
    path = Path(voice).expanduser()
    if voice.endswith(".onnx") or "/" in voice:
        if not path.is_file():
            raise ModelNotFoundError(f"piper voice not found: {path} (give a .onnx voice file with its .onnx.json, "
                                     f"or a voice name such as en_US-lessac-medium)")
        if not Path(f"{path}.json").is_file():
            raise ModelNotFoundError(f"piper voice config not found: {path}.json (it comes with the voice)")
        return path
    directory = Path(download_dir).expanduser()
    cached = directory / f"{voice}.onnx"
    if not cached.is_file():
        try:
            from piper.download_voices import download_voice
            directory.mkdir(parents=True, exist_ok=True)
            download_voice(voice, directory)
        except Exception as exc:
            raise ModelNotFoundError(f"cannot download piper voice {voice!r} into {directory}: {exc}. "
                                     f"Download it on a connected machine with `python -m piper.download_voices "
                                     f"{voice} --data-dir DIR` and give the .onnx path") from None
    return cached


class PiperSynthesizer:
    def __init__(self, config: TtsConfig | None = None):
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise ModelNotFoundError("piper-tts is not installed: pip install piper-tts") from None
        self.config = config or TtsConfig()
        self._syn = SynthesisConfig(length_scale=self.config.length_scale, volume=self.config.volume)
        self.voices = {}
        for language, voice in self.config.voices.items():
            if not voice:
                continue
            path = resolve_voice(voice, self.config.download_dir)
            try:
                self.voices[language] = PiperVoice.load(path, use_cuda=self.config.use_cuda)
            except Exception as exc:
                raise EngineError(f"piper cannot load voice {path}: {exc}") from None
        if not self.voices:
            raise ModelNotFoundError("no piper voice configured: set tts voices.ko and/or voices.en")

    def voice_for(self, language: str):
        """The voice of `language`, else the first configured one (a reply is better said than dropped)."""
        return self.voices.get(language) or next(iter(self.voices.values()))

    def synthesize(self, text: str, language: str) -> Speech:
        start = time.perf_counter()
        voice = self.voice_for(language)
        parts = [chunk.audio_int16_array for chunk in voice.synthesize(text, syn_config=self._syn)]
        samples = np.concatenate(parts) if parts else np.zeros(0, np.int16)
        return Speech(samples, voice.config.sample_rate, time.perf_counter() - start)
