"""`hyguide-train voice` with safe defaults, without training a voice: the run plan `voice train` hands
piper (a finite epoch limit, early stopping, the validation-split warning), the signal checks of
`voice export` (a clipped voice is refused), and `voice evaluate` with no ASR model on the machine."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from tiny_models import make_tiny_piper_voice

from hyguide_train.cli import main as train_cli
from hyguide_train.errors import TrainError
from hyguide_train.voice import train as voice_train
from hyguide_train.voice.audio_checks import check_signal
from hyguide_train.voice.export import check_voice
from hyguide_train.voice.train import VoiceTrainConfig, fit_command, plan_run

RATE = 22050


def _tone(amplitude: float, offset: float = 0.0, seconds: float = 1.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    x = np.clip(amplitude * np.sin(2 * np.pi * 220 * t) + offset, -1, 1)
    return np.round(x * 32767).astype(np.int16)


# --------------------------------------------------------------------------- signal checks
def test_signal_check_passes_a_clean_tone_and_names_each_fault():
    clean = check_signal(_tone(0.5), RATE)
    assert clean.findings == [] and clean.seconds == 1.0 and abs(clean.dc_offset) < 1e-3

    clipped = check_signal(_tone(3.0), RATE)                 # a sine driven 10 dB into the rails
    assert [f.kind for f in clipped.findings] == ["clipping"] and clipped.errors and clipped.clipped_share > 0.5

    for silent in (np.zeros(RATE, np.int16), _tone(0.0005), np.zeros(0, np.int16)):   # zeros, -70 dBFS, nothing
        report = check_signal(silent, RATE)
        assert [f.kind for f in report.findings] == ["silence"] and report.errors

    small = check_signal(_tone(0.3, offset=0.05), RATE)      # a warning: the voice is usable
    assert [(f.kind, f.level) for f in small.findings] == [("dc_offset", "warning")] and not small.errors
    large = check_signal(_tone(0.3, offset=0.3), RATE)       # an error: a broken decoder
    assert [(f.kind, f.level) for f in large.findings] == [("dc_offset", "error")]
    assert json.dumps(check_signal(np.zeros(10, np.int16), RATE).to_dict())      # -inf dBFS is JSON null


def _clipping_voice(tiny: Path, out: Path) -> Path:
    """The tiny piper voice with its output layer x100: its tanh saturates, a square wave at the rails."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(str(tiny))
    for i, init in enumerate(model.graph.initializer):
        if init.name == "w_out":
            model.graph.initializer[i].CopyFrom(numpy_helper.from_array(numpy_helper.to_array(init) * 100, "w_out"))
    onnx.save(model, str(out))
    shutil.copy(f"{tiny}.json", f"{out}.json")
    return out


def test_export_check_refuses_a_clipped_voice_and_a_wrong_sample_rate(tmp_path):
    tiny = make_tiny_piper_voice(tmp_path / "ok.onnx", "ko")
    passed = check_voice(tiny, "ko", expected_sample_rate=RATE)
    assert passed["signal"]["findings"] == [] and passed["check_seconds"] > 0.2
    with pytest.raises(TrainError, match=r"clipped: .*% of the samples at full scale"):
        check_voice(_clipping_voice(tiny, tmp_path / "clipped.onnx"), "ko", expected_sample_rate=RATE)
    with pytest.raises(TrainError, match="says sample rate 22050 Hz but the checkpoint was trained at 16000 Hz"):
        check_voice(tiny, "ko", expected_sample_rate=16000)


