"""`voice prepare`: recordings and their transcripts -> a piper training set.

Reads an LJSpeech folder (`metadata.csv` `id|text[|normalised text]` + `wavs/`), the KSS layout
(`transcript.v.*.txt` `path|text|expanded text|...`), or any CSV of (audio path, text). Each clip is
resampled to the voice's rate, its silence trimmed with silero, and dropped (with the reason) when it
is clipped, holds no speech, is too long or too short, or its text cannot be said (digits or Latin
letters left after normalisation, or nothing espeak-ng can phonemise). Texts are normalised the way
the robot's tts node normalises what it says, so training and speaking see the same text.

Writes OUT/wavs/*.wav, OUT/metadata.csv (`file|text`, piper's format) and OUT/prepare-report.{json,md}.
Each clip's decision goes to OUT/progress.jsonl first, so an interrupted run resumes where it stopped.
"""
from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from hyguide_ros.engines.audio import CHUNK_SAMPLES, SAMPLE_RATE, write_wav
from hyguide_ros.engines.speech_text import SpeechText, unspeakable

from ..errors import TrainError

DROP_REASONS = ("missing_audio", "unreadable", "clipped", "no_speech", "too_short", "too_long", "unspeakable_text")


@dataclass
class PrepareConfig:
    language: str = "ko"                # the texts' language (normalisation)
    espeak_voice: str = "ko"            # espeak-ng voice that phonemises them
    sample_rate: int = 22050            # medium quality; 16000 for x_low and low
    min_seconds: float = 0.5
    max_seconds: float = 15.0
    clipped_share: float = 0.001        # more samples than this at full scale: clipped
    speech_threshold: float = 0.5       # silero probability that counts as speech
    keep_silence_s: float = 0.2         # silence kept before and after the speech


@dataclass
class Clip:
    audio: Path
    text: str


def read_corpus(source: Path) -> list[Clip]:
    """The clips of an LJSpeech folder, a KSS folder, or a CSV file (`path|text` or `path,text`)."""
    if source.is_file():
        return _read_csv(source)
    if (source / "metadata.csv").is_file():                        # LJSpeech
        clips = []
        for row in _rows(source / "metadata.csv", "|"):
            if len(row) >= 2:
                name = row[0] if row[0].endswith(".wav") else f"{row[0]}.wav"
                clips.append(Clip(source / "wavs" / name, (row[2] if len(row) > 2 and row[2] else row[1]).strip()))
        return clips
    transcripts = sorted(source.glob("transcript*.txt"))
    if transcripts:                                                 # KSS: path|text|expanded|decomposed|s|English
        audio_root = source / "kss" if (source / "kss").is_dir() else source
        return [Clip(audio_root / row[0], (row[2] if len(row) > 2 and row[2] else row[1]).strip())
                for row in _rows(transcripts[-1], "|") if len(row) >= 2]
    raise TrainError(f"{source}: not an LJSpeech folder (metadata.csv + wavs/), a KSS folder "
                     f"(transcript.v.*.txt) or a CSV file of audio path and text")


def _read_csv(path: Path) -> list[Clip]:
    delimiter = "|" if "|" in path.read_text(encoding="utf-8").split("\n", 1)[0] else ","
    rows = [r for r in _rows(path, delimiter) if len(r) >= 2]
    if rows and rows[0][0].strip().lower() in ("path", "audio", "file", "wav"):
        rows = rows[1:]                                             # a header
    return [Clip((path.parent / r[0].strip()), r[-1].strip()) for r in rows]


def _rows(path: Path, delimiter: str) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter=delimiter, quoting=csv.QUOTE_NONE))


