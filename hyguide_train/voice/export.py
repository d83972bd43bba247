"""`voice export`: a piper checkpoint -> `VOICE.onnx` + `VOICE.onnx.json`, checked by piper itself.

The graph is the one piper's own `piper.train.export_onnx` writes (inputs `input`, `input_lengths`,
`scales`, `sid`; output `output`), traced with torch's TorchScript exporter: the newer torch.export
exporter, torch's default since 2.9, cannot trace VITS's data-dependent lengths. The check loads the
files with `piper.PiperVoice` and synthesises a sentence.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import TrainError

OPSET = 15
CHECK_SENTENCES = {"ko": "안녕하세요, 한양대학교 안내 로봇이에요.", "en": "Hello, I am the Hanyang campus guide."}


def export_voice(checkpoint: Path, config_json: Path, output: Path, language: str = "ko") -> dict:
    """Write `output` (.onnx) and its .onnx.json; returns what the check measured."""
    import torch
    from piper.train.vits.lightning import VitsModel
    if not checkpoint.is_file():
        raise TrainError(f"checkpoint not found: {checkpoint}")
    if not config_json.is_file():
        raise TrainError(f"voice config not found: {config_json} (piper.train writes it as OUT/config.json)")
    if output.suffix != ".onnx":
        raise TrainError(f"the voice file must end in .onnx, not {output.name}")
    generator = VitsModel.load_from_checkpoint(checkpoint, map_location="cpu").model_g
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
    return check_voice(output, language)


def check_voice(path: Path, language: str) -> dict:
    """Load the voice with piper and say one sentence: it must give sound."""
    from piper import PiperVoice
    voice = PiperVoice.load(path)
    text = CHECK_SENTENCES.get(language, CHECK_SENTENCES["en"])
    audio = np.concatenate([c.audio_int16_array for c in voice.synthesize(text)] or [np.zeros(0, np.int16)])
    if audio.size == 0 or not np.any(audio):
        raise TrainError(f"{path} loads but says nothing for {text!r}")
    return {"voice": str(path), "espeak_voice": voice.config.espeak_voice, "sample_rate": voice.config.sample_rate,
            "check_sentence": text, "check_seconds": round(audio.size / voice.config.sample_rate, 3),
            "size_mb": round(path.stat().st_size / 2**20, 2)}
