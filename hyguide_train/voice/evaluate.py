"""`voice evaluate`: how well a voice says the guide's own replies.

The guide answers questions about every campus place; each reply, normalised as the tts node
normalises it, is synthesised sentence by sentence. Measured: real-time factor (synthesis seconds
per second of speech), time to first audio (the first sentence's synthesis time), and intelligibility
as the character error rate of the project's ASR engine transcribing the speech back (spaces and
punctuation ignored; the transcript normalised the same way, since Whisper writes digits). Every
reply's audio also goes through the signal checks `voice export` makes (`audio_checks`: clipping,
silence, DC offset).

Offline: the ASR model is loaded from this machine only (never downloaded). A size name that is not
here, or `--no-asr`, skips the character error rate: the report and stderr say so and how to get a
model; the speed figures and the signal checks are still made.
Writes OUT/voice-eval.json, OUT/voice-eval.md and plots beside them.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from hyguide_ros.engines.audio import SAMPLE_RATE, resample
from hyguide_ros.engines.speech_text import SpeechText
from hyguide_ros.guide import CampusGuide

from ..errors import TrainError
from .audio_checks import check_signal

HOW_TO_GET_ASR = ("fetch one on a connected machine with `hyguide models fetch --asr small` and copy "
                  "~/.cache/hyguide to this one, or give --asr-model a CTranslate2 Whisper folder")

QUESTIONS = {"ko": ("{name} 어디야?", "{name}까지 얼마나 걸려?"), "en": ("Where is {name}?", "How do I get to {name}?")}


def guide_replies(language: str = "ko", limit: int = 50) -> list[list[str]]:
    """The guide's replies (as sentences) to questions about the knowledge base's places, in order."""
    guide = CampusGuide()
    replies: list[list[str]] = []
    for place in sorted(guide.kb.places.values(), key=lambda p: p.id):
        for question in QUESTIONS[language]:
            answer = guide.ask(question.format(name=place.name(language)), conversation_id="voice-eval",
                               language=language)
            guide.reset("voice-eval")
            if not answer.abstained and answer.sentences:
                replies.append(answer.sentences)
            if len(replies) >= limit:
                return replies
    return replies


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edit distance over characters / reference length, spaces and punctuation ignored."""
    ref, hyp = (re.sub(r"[\W_]+", "", s.lower()) for s in (reference, hypothesis))
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / len(ref)


def load_asr(asr_model: str, asr_device: str, language: str) -> tuple[object | None, str | None]:
    """(recogniser, None), or (None, why not) when the model is not on this machine. Never downloads.
    A folder path that does not exist is the user's typo, not a missing download: a TrainError."""
    from hyguide_ros.engines.asr import AsrConfig, FasterWhisperRecognizer
    from hyguide_ros.engines.errors import ModelNotFoundError
    looks_like_path = asr_model.startswith((".", "~", "/")) or asr_model.count("/") > 1   # "org/name": a hub id
    if looks_like_path and not Path(asr_model).expanduser().exists():
        raise TrainError(f"ASR model folder not found: {asr_model} ({HOW_TO_GET_ASR}; or --no-asr)")
    try:
        return FasterWhisperRecognizer(AsrConfig(model=asr_model, device=asr_device, language=language, hints=False,
                                                 local_files_only=True, max_new_tokens=200)), None
    except ModelNotFoundError as exc:
        return None, f"ASR model {asr_model!r} is not available offline ({exc})"