# --------------------------------------------------------------------------- voice train's plan
def _prepared_set(root: Path, utterances: int) -> Path:
    """What `voice train` reads before piper starts: metadata.csv (the clips are piper's business)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "metadata.csv").write_text("".join(f"r{i:03d}.wav|안녕하세요.\n" for i in range(utterances)),
                                       encoding="utf-8")
    return root


def _option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def _callbacks(command: list[str]) -> list[dict]:
    return [json.loads(a.split("=", 1)[1]) for a in command if a.startswith("--trainer.callbacks+=")]


def test_default_command_line_has_a_finite_epoch_limit_and_early_stopping(tmp_path):
    data = _prepared_set(tmp_path / "data", 50)                       # the end-to-end test's set
    command = fit_command(VoiceTrainConfig(data=data, out=tmp_path / "run", batch_size=4))
    # 50 utterances: 2 validation, 5 piper test samples, 43 to train on = 10 batches of 4 -> the upper bound
    assert _option(command, "--trainer.max_epochs") == "2000" and _option(command, "--trainer.max_steps") == "-1"
    assert _callbacks(command) == [{"class_path": "lightning.pytorch.callbacks.EarlyStopping",
                                    "init_args": {"monitor": "val_mel", "mode": "min", "patience": 50,
                                                  "min_delta": 0.0, "check_on_train_epoch_end": False}}]
    # the rule: ~100,000 batches, within [100, 2000]; KSS (12,853 clips at batch 32) gets 263 epochs
    assert voice_train.default_max_epochs(12853 - 642 - 5, 32) == 263
    assert voice_train.default_max_epochs(10_000_000, 32) == 100
    # the user's limits win; -1 (no limit) only when asked for, with a warning
    asked = fit_command(VoiceTrainConfig(data=data, out=tmp_path / "run", max_epochs=7, max_steps=30))
    assert (_option(asked, "--trainer.max_epochs"), _option(asked, "--trainer.max_steps")) == ("7", "30")
    unlimited = plan_run(VoiceTrainConfig(data=data, out=tmp_path / "run", max_epochs=-1))
    assert unlimited.max_epochs == -1 and "only early stopping (val_mel, patience 50) ends the run" in \
        unlimited.warnings[0]


def test_monitored_metric_is_one_piper_logs_at_validation():
    import inspect

    from piper.train.vits import lightning
    source = inspect.getsource(lightning.VitsModel.validation_step)
    assert 'f"val_{name}"' in source and '"mel": mel_l1' in inspect.getsource(lightning.VitsModel._compute_loss)
    assert VoiceTrainConfig(data=Path("."), out=Path(".")).early_stop_monitor == "val_mel"


def test_piper_fit_drops_the_val_mos_checkpoint_only_when_the_mos_predictor_is_off(tmp_path):
    """With the predictor off piper never logs val_mos, and Lightning then fails the run at its first
    validated epoch (the end-to-end default run in test_voice_train.py completes two)."""
    from hyguide_train.voice.piper_fit import mos_metric_off
    command = fit_command(VoiceTrainConfig(data=_prepared_set(tmp_path / "data", 50), out=tmp_path / "run"))
    assert command[1:4] == ["-m", "hyguide_train.voice.piper_fit", "fit"] and mos_metric_off(command)
    assert mos_metric_off(["--model.mos_metric=None"]) and not mos_metric_off(["fit"])   # piper's default: utmos
    assert not mos_metric_off(["--model.mos_metric", "none", "--model.mos_metric", "utmos"])   # the last wins


@pytest.mark.parametrize("split, utterances, why", [
    ("0", 50, "the validation split is 0"),
    ("0.05", 12, "a validation split of 0.05 leaves no validation utterance in 12 (at least 20 are needed)")])
def test_no_validation_utterance_warns_and_turns_early_stopping_off(tmp_path, monkeypatch, capsys, split,
                                                                   utterances, why):
    data = _prepared_set(tmp_path / "data", utterances)
    ran = []
    monkeypatch.setattr(voice_train.subprocess, "run", lambda command, env: ran.append(command) or
                        type("Done", (), {"returncode": 1})())            # piper is not started
    assert train_cli(["voice", "train", str(data), "--out", str(tmp_path / "run"), "--validation-split", split]) == 2
    err = capsys.readouterr().err
    assert f"voice train: warning: {why}: no validation loss, so early stopping is off" in err
    assert "no early stopping" in err and "piper.train ended with exit code 1" in err
    assert _callbacks(ran[0]) == [] and int(_option(ran[0], "--trainer.max_epochs")) > 0
    assert float(_option(ran[0], "--data.validation_split")) == float(split)


# --------------------------------------------------------------------------- voice evaluate offline
def test_voice_evaluate_without_an_asr_model_reports_speed_and_signal_and_says_what_it_skipped(
        voice_models, tmp_path, monkeypatch, capsys):
    import huggingface_hub
    home = tmp_path / "home"                       # no model cache of any kind on this "machine"
    for name, value in {"HOME": home, "HF_HOME": home / "hf", "XDG_CACHE_HOME": home / "cache"}.items():
        monkeypatch.setenv(name, str(value))
    hub_calls = []
    real = huggingface_hub.snapshot_download
    monkeypatch.setattr(huggingface_hub, "snapshot_download",
                        lambda *a, **k: hub_calls.append(k) or real(*a, **k))
    out = tmp_path / "eval"
    # the defaults: --asr-model small, which is not on this machine
    assert train_cli(["voice", "evaluate", str(voice_models.voice_ko), "--out", str(out), "--replies", "2",
                      "--quiet"]) == 0
    assert all(k.get("local_files_only") for k in hub_calls)           # looked up in the cache, never fetched
    err = capsys.readouterr().err
    assert "character error rate skipped: ASR model 'small' is not available offline" in err
    assert "hyguide models fetch --asr small" in err                   # how to get one
    figures = json.loads((out / "voice-eval.json").read_text())
    assert figures["replies"] == 2 and figures["rtf_mean"] > 0 and figures["first_audio_s_p50"] > 0
    assert figures["cer_mean"] is None and figures["asr_model"] is None and "'small'" in figures["cer_skipped"]
    assert all("cer" not in r and r["signal"]["seconds"] > 0 for r in figures["rows"])
    assert figures["signal_replies_with_errors"] == 0
    report = (out / "voice-eval.md").read_text()
    assert "**Skipped: character error rate**" in report and "| skipped |" in report and "## Signal checks" in report
    assert (out / "voice-eval.png").stat().st_size > 5000

    assert train_cli(["voice", "evaluate", str(voice_models.voice_ko), "--out", str(out), "--replies", "1",
                      "--no-asr", "--quiet"]) == 0
    assert "character error rate skipped: --no-asr" in capsys.readouterr().err
    # a folder that is not there is a typo, not a missing download: refused
    assert train_cli(["voice", "evaluate", str(voice_models.voice_ko), "--out", str(out),
                      "--asr-model", str(tmp_path / "nowhere" / "whisper"), "--quiet"]) == 2
    assert "ASR model folder not found" in capsys.readouterr().err


def test_voice_evaluate_reports_a_clipping_voice(voice_models, tmp_path, capsys):
    voice = _clipping_voice(voice_models.voice_ko, tmp_path / "clipped.onnx")
    out = tmp_path / "eval"
    assert train_cli(["voice", "evaluate", str(voice), "--out", str(out), "--replies", "2", "--no-asr",
                      "--quiet"]) == 0
    figures = json.loads((out / "voice-eval.json").read_text())
    assert figures["signal_replies_with_errors"] == 2 and figures["signal_problems"] == {"clipping (error)": 2}
    assert "signal problems in 2 replies: clipping (error) x2" in capsys.readouterr().err
    assert "- clipping (error): 2 replies" in (out / "voice-eval.md").read_text()
