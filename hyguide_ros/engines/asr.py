"""Speech recognition with faster-whisper (CTranslate2 Whisper).

The model is a size name ("small", looked up in `download_root`, where `hyguide models fetch` puts it)
or a local CTranslate2 directory. Nothing is downloaded unless `local_files_only` is turned off. Recognition is biased toward the knowledge base's place names (faster-whisper's
`hotwords`), the language is auto/ko/en (auto picks the likelier of ko and en when Whisper hears
a third), and transcripts of non-speech are dropped by Whisper's no-speech probability and the
mean token log-probability.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Protocol, runtime_checkable

import numpy as np

from ..knowledge import LANGUAGES
from .audio import SAMPLE_RATE
from .errors import EngineError, ModelNotDownloadedError, ModelNotFoundError

SIZE_NAMES = ("tiny", "base", "small", "medium", "large-v3", "large-v3-turbo", "turbo", "distil-large-v3")


@dataclass
class AsrConfig:
    model: str = "small"               # size name (in download_root) or a CTranslate2 Whisper directory
    device: str = "cpu"                # cpu, cuda or auto
    compute_type: str = "int8"         # int8 on CPU; float16 or int8_float16 on CUDA
    language: str = "auto"             # auto (ko or en, whichever is likelier), ko or en
    beam_size: int = 1
    cpu_threads: int = 0               # 0 = CTranslate2's default
    download_root: str = "~/.cache/hyguide/whisper"   # size names live here (`hyguide models fetch`)
    local_files_only: bool = True      # never download: a robot on a campus network reaches no model hub
    no_speech_threshold: float = 0.6   # drop when no-speech probability is above this ...
    log_prob_threshold: float = -1.0   # ... and the mean token log-probability below this
    max_new_tokens: int = 96           # per utterance; a spoken question is short
    hints: bool = True                 # bias recognition toward the knowledge base's place names
    hints_max_chars: int = 200

    def validate(self) -> None:
        if self.language not in ("auto", *LANGUAGES):
            raise ValueError(f"asr language must be auto, ko or en, not {self.language!r}")
        if self.beam_size < 1 or self.max_new_tokens < 1:
            raise ValueError("beam_size and max_new_tokens must be at least 1")


@dataclass
class Transcription:
    text: str
    language: str
    confidence: float = 0.0            # exp(mean token log-probability), 0..1
    no_speech_probability: float = 0.0
    dropped: str = ""                  # why it is not speech ("" = kept)
    audio_s: float = 0.0
    seconds: float = 0.0               # time spent recognising
    segments: list[str] = field(default_factory=list)

    @property
    def real_time_factor(self) -> float:
        return self.seconds / self.audio_s if self.audio_s else 0.0


@runtime_checkable
class SpeechRecognizer(Protocol):
    def transcribe(self, samples: np.ndarray, on_partial: Callable[[str], None] | None = None) -> Transcription: ...


def as_float_audio(samples: np.ndarray) -> np.ndarray:
    """int16 (or float) mono 16 kHz -> float32 in [-1, 1], what Whisper takes."""
    if samples.ndim != 1:
        raise ValueError(f"audio must be mono (1-D), not shape {samples.shape}")
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return samples.astype(np.float32)


class FasterWhisperRecognizer:
    def __init__(self, config: AsrConfig | None = None, hotwords: str = ""):
        self.config = config or AsrConfig()
        self.config.validate()
        self.hotwords = hotwords if self.config.hints else ""
        self.model = _load_whisper(self.config)

    def options(self) -> dict:
        """The keyword arguments every call to WhisperModel.transcribe gets (the benchmark reuses them)."""
        c = self.config
        return dict(beam_size=c.beam_size, no_speech_threshold=c.no_speech_threshold,
                    log_prob_threshold=c.log_prob_threshold, max_new_tokens=c.max_new_tokens,
                    condition_on_previous_text=False, hotwords=self.hotwords or None, without_timestamps=True,
                    vad_filter=False)       # our VAD has cut the utterance already

    def transcribe(self, samples: np.ndarray, on_partial: Callable[[str], None] | None = None) -> Transcription:
        start = time.perf_counter()
        audio = as_float_audio(samples)
        language = None if self.config.language == "auto" else self.config.language
        segments, info = self.model.transcribe(audio, language=language, **self.options())
        if language is None and info.language not in LANGUAGES:
            # Whisper heard a third language; decode again as the likelier of ko/en.
            probs = dict(info.all_language_probs or [])
            language = max(LANGUAGES, key=lambda lang: probs.get(lang, 0.0))
            segments, info = self.model.transcribe(audio, language=language, **self.options())
        texts, logprobs, no_speech = [], [], 0.0
        for segment in _iterate(segments):
            no_speech = max(no_speech, segment.no_speech_prob)
            if segment.text.strip():
                texts.append(segment.text.strip())
                logprobs.append(segment.avg_logprob)
                if on_partial is not None:
                    on_partial(" ".join(texts))
        text = " ".join(texts).strip()
        result = Transcription(text=text, language=language or info.language, audio_s=audio.size / SAMPLE_RATE,
                               no_speech_probability=no_speech, segments=texts,
                               confidence=math.exp(sum(logprobs) / len(logprobs)) if logprobs else 0.0)
        if not text:
            result.dropped = "no speech recognised"
        elif no_speech > self.config.no_speech_threshold and \
                sum(logprobs) / len(logprobs) < self.config.log_prob_threshold:
            result.dropped = f"no-speech probability {no_speech:.2f}"
        result.seconds = time.perf_counter() - start
        return result


def _iterate(segments: Iterator) -> Iterator:
    try:
        yield from segments
    except RuntimeError as exc:                # CTranslate2 errors surface while decoding
        raise EngineError(f"faster-whisper failed while decoding: {exc}") from None


def _load_whisper(config: AsrConfig):
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        raise ModelNotFoundError("faster-whisper is not installed: pip install faster-whisper") from None
    model = config.model
    local = Path(model).expanduser()
    if local.is_dir():
        if not (local / "model.bin").exists():
            raise ModelNotFoundError(f"{local} is not a CTranslate2 Whisper directory (no model.bin); convert one "
                                     f"with `ct2-transformers-converter --model openai/whisper-small "
                                     f"--output_dir DIR --copy_files tokenizer.json preprocessor_config.json`")
        return _whisper(str(local), config, None)
    if "/" in model and not model.count("/") == 1 or model.startswith((".", "~")):
        raise ModelNotFoundError(f"Whisper model directory not found: {local} (or give a size name: "
                                 f"{', '.join(SIZE_NAMES)})")
    download_root = str(Path(config.download_root).expanduser()) if config.download_root else None
    if config.local_files_only:           # a size name or a hub id: only from the cache
        from faster_whisper.utils import download_model
        try:
            model = download_model(model, cache_dir=download_root, local_files_only=True)
        except Exception:          # huggingface_hub's "not in the cache" (or an unknown size name)
            where = download_root or "the Hugging Face cache"
            raise ModelNotDownloadedError(
                f"Whisper model {config.model!r} is not on this machine (looked in {where}); on a connected machine run `hyguide models fetch --asr {config.model}` and copy "
                f"~/.cache/hyguide to the robot, or give asr model:=<a CTranslate2 directory>") from None
    return _whisper(model, config, download_root)


def _whisper(model: str, config: AsrConfig, download_root: str | None):
    from faster_whisper import WhisperModel
    try:
        return WhisperModel(model, device=config.device, compute_type=config.compute_type,
                            cpu_threads=config.cpu_threads, download_root=download_root,
                            local_files_only=config.local_files_only)
    except Exception as exc:       # hub errors, CTranslate2 errors: one clear message
        raise ModelNotFoundError(f"cannot load Whisper model {config.model!r}: {exc}. Give a CTranslate2 "
                                 f"directory, or a size name ({', '.join(SIZE_NAMES)}) fetched with "
                                 f"`hyguide models fetch`") from None
