"""Voice activity detection: silero's ONNX model (from the silero-vad wheel) on onnxruntime, and a
streaming segmenter that turns per-chunk speech probabilities into utterances.

The segmenter keeps hysteresis (start at `threshold`, end below `neg_threshold`), ignores blips
shorter than `min_speech_ms`, ends after `min_silence_ms` of silence, keeps `pre_roll_ms` of audio
before the start (the first syllable is quiet), splits at `max_utterance_s`, and can be muted
while the robot speaks.
"""
from __future__ import annotations

import importlib.util
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .audio import CHUNK_SAMPLES, SAMPLE_RATE
from .errors import EngineError, ModelNotFoundError, require_file

_CONTEXT_SAMPLES = 64      # silero v5+ looks at the last 64 samples of the previous chunk


@dataclass
class VadConfig:
    model_path: str = ""            # silero ONNX file; "" = the one inside the silero-vad wheel
    threshold: float = 0.5          # speech starts at this probability
    neg_threshold: float = -1.0     # and ends below this one; < 0 = threshold - 0.15
    min_speech_ms: int = 250        # shorter bursts are not speech
    min_silence_ms: int = 500       # silence that ends an utterance
    pre_roll_ms: int = 300          # audio kept from before the start
    max_utterance_s: float = 15.0   # longer speech is split here
    threads: int = 1                # onnxruntime intra-op threads

    def validate(self) -> None:
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be between 0 and 1, not {self.threshold}")
        if self.neg_threshold >= self.threshold:
            raise ValueError(f"neg_threshold ({self.neg_threshold}) must be below threshold ({self.threshold})")
        if self.max_utterance_s <= 0 or self.min_silence_ms < 0 or self.min_speech_ms < 0 or self.pre_roll_ms < 0:
            raise ValueError("durations must not be negative and max_utterance_s must be positive")

    @property
    def end_threshold(self) -> float:
        return self.neg_threshold if self.neg_threshold >= 0 else max(0.01, self.threshold - 0.15)


def silero_model_path() -> Path:
    """The ONNX model file shipped in the silero-vad wheel (found without importing the package, which imports torch)."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or spec.origin is None:
        raise ModelNotFoundError("silero-vad is not installed: pip install silero-vad "
                                 "(or give vad model_path, a silero_vad.onnx file)")
    return require_file(Path(spec.origin).parent / "data" / "silero_vad.onnx", "silero VAD model",
                        "reinstall silero-vad")


class SileroVad:
    """Speech probability of each 512-sample chunk at 16 kHz, with silero's recurrent state carried over."""

    def __init__(self, model_path: str = "", threads: int = 1):
        import onnxruntime

        path = require_file(model_path, "silero VAD model", "give a silero_vad.onnx file") if model_path \
            else silero_model_path()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        try:
            self._session = onnxruntime.InferenceSession(str(path), sess_options=options,
                                                         providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise EngineError(f"onnxruntime cannot load {path}: {exc}") from None
        self.model_path = path
        self._sr = np.array(SAMPLE_RATE, dtype=np.int64)
        self.reset()

    def reset(self) -> None:
        self._state = np.zeros((2, 1, 128), np.float32)
        self._context = np.zeros((1, _CONTEXT_SAMPLES), np.float32)

    def probability(self, chunk: np.ndarray) -> float:
        if chunk.shape != (CHUNK_SAMPLES,):
            raise ValueError(f"silero takes chunks of {CHUNK_SAMPLES} samples at 16 kHz, not {chunk.shape}")
        x = chunk.astype(np.float32).reshape(1, -1) / 32768.0 if chunk.dtype == np.int16 \
            else chunk.astype(np.float32).reshape(1, -1)
        x = np.concatenate([self._context, x], axis=1)
        out, self._state = self._session.run(None, {"input": x, "state": self._state, "sr": self._sr})
        self._context = x[:, -_CONTEXT_SAMPLES:]
        return float(out[0, 0])


@dataclass
class VadEvent:
    kind: str                           # "start" or "end"
    probability: float
    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))   # the utterance, on "end"
    truncated: bool = False             # "end" forced by max_utterance_s
    silence_samples: int = 0            # samples between the end of speech and this event


class SpeechSegmenter:
    """Chunks in, utterance events out. Feed every 512-sample chunk to `push`."""

    def __init__(self, config: VadConfig | None = None, model: SileroVad | None = None):
        self.config = config or VadConfig()
        self.config.validate()
        self.model = model or SileroVad(self.config.model_path, self.config.threads)
        ms_per_chunk = 1000 * CHUNK_SAMPLES / SAMPLE_RATE
        self._start_chunks = max(1, round(self.config.min_speech_ms / ms_per_chunk))
        self._end_chunks = max(1, round(self.config.min_silence_ms / ms_per_chunk))
        self._max_chunks = max(1, int(self.config.max_utterance_s * 1000 / ms_per_chunk))
        self._pre_roll: deque[np.ndarray] = deque(maxlen=max(1, round(self.config.pre_roll_ms / ms_per_chunk)))
        self.muted = False
        self.last_probability = 0.0
        self._reset_state()

    def _reset_state(self) -> None:
        self.speaking = False             # an utterance is open (confirmed speech)
        self._candidate: list[np.ndarray] = []   # speech not yet long enough to count
        self._utterance: list[np.ndarray] = []
        self._silent_chunks = 0

    def mute(self, muted: bool) -> None:
        """Muted: chunks are dropped and an open utterance is discarded (the robot is talking)."""
        if muted and not self.muted:
            self._reset_state()
            self._pre_roll.clear()
        if not muted and self.muted:
            self.model.reset()
        self.muted = muted

    def push(self, chunk: np.ndarray) -> list[VadEvent]:
        if self.muted:
            return []
        p = self.last_probability = self.model.probability(chunk)
        cfg = self.config
        if not self.speaking:
            if p >= cfg.threshold:
                self._candidate.append(chunk)
                if len(self._candidate) >= self._start_chunks:
                    self.speaking = True
                    self._utterance = [*self._pre_roll, *self._candidate]
                    self._candidate, self._silent_chunks = [], 0
                    self._pre_roll.clear()
                    return [VadEvent("start", p)]
            else:
                for c in self._candidate:        # a blip: it becomes pre-roll
                    self._pre_roll.append(c)
                self._candidate = []
                self._pre_roll.append(chunk)
            return []
        self._utterance.append(chunk)
        self._silent_chunks = self._silent_chunks + 1 if p < cfg.end_threshold else 0
        if self._silent_chunks >= self._end_chunks:
            event = VadEvent("end", p, np.concatenate(self._utterance),
                             silence_samples=self._silent_chunks * CHUNK_SAMPLES)
            self._reset_state()
            return [event]
        if len(self._utterance) >= self._max_chunks:     # split; the speech goes on in a new utterance
            event = VadEvent("end", p, np.concatenate(self._utterance), truncated=True)
            self._utterance, self._silent_chunks = [], 0
            return [event, VadEvent("start", p)]
        return []