def evaluate_voice(voice: str, out: Path, language: str = "ko", limit: int = 30, asr_model: str = "small",
                   asr_device: str = "cpu", progress: bool = True, use_asr: bool = True) -> dict:
    """Say `limit` replies with `voice` (a .onnx piper voice, or espeak-ng:<voice>); write and return the figures.
    Without an ASR model on this machine (or `use_asr` False) the character error rate is skipped."""
    from tqdm import tqdm

    from hyguide_ros.engines.tts import EspeakVoice, PiperVoiceFile, TtsConfig
    speech_text = SpeechText()
    config = TtsConfig()
    speaker = EspeakVoice(voice.split(":", 1)[1], language, config) if voice.startswith("espeak-ng:") \
        else PiperVoiceFile(voice, language, config)
    asr, skipped = load_asr(asr_model, asr_device, language) if use_asr else (None, "--no-asr")
    if asr is None:
        print(f"voice evaluate: character error rate skipped: {skipped}. To measure it, {HOW_TO_GET_ASR}",
              file=sys.stderr)
    rows = []
    for sentences in tqdm(guide_replies(language, limit), desc="voice evaluate", unit="reply", disable=not progress):
        said = [speech_text(s, language) for s in sentences]
        audio, synth_s, first_s = [], 0.0, 0.0
        for i, sentence in enumerate(said):
            start = time.perf_counter()
            audio.append(speaker.speak(sentence))
            synth_s += time.perf_counter() - start
            first_s = synth_s if i == 0 else first_s
        samples = np.concatenate(audio) if audio else np.zeros(0, np.int16)
        seconds = samples.size / speaker.sample_rate
        text = " ".join(said)
        signal = check_signal(samples, speaker.sample_rate)
        row = {"text": text, "audio_s": round(seconds, 3), "rtf": synth_s / seconds if seconds else 0,
               "first_audio_s": round(first_s, 4), "signal": signal.to_dict(),
               "signal_errors": signal.errors, "signal_warnings": signal.warnings}
        if asr is not None:
            row["heard"] = asr.transcribe(resample(samples, speaker.sample_rate, SAMPLE_RATE)).text
            row["cer"] = character_error_rate(text, speech_text(row["heard"], language))
        rows.append(row)
    problems = Counter(f"{f['kind']} ({f['level']})" for r in rows for f in r["signal"]["findings"])
    figures = {"voice": voice, "language": language, "replies": len(rows), "asr_model": asr_model if asr else None,
               "cer_skipped": skipped,
               "rtf_mean": _mean(r["rtf"] for r in rows),
               "first_audio_s_p50": _pct([r["first_audio_s"] for r in rows], 50),
               "first_audio_s_p95": _pct([r["first_audio_s"] for r in rows], 95),
               "cer_mean": _mean(r["cer"] for r in rows) if asr else None,
               "cer_median": _pct([r["cer"] for r in rows], 50) if asr else None,
               "signal_replies_with_errors": sum(bool(r["signal_errors"]) for r in rows),
               "signal_replies_with_warnings": sum(bool(r["signal_warnings"]) for r in rows),
               "signal_problems": dict(problems)}
    if problems:
        print(f"voice evaluate: signal problems in {len(rows)} replies: "
              f"{', '.join(f'{k} x{n}' for k, n in problems.items())} (see voice-eval.md)", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    (out / "voice-eval.json").write_text(json.dumps({**figures, "rows": rows}, ensure_ascii=False, indent=2),
                                         encoding="utf-8")
    _plot(rows, out / "voice-eval.png", voice)
    (out / "voice-eval.md").write_text("\n".join(_report(figures, rows, asr_model)) + "\n", encoding="utf-8")
    return figures


def _report(figures: dict, rows: list[dict], asr_model: str) -> list[str]:
    cer = "skipped" if figures["cer_mean"] is None else f"{figures['cer_mean']:.3f} / {figures['cer_median']:.3f}"
    lines = [f"# Voice evaluation: {figures['voice']}", "",
             "| replies | RTF (mean) | first audio p50 / p95 | CER mean / median | replies with signal errors |",
             "|---:|---:|---:|---:|---:|",
             f"| {figures['replies']} | {figures['rtf_mean']:.3f} | {figures['first_audio_s_p50']:.3f} s / "
             f"{figures['first_audio_s_p95']:.3f} s | {cer} | {figures['signal_replies_with_errors']} |", ""]
    if figures["cer_skipped"]:
        lines += [f"**Skipped: character error rate** (intelligibility). It needs an ASR model: "
                  f"{figures['cer_skipped']}. To measure it, {HOW_TO_GET_ASR}.", ""]
    else:
        lines += [f"CER: ASR `{asr_model}` transcribing the speech back, against the normalised text.", ""]
    lines += ["![speed and signal per reply](voice-eval.png)", "", "## Signal checks", "",
              "Each reply's audio, as `voice export` checks its sentence: clipping (more than 0.1 % of the samples "
              "at full scale) and silence (RMS below -50 dBFS) are errors; a DC offset above 0.02 of full scale "
              "is a warning, above 0.1 an error.", ""]
    if figures["signal_problems"]:
        lines += [f"- {kind}: {n} replies" for kind, n in figures["signal_problems"].items()]
        lines += ["", "First problems:", ""]
        lines += [f"- `{r['text']}`: {'; '.join(r['signal_errors'] + r['signal_warnings'])}"
                  for r in rows if r["signal_errors"] or r["signal_warnings"]][:5]
    else:
        lines.append("No problem found.")
    if figures["cer_mean"] is not None:
        lines += ["", "## Worst five", ""]
        lines += [f"- CER {r['cer']:.2f}: said `{r['text']}`, heard `{r['heard']}`"
                  for r in sorted(rows, key=lambda r: -r["cer"])[:5]]
    return lines


def _mean(values) -> float:
    values = list(values)
    return round(float(np.mean(values)), 4) if values else 0.0


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 4) if values else 0.0


def _plot(rows: list[dict], path: Path, voice: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.scatter([r["audio_s"] for r in rows], [r["rtf"] for r in rows], s=12)
    left.set_xlabel("reply length (s of speech)")
    left.set_ylabel("real-time factor")
    left.grid(alpha=0.3)
    if all("cer" in r for r in rows):
        right.hist([r["cer"] for r in rows], bins=20, range=(0, 1))
        right.set_xlabel("character error rate (ASR)")
        fig.suptitle(f"{Path(voice).name}: speed and intelligibility")
    else:                                   # no ASR model: the loudness the signal check measured instead
        right.hist([r["signal"]["rms_dbfs"] if r["signal"]["rms_dbfs"] is not None else -100 for r in rows],
                   bins=20, range=(-60, 0))
        right.set_xlabel("RMS level (dBFS; CER skipped: no ASR model)")
        fig.suptitle(f"{Path(voice).name}: speed and level")
    right.set_ylabel("replies")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