class ClipChecker:
    """Decides about one clip: (kept int16 samples at the voice's rate, normalised text) or a drop reason."""

    def __init__(self, config: PrepareConfig):
        from piper.phonemize_espeak import EspeakPhonemizer

        from hyguide_ros.engines.vad import SileroVad
        self.config = config
        self.speech_text = SpeechText()
        self._phonemizer = EspeakPhonemizer()
        self._vad = SileroVad()

    def text(self, text: str) -> str | None:
        said = self.speech_text(text, self.config.language)
        if not said or unspeakable(said, self.config.language):
            return None
        phonemes = self._phonemizer.phonemize(self.config.espeak_voice, said)
        return said if any(p for sentence in phonemes for p in sentence if p.strip()) else None

    def audio(self, path: Path) -> tuple[np.ndarray | None, str]:
        import librosa
        if not path.is_file():
            return None, "missing_audio"
        try:
            audio, _ = librosa.load(path, sr=self.config.sample_rate, mono=True)
        except Exception:
            return None, "unreadable"
        if not audio.size:
            return None, "no_speech"
        if np.mean(np.abs(audio) >= 0.999) > self.config.clipped_share:
            return None, "clipped"
        speech = self._speech_span(librosa.resample(audio, orig_sr=self.config.sample_rate, target_sr=SAMPLE_RATE))
        if speech is None:
            return None, "no_speech"
        keep = self.config.keep_silence_s
        start = max(0, int((speech[0] - keep) * self.config.sample_rate))
        end = min(audio.size, int((speech[1] + keep) * self.config.sample_rate))
        audio = audio[start:end]
        seconds = audio.size / self.config.sample_rate
        if seconds < self.config.min_seconds:
            return None, "too_short"
        if seconds > self.config.max_seconds:
            return None, "too_long"
        return np.clip(np.round(audio * 32767), -32768, 32767).astype(np.int16), ""

    def _speech_span(self, audio_16k: np.ndarray) -> tuple[float, float] | None:
        """(first, last) second where silero hears speech, or None."""
        self._vad.reset()
        hits = [i for i in range(audio_16k.size // CHUNK_SAMPLES)
                if self._vad.probability(audio_16k[i * CHUNK_SAMPLES:(i + 1) * CHUNK_SAMPLES].astype(np.float32))
                >= self.config.speech_threshold]
        if not hits:
            return None
        return hits[0] * CHUNK_SAMPLES / SAMPLE_RATE, (hits[-1] + 1) * CHUNK_SAMPLES / SAMPLE_RATE


def prepare(source: Path, out: Path, config: PrepareConfig | None = None, progress: bool = True) -> dict:
    """Build the training set in `out` from `source`; returns the report (also written to `out`)."""
    from tqdm import tqdm
    config = config or PrepareConfig()
    clips = read_corpus(source)
    if not clips:
        raise TrainError(f"{source}: no clips found")
    (out / "wavs").mkdir(parents=True, exist_ok=True)
    progress_path = out / "progress.jsonl"
    done = {}
    if progress_path.is_file():
        for line in progress_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                done[record["source"]] = record
    checker = ClipChecker(config)
    with open(progress_path, "a", encoding="utf-8") as log:
        for number, clip in enumerate(tqdm(clips, desc="voice prepare", unit="clip", disable=not progress)):
            key = f"{number}:{clip.audio}"           # a row: one recording may be listed twice
            if key in done:
                continue
            record = {"source": key, "file": "", "text": "", "seconds": 0.0, "dropped": ""}
            said = checker.text(clip.text)
            samples, reason = (None, "unspeakable_text") if said is None else checker.audio(clip.audio)
            if samples is None:
                record["dropped"] = reason
            else:
                name = f"{number:06d}.wav"
                write_wav(out / "wavs" / name, samples, config.sample_rate)
                record.update(file=name, text=said, seconds=round(samples.size / config.sample_rate, 3))
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()
            done[record["source"]] = record
    records = [done[f"{n}:{c.audio}"] for n, c in enumerate(clips) if f"{n}:{c.audio}" in done]
    kept = [r for r in records if not r["dropped"]]
    with open(out / "metadata.csv", "w", encoding="utf-8") as f:
        f.writelines(f"{r['file']}|{r['text']}\n" for r in kept)
    report = {"source": str(source), "config": asdict(config), "clips": len(records), "kept": len(kept),
              "hours_kept": round(sum(r["seconds"] for r in kept) / 3600, 4),
              "dropped": {reason: sum(r["dropped"] == reason for r in records) for reason in DROP_REASONS},
              "dropped_examples": {reason: [r["source"] for r in records if r["dropped"] == reason][:5]
                                   for reason in DROP_REASONS}}
    (out / "prepare-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = [f"# Voice data: {source}", "", f"Kept {len(kept)} of {len(records)} clips, "
             f"{report['hours_kept']:.2f} h at {config.sample_rate} Hz.", "",
             "| dropped because | clips |", "|---|---:|"]
    lines += [f"| {reason} | {n} |" for reason, n in report["dropped"].items()]
    (out / "prepare-report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if not kept:
        raise TrainError(f"no clip of {source} was kept: {report['dropped']} (see {out / 'prepare-report.md'})")
    return report
