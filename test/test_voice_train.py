"""`hyguide-train voice`, end to end on the CPU: a tiny Korean set (espeak-ng speech of the guide's own
normalised replies) -> prepare -> piper.train for a few steps (and a resume) -> export -> the tts node
says a Korean reply with that voice."""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
from tiny_models import TINY_PIPER_TRAINING, make_korean_voice_corpus

from hyguide_ros.engines.audio import read_wav, write_wav
from hyguide_ros.engines.speech_text import SpeechText
from hyguide_train.cli import main as train_cli
from hyguide_train.voice.evaluate import character_error_rate


@pytest.fixture(scope="module")
def korean_corpus(tmp_path_factory) -> Path:
    """An LJSpeech-style folder: espeak-ng speech of the first sentence of 50 guide replies, plus the
    clips prepare must drop (clipped, silent, too short, text nobody can say)."""
    root = make_korean_voice_corpus(tmp_path_factory.mktemp("ko-corpus"), 50)
    rows = (root / "metadata.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 50
    loud, rate = read_wav(root / "wavs" / "r000.wav")[:2]
    write_wav(root / "wavs" / "clipped.wav", np.clip(loud.astype(np.int32) * 50, -32768, 32767).astype(np.int16), rate)
    write_wav(root / "wavs" / "silent.wav", np.zeros(rate * 2, np.int16), rate)
    write_wav(root / "wavs" / "short.wav", loud[: rate // 10], rate)
    rows += ["clipped|한양플라자예요.", "silent|본관이에요.", "short|네.", "r001|?!…", "missing|없는 파일이에요."]
    (root / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trained_voice(korean_corpus, tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("voice")
    data, run, voice = work / "data", work / "run", work / "voices" / "ko_KR-tiny.onnx"
    assert train_cli(["voice", "prepare", str(korean_corpus), "--out", str(data), "--quiet"]) == 0
    common = ["voice", "train", str(data), "--out", str(run), "--accelerator", "cpu", "--batch-size", "4",
              "--workers", "0", "--quality", "medium"]
    assert train_cli(common + ["--max-steps", "2", "--", *TINY_PIPER_TRAINING]) == 0
    first = json.loads((run / "train-summary.json").read_text())
    assert train_cli(common + ["--max-steps", "4", "--", *TINY_PIPER_TRAINING]) == 0          # resumes from last.ckpt
    second = json.loads((run / "train-summary.json").read_text())
    # 4 steps from random weights are no voice yet: the check refuses it (its decoder sits far off centre),
    # --force keeps it for the tests below, which need a piper voice, not a good one
    with contextlib.redirect_stderr(io.StringIO()) as refused:
        assert train_cli(["voice", "export", str(run), "--out", str(voice)]) == 2
    with contextlib.redirect_stderr(io.StringIO()) as forced:
        assert train_cli(["voice", "export", str(run), "--out", str(voice), "--force"]) == 0
    return {"data": data, "run": run, "voice": voice, "first": first, "second": second,
            "refused": refused.getvalue(), "forced": forced.getvalue()}


def test_prepare_keeps_the_good_clips_and_says_why_it_dropped_the_others(trained_voice, korean_corpus):
    data = trained_voice["data"]
    report = json.loads((data / "prepare-report.json").read_text())
    assert report["clips"] == 55 and report["kept"] == 50
    assert {k: v for k, v in report["dropped"].items() if v} == \
        {"clipped": 1, "no_speech": 1, "too_short": 1, "unspeakable_text": 1, "missing_audio": 1}
    rows = [line.split("|") for line in (data / "metadata.csv").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 50 and all(not any(c.isdigit() for c in text) for _, text in rows)   # normalised
    with wave.open(str(data / "wavs" / rows[0][0])) as w:
        assert w.getframerate() == 22050 and w.getnchannels() == 1
    assert "| clipped | 1 |" in (data / "prepare-report.md").read_text()
    # a second run resumes: nothing is done again
    lines = (data / "progress.jsonl").read_text().count("\n")
    assert train_cli(["voice", "prepare", str(korean_corpus), "--out", str(data), "--quiet"]) == 0
    assert (data / "progress.jsonl").read_text().count("\n") == lines


def test_training_runs_piper_and_resumes_from_its_last_checkpoint(trained_voice):
    first, second = trained_voice["first"], trained_voice["second"]
    assert (first["steps_before"], first["steps_after"]) == (0, 2)
    assert (second["steps_before"], second["steps_after"]) == (2, 4)
    assert second["steps_per_s"] > 0
    assert list(trained_voice["run"].glob("lightning_logs/version_*/events.out.tfevents.*"))       # TensorBoard
    config = json.loads((trained_voice["run"] / "config.json").read_text())
    assert config["espeak"]["voice"] == "ko" and config["audio"]["sample_rate"] == 22050
    # a fixed seed: the same run every time (LightningCLI's default draws a new one)
    saved = [p.read_text() for p in trained_voice["run"].glob("lightning_logs/version_*/config.yaml")]
    assert saved and all("seed_everything: 0" in text for text in saved)


def test_training_with_the_default_limits_ends_by_itself(trained_voice, tmp_path):
    """No --max-steps, no --max-epochs: the default epoch limit is finite and early stopping on val_mel
    (a metric piper really logs: Lightning's strict EarlyStopping would fail the run otherwise) ends it.
    Kept short by what the defaults do not decide: one batch per epoch, and patience 1 with a min delta
    no mel loss can improve by, so the second validation stops the run."""
    run = tmp_path / "run"
    shutil.copytree(trained_voice["run"] / "cache", run / "cache")         # piper's preprocessed set, made once
    assert train_cli(["voice", "train", str(trained_voice["data"]), "--out", str(run), "--accelerator", "cpu",
                      "--batch-size", "4", "--workers", "0", "--early-stop-patience", "1",
                      "--early-stop-min-delta", "10", "--", *TINY_PIPER_TRAINING,
                      "--trainer.limit_train_batches", "0.1"]) == 0            # 1 of the 10 batches
    summary = json.loads((run / "train-summary.json").read_text())
    assert summary["max_epochs"] == 2000 and summary["max_epochs_rule"].startswith("default")
    assert summary["early_stopping"] and summary["utterances"] == {"train": 43, "validation": 2}
    assert summary["early_stopped"] and summary["epoch"] == 1 and summary["steps_after"] == 4   # 2 epochs x 1 batch


def test_export_refuses_the_untrained_voice_and_force_keeps_it_with_warnings(trained_voice):
    refused, forced = trained_voice["refused"], trained_voice["forced"]
    assert "fails the check on '안녕하세요, 한양대학교 안내 로봇이에요.'" in refused and "--force keeps it" in refused
    faults = ("clipped", "says nothing", "DC offset")
    assert any(fault in refused for fault in faults)
    assert "voice export: warning: ko_KR-tiny.onnx:" in forced and "(kept: --force)" in forced


def test_the_exported_voice_speaks_korean_through_the_tts_node(trained_voice, tmp_path):
    from test_node_edges import node_in_process

    from hyguide_ros.msg import GuideReply
    from hyguide_ros.nodes.tts_node import TtsNode
    voice = trained_voice["voice"]
    assert json.loads(Path(f"{voice}.json").read_text())["espeak"]["voice"] == "ko"
    lengths = {}
    for text in ("네.", "행원파크(707번 건물)는 예지문에서 걸어서 약 5분 거리에 있어요."):
        out = tmp_path / f"said-{len(text)}.wav"
        with node_in_process(TtsNode, **{"voices.ko": str(voice), "voices.en": "\"\"", "playback": "false",
                                         "output_wav": str(out)}) as node:
            assert node.synth.describe()["ko"] == "piper:ko_KR-tiny.onnx"
            node._on_reply(GuideReply(text=text, language="ko", turn_id=1, is_final=True))
        samples, rate, _ = read_wav(out)
        phonemes = sum(len(p) for s in _phonemes(SpeechText()(text, "ko")) for p in s)
        assert rate == 22050 and np.abs(samples.astype(int)).max() > 100                   # not silent
        # VITS gives each phoneme at least one 256-sample frame; an untrained duration predictor a few
        assert phonemes * 256 <= samples.size <= phonemes * 256 * 40, (text, phonemes, samples.size)
        lengths[text] = samples.size
    short, long = lengths.values()
    assert short < long


def _phonemes(text: str) -> list[list[str]]:
    from piper.phonemize_espeak import EspeakPhonemizer
    return EspeakPhonemizer().phonemize("ko", text)


def test_voice_evaluate_writes_figures_and_a_plot(trained_voice, voice_models, tmp_path):
    out = tmp_path / "eval"
    assert train_cli(["voice", "evaluate", str(trained_voice["voice"]), "--out", str(out), "--replies", "3",
                      "--asr-model", str(voice_models.whisper), "--quiet"]) == 0
    figures = json.loads((out / "voice-eval.json").read_text())
    assert figures["replies"] == 3 and figures["rtf_mean"] > 0 and figures["first_audio_s_p50"] > 0
    assert 0 <= figures["cer_mean"] and len(figures["rows"]) == 3
    assert (out / "voice-eval.png").stat().st_size > 5000 and "| replies |" in (out / "voice-eval.md").read_text()


def test_bad_input_is_refused_with_what_to_do(tmp_path, capsys):
    assert train_cli(["voice", "prepare", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "not an LJSpeech folder" in capsys.readouterr().err
    assert train_cli(["voice", "train", str(tmp_path), "--out", str(tmp_path / "run")]) == 2
    assert "no metadata.csv" in capsys.readouterr().err
    assert train_cli(["voice", "export", str(tmp_path), "--out", str(tmp_path / "v.onnx")]) == 2
    assert "no checkpoint" in capsys.readouterr().err


def test_character_error_rate():
    assert character_error_rate("백오 번 건물", "백오번 건물.") == 0.0
    assert character_error_rate("abcd", "abxd") == 0.25 and character_error_rate("ab", "") == 1.0


def test_monotonic_alignment_is_the_best_monotonic_path():
    """The compiled search (`make setup` puts it where piper imports it) against brute force."""
    import itertools

    import torch
    from piper.train.vits.monotonic_align import maximum_path
    rng = np.random.default_rng(0)
    frames, tokens = 6, 3
    scores = torch.tensor(rng.normal(size=(2, frames, tokens)), dtype=torch.float32)
    mask = torch.ones(2, frames, tokens)
    mask[1, 4:, :] = 0                                              # the second utterance has 4 frames
    path = maximum_path(scores, mask).numpy()
    def monotonic(seq: tuple[int, ...]) -> bool:
        return seq[0] == 0 and seq[-1] == tokens - 1 and all(0 <= b - a <= 1 for a, b in zip(seq, seq[1:]))

    for b, n in ((0, frames), (1, 4)):
        best = max((sum(scores[b, y, x].item() for y, x in enumerate(seq)), seq)
                   for seq in itertools.product(range(tokens), repeat=n) if monotonic(seq))
        assert [int(np.argmax(path[b, y])) for y in range(n)] == list(best[1])
        assert path[b, :n].sum() == n and path[b, n:].sum() == 0
