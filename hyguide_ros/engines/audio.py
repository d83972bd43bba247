"""Audio in and out: 16 kHz mono int16 in chunks of 512 samples, from a microphone or a WAV file.

Sources yield int16 chunks at `SAMPLE_RATE`; whatever the device or file gives (rate, channels)
is converted here, so everything downstream sees one format. Sinks take int16 at any rate.
sounddevice (PortAudio) is imported only when a device is used, so WAV-only hosts need neither.
"""
from __future__ import annotations

import queue
import threading
import time
import wave
from pathlib import Path
from typing import Iterator, Protocol, runtime_checkable

import numpy as np

from .errors import EngineError, require_file

SAMPLE_RATE = 16000
CHUNK_SAMPLES = 512          # 32 ms at 16 kHz: silero's window


class AudioError(EngineError):
    """Audio that cannot be read or a device that cannot be opened."""


# --------------------------------------------------------------------------- conversion
def to_mono(samples: np.ndarray, channels: int) -> np.ndarray:
    """Interleaved int16 -> mono int16 (channel mean)."""
    if channels < 1:
        raise AudioError(f"channel count must be at least 1, not {channels}")
    if channels == 1:
        return samples
    if samples.size % channels:
        raise AudioError(f"{samples.size} samples cannot be {channels} interleaved channels")
    return samples.reshape(-1, channels).mean(axis=1).astype(np.int16)


def resample(samples: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """int16 mono from `src_rate` to `dst_rate`: low-pass (windowed sinc) when going down, then linear."""
    if src_rate <= 0 or dst_rate <= 0:
        raise AudioError(f"sample rates must be positive, not {src_rate} -> {dst_rate}")
    if src_rate == dst_rate or samples.size == 0:
        return samples
    x = samples.astype(np.float32)
    if dst_rate < src_rate:
        cutoff = 0.5 * dst_rate / src_rate * 0.9          # a little below the new Nyquist
        taps = np.arange(-32, 33, dtype=np.float32)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(taps.size).astype(np.float32)
        x = np.convolve(x, kernel / kernel.sum(), mode="same")
    n_out = int(round(samples.size * dst_rate / src_rate))
    positions = np.arange(n_out, dtype=np.float64) * (src_rate / dst_rate)
    y = np.interp(positions, np.arange(samples.size), x)
    return np.clip(np.round(y), -32768, 32767).astype(np.int16)


class Chunker:
    """Re-cuts a stream of arbitrary-length arrays into fixed-size chunks."""

    def __init__(self, size: int = CHUNK_SAMPLES):
        self.size = size
        self._pending = np.zeros(0, np.int16)

    def push(self, samples: np.ndarray) -> list[np.ndarray]:
        data = np.concatenate([self._pending, samples]) if self._pending.size else samples
        n = data.size // self.size
        chunks = [data[i * self.size:(i + 1) * self.size] for i in range(n)]
        self._pending = data[n * self.size:]
        return chunks


# --------------------------------------------------------------------------- interfaces
@runtime_checkable
class AudioSource(Protocol):
    sample_rate: int
    dropped_chunks: int

    def __iter__(self) -> Iterator[np.ndarray]: ...

    def close(self) -> None: ...


@runtime_checkable
class AudioSink(Protocol):
    def write(self, samples: np.ndarray, sample_rate: int) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- WAV files
def read_wav(path: str | Path) -> tuple[np.ndarray, int, int]:
    """(int16 interleaved samples, sample rate, channels) of a 16-bit PCM WAV file."""
    p = require_file(path, "WAV file", "give the path of a 16-bit PCM WAV file")
    try:
        with wave.open(str(p), "rb") as w:
            width, rate, channels = w.getsampwidth(), w.getframerate(), w.getnchannels()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{p} is not a readable WAV file ({exc}); convert it with "
                         f"`sox in.ext -b 16 -e signed-integer out.wav`") from None
    if width != 2:
        raise AudioError(f"{p} has {8 * width}-bit samples; 16-bit PCM is needed "
                         f"(`sox {p.name} -b 16 out.wav`)")
    return np.frombuffer(frames, dtype="<i2").astype(np.int16), rate, channels


class WavSource:
    """A WAV file as 16 kHz mono chunks, real-time paced (like a microphone) or as fast as possible."""

    def __init__(self, path: str | Path, realtime: bool = True, chunk_samples: int = CHUNK_SAMPLES,
                 tail_silence_s: float = 0.0, loop: bool = False):
        samples, rate, channels = read_wav(path)
        mono = resample(to_mono(samples, channels), rate, SAMPLE_RATE)
        tail = np.zeros(int(tail_silence_s * SAMPLE_RATE), np.int16)
        self.samples = np.concatenate([mono, tail])
        self.audio_s = mono.size / SAMPLE_RATE          # the file's own audio, without the tail
        self.sample_rate = SAMPLE_RATE
        self.source_rate, self.source_channels = rate, channels
        self.realtime, self.chunk_samples, self.loop = realtime, chunk_samples, loop
        self.dropped_chunks = 0
        self._closed = threading.Event()

    @property
    def duration_s(self) -> float:
        return self.samples.size / SAMPLE_RATE

    def __iter__(self) -> Iterator[np.ndarray]:
        period = self.chunk_samples / SAMPLE_RATE
        start = time.monotonic()
        n = 0
        while not self._closed.is_set():
            for i in range(0, self.samples.size - self.chunk_samples + 1, self.chunk_samples):
                if self._closed.is_set():
                    return
                if self.realtime:          # pace against the start, so sleeps do not add up drift
                    delay = start + n * period - time.monotonic()
                    if delay > 0:
                        self._closed.wait(delay)
                n += 1
                yield self.samples[i:i + self.chunk_samples]
            if not self.loop:
                return

    def close(self) -> None:
        self._closed.set()


