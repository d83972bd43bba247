"""`voice export`: a piper checkpoint -> `VOICE.onnx` + `VOICE.onnx.json`, checked by piper itself.

The graph is the one piper's own `piper.train.export_onnx` writes (inputs `input`, `input_lengths`,
`scales`, `sid`; output `output`), traced with torch's TorchScript exporter: the newer torch.export
exporter, torch's default since 2.9, cannot trace VITS's data-dependent lengths. The check loads the
files with `piper.PiperVoice`, synthesises a sentence and refuses the voice (TrainError) when the
sentence is clipped, silent or far off centre (`audio_checks`: errors), or when the .onnx.json's sample
rate is not the one the checkpoint was trained at; a small DC offset is a warning (stderr). `force`
keeps a voice whose sentence fails the signal checks (its faults are printed as warnings): an early
checkpoint, exported only to hear how far it has come, is expected to fail them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from ..errors import TrainError
from .audio_checks import SignalLimits, check_signal

OPSET = 15
CHECK_SENTENCES = {"ko": "안녕하세요, 한양대학교 안내 로봇이에요.", "en": "Hello, I am the Hanyang campus guide."}


def export_voice(checkpoint: Path, config_json: Path, output: Path, language: str = "ko", force: bool = False) -> dict:
    """Write `output` (.onnx) and its .onnx.json; returns what the check measured."""
    import torch
    from piper.train.vits.lightning import VitsModel
    if not checkpoint.is_file():
        raise TrainError(f"checkpoint not found: {checkpoint}")
    if not config_json.is_file():
        raise TrainError(f"voice config not found: {config_json} (piper.train writes it as OUT/config.json)")
    if output.suffix != ".onnx":
        raise TrainError(f"the voice file must end in .onnx, not {output.name}")
    model = VitsModel.load_from_checkpoint(checkpoint, map_location="cpu")
    trained_rate = int(model.hparams.sample_rate)
    generator = model.model_g
    generator.eval()
    with torch.no_grad():
        generator.dec.remove_weight_norm()

    def infer(text, text_lengths, scales, sid=None):
        audio = generator.infer(text, text_lengths, noise_scale=scales[0], length_scale=scales[1],
                                noise_scale_w=scales[2], sid=sid)[0]
        return audio.unsqueeze(1)

    generator.forward = infer
    phonemes = torch.randint(0, generator.n_vocab, (1, 50), dtype=torch.long)
    speaker = torch.LongTensor([0]) if generator.n_speakers > 1 else None
    output.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(generator, (phonemes, torch.LongTensor([50]), torch.FloatTensor([0.667, 1.0, 0.8]), speaker),
                      str(output), dynamo=False, opset_version=OPSET,
                      input_names=["input", "input_lengths", "scales", "sid"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch_size", 1: "phonemes"}, "input_lengths": {0: "batch_size"},
                                    "output": {0: "batch_size", 2: "time"}})
    voice_config = json.loads(config_json.read_text(encoding="utf-8"))
    voice_config.setdefault("language", {"code": language})
    voice_config["dataset"] = output.stem
    Path(f"{output}.json").write_text(json.dumps(voice_config, ensure_ascii=False, indent=2), encoding="utf-8")
    return check_voice(output, language, expected_sample_rate=trained_rate, force=force)


def check_voice(path: Path, language: str, expected_sample_rate: int | None = None,
                limits: SignalLimits | None = None, force: bool = False) -> dict:
    """Load the voice with piper and say one sentence: it must be sound (`check_signal`: no clipping, no
    silence, no large DC offset) at the rate it was trained at. Raises TrainError; warnings go to stderr.
    `force`: the signal faults are warnings too (a wrong sample rate is still refused)."""
    from piper import PiperVoice
    voice = PiperVoice.load(path)
    rate = voice.config.sample_rate
    if expected_sample_rate is not None and rate != expected_sample_rate:
        # played at the wrong rate, every word comes out too fast or too slow and off pitch
        raise TrainError(f"{path}.json says sample rate {rate} Hz but the checkpoint was trained at "
                         f"{expected_sample_rate} Hz: the run's config.json belongs to another run or quality")
    text = CHECK_SENTENCES.get(language, CHECK_SENTENCES["en"])
    audio = np.concatenate([c.audio_int16_array for c in voice.synthesize(text)] or [np.zeros(0, np.int16)])
    signal = check_signal(audio, rate, limits)
    if signal.errors and not force:
        raise TrainError(f"{path} fails the check on {text!r}: {'; '.join(signal.errors)} (the files are "
                         f"written, but do not use this voice; --force keeps it, e.g. to hear an early checkpoint)")
    warnings = [f"{e} (kept: --force)" for e in signal.errors] + signal.warnings
    for warning in warnings:
        print(f"voice export: warning: {path.name}: {warning}", file=sys.stderr)
    return {"voice": str(path), "espeak_voice": voice.config.espeak_voice, "sample_rate": rate,
            "check_sentence": text, "check_seconds": round(audio.size / rate, 3),
            "signal": signal.to_dict(), "faults": signal.errors, "warnings": warnings,
            "size_mb": round(path.stat().st_size / 2**20, 2)}