class WavSink:
    """Writes int16 mono audio to a WAV file (the rate of the first write fixes the file's rate)."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._wav: wave.Wave_write | None = None
        self._rate = 0

    def write(self, samples: np.ndarray, sample_rate: int) -> None:
        if self._wav is None:
            self._wav = wave.open(str(self.path), "wb")
            self._wav.setnchannels(1)
            self._wav.setsampwidth(2)
            self._wav.setframerate(sample_rate)
            self._rate = sample_rate
        self._wav.writeframes(resample(samples.astype(np.int16), sample_rate, self._rate).astype("<i2").tobytes())

    def stop(self) -> None:
        pass

    def close(self) -> None:
        if self._wav is not None:
            self._wav.close()
            self._wav = None


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    sink = WavSink(path)
    sink.write(samples, sample_rate)
    sink.close()
    return sink.path


# --------------------------------------------------------------------------- devices
def _sounddevice():
    try:
        import sounddevice
    except OSError as exc:          # the module loads, PortAudio does not
        raise AudioError(f"PortAudio is missing ({exc}); install it: sudo apt install libportaudio2") from None
    except ImportError:
        raise AudioError("sounddevice is not installed: pip install sounddevice") from None
    return sounddevice


def find_device(spec: str | int | None, kind: str) -> tuple[int | None, int]:
    """(device index, default sample rate) for `spec`: "" / None = the default, an index, or part of a name."""
    sd = _sounddevice()
    channels_key = "max_input_channels" if kind == "input" else "max_output_channels"
    devices = [(i, d) for i, d in enumerate(sd.query_devices()) if d[channels_key] > 0]
    listing = "; ".join(f"{i}: {d['name']}" for i, d in devices) or "none"
    if spec in (None, ""):
        if not devices:
            raise AudioError(f"no {kind} audio device found (devices with {kind} channels: {listing})")
        info = sd.query_devices(kind=kind)
        return None, int(info["default_samplerate"])
    if isinstance(spec, int) or str(spec).isdigit():
        for i, d in devices:
            if i == int(spec):
                return i, int(d["default_samplerate"])
    else:
        for i, d in devices:
            if str(spec).lower() in d["name"].lower():
                return i, int(d["default_samplerate"])
    raise AudioError(f"no {kind} audio device matches {spec!r}; {kind} devices: {listing}")


class MicrophoneSource:
    """A microphone through sounddevice, as 16 kHz mono int16 chunks (resampled when the device cannot do 16 kHz)."""

    def __init__(self, device: str | int | None = None, chunk_samples: int = CHUNK_SAMPLES, queue_chunks: int = 64):
        sd = _sounddevice()
        self.device, default_rate = find_device(device, "input")
        try:
            sd.check_input_settings(device=self.device, channels=1, dtype="int16", samplerate=SAMPLE_RATE)
            self.device_rate = SAMPLE_RATE
        except Exception:                  # the device's own rate, resampled here
            self.device_rate = default_rate
        self.sample_rate = SAMPLE_RATE
        self.chunk_samples = chunk_samples
        self.dropped_chunks = 0
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue(maxsize=queue_chunks)   # device blocks
        self._chunker = Chunker(chunk_samples)
        block = int(round(chunk_samples * self.device_rate / SAMPLE_RATE))
        try:
            self._stream = sd.InputStream(device=self.device, channels=1, dtype="int16", samplerate=self.device_rate,
                                          blocksize=block, callback=self._callback)
            self._stream.start()
        except Exception as exc:
            raise AudioError(f"cannot open input device {device!r}: {exc}") from None

    def _callback(self, indata, frames, time_info, status) -> None:
        # PortAudio's thread: copy and hand over, nothing more (resampling happens in the reader)
        if status.input_overflow:
            self.dropped_chunks += 1
        try:
            self._queue.put_nowait(indata[:, 0].copy())
        except queue.Full:             # the consumer is behind: drop, count, never block the audio thread
            self.dropped_chunks += 1

    def __iter__(self) -> Iterator[np.ndarray]:
        while True:
            block = self._queue.get()
            if block is None:
                return
            yield from self._chunker.push(resample(block, self.device_rate, SAMPLE_RATE))

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()
        self._queue.put(None)


class SpeakerSink:
    """Plays int16 mono audio on an output device; `stop()` cuts playback short (barge-in)."""

    def __init__(self, device: str | int | None = None, block_samples: int = 1024):
        self._sd = _sounddevice()
        self.device, self.device_rate = find_device(device, "output")
        self.block_samples = block_samples
        self._stop = threading.Event()

    def write(self, samples: np.ndarray, sample_rate: int) -> None:
        self._stop.clear()
        with self._sd.OutputStream(device=self.device, channels=1, dtype="int16", samplerate=sample_rate) as stream:
            for i in range(0, samples.size, self.block_samples):
                if self._stop.is_set():
                    return
                stream.write(samples[i:i + self.block_samples].reshape(-1, 1))

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self.stop()
