"""`voice train`: piper's VITS training (`python -m piper.train fit`, LightningCLI) on a prepared set.

Runs piper's trainer in a child process (a native crash ends that process, not the caller), with:
- `quality`: x_low / low (16 kHz) or medium (22.05 kHz), piper's published model sizes;
- `from_checkpoint`: fine-tune an existing piper checkpoint of any language (its weights are copied,
  the optimiser and step count start afresh: piper's `warmstart_ckpt`), the usual and far cheaper way;
- resume: a run into an OUT that holds a `last.ckpt` continues from it (unless `fresh`);
- TensorBoard logs under OUT/lightning_logs; Lightning's own `strategy` / `devices` for several GPUs.
Anything after `--` goes to piper's LightningCLI unchanged (`--model.hidden_channels 96`).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import TrainError

QUALITIES: dict[str, dict[str, object]] = {
    "x_low": {"sample_rate": 16000, "hidden_channels": 96, "inter_channels": 96, "filter_channels": 384},
    "low": {"sample_rate": 16000},
    "medium": {"sample_rate": 22050},
}


@dataclass
class VoiceTrainConfig:
    data: Path                           # `voice prepare` output (metadata.csv + wavs/)
    out: Path
    name: str = "ko_KR-hyguide"
    espeak_voice: str = "ko"
    quality: str = "medium"
    from_checkpoint: str = ""            # a piper .ckpt to fine-tune
    fresh: bool = False                  # ignore OUT's last.ckpt
    max_steps: int = -1                  # optimiser steps (piper counts generator + discriminator: 2 per batch)
    max_epochs: int = -1
    batch_size: int = 32
    accelerator: str = "auto"            # cpu, gpu, auto
    devices: str = "auto"
    strategy: str = "auto"               # ddp, ... (Lightning)
    precision: str = "32-true"
    num_workers: int = 2
    validation_split: float = 0.05
    seed: int = 0                        # the same seed, the same run (LightningCLI would draw a new one each time)
    extra: list[str] = field(default_factory=list)

    def validate(self) -> None:
        if self.quality not in QUALITIES:
            raise TrainError(f"quality must be one of {', '.join(QUALITIES)}, not {self.quality!r}")
        if not (self.data / "metadata.csv").is_file():
            raise TrainError(f"{self.data}: no metadata.csv; make the set with `hyguide-train voice prepare`")
        if self.from_checkpoint and not Path(self.from_checkpoint).is_file():
            raise TrainError(f"checkpoint not found: {self.from_checkpoint}")
        if self.batch_size < 1:
            raise TrainError("batch size must be at least 1")


def last_checkpoint(out: Path) -> Path | None:
    """The newest last.ckpt under OUT/lightning_logs (the resume point)."""
    found = sorted(out.glob("lightning_logs/version_*/checkpoints/last.ckpt"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def checkpoint_step(path: Path | None) -> int:
    if path is None:
        return 0
    import torch
    return int(torch.load(path, map_location="cpu", weights_only=False).get("global_step", 0))


def fit_command(config: VoiceTrainConfig) -> list[str]:
    """The `python -m piper.train fit` command line for this run."""
    preset = QUALITIES[config.quality]
    command = [sys.executable, "-m", "piper.train", "fit",
               "--data.voice_name", config.name, "--data.csv_path", str(config.data / "metadata.csv"),
               "--data.audio_dir", str(config.data / "wavs"), "--data.espeak_voice", config.espeak_voice,
               "--data.cache_dir", str(config.out / "cache"), "--data.config_path", str(config.out / "config.json"),
               "--data.batch_size", str(config.batch_size), "--data.num_workers", str(config.num_workers),
               "--data.validation_split", str(config.validation_split),
               "--model.mos_metric", "none",          # UTMOS is downloaded from a hub: not on an offline machine
               "--trainer.default_root_dir", str(config.out), "--trainer.accelerator", config.accelerator,
               "--trainer.devices", config.devices, "--trainer.strategy", config.strategy,
               "--trainer.precision", config.precision, "--trainer.max_steps", str(config.max_steps),
               "--trainer.max_epochs", str(config.max_epochs), "--trainer.log_every_n_steps", "10",
               "--seed_everything", str(config.seed)]
    for key, value in preset.items():
        command += [f"--model.{key}", str(value)]
    resume = None if config.fresh else last_checkpoint(config.out)
    if resume is not None:
        command += ["--ckpt_path", str(resume)]
    elif config.from_checkpoint:
        command += ["--model.warmstart_ckpt", str(config.from_checkpoint)]
    return command + list(config.extra)


def train(config: VoiceTrainConfig) -> dict:
    """Run piper's trainer; returns (and writes to OUT/train-summary.json) steps, seconds and the checkpoint."""
    config.validate()
    config.out.mkdir(parents=True, exist_ok=True)
    before = checkpoint_step(None if config.fresh else last_checkpoint(config.out))
    command = fit_command(config)
    print("voice train:", " ".join(command[1:]), file=sys.stderr)
    print(f"voice train: TensorBoard: tensorboard --logdir {config.out / 'lightning_logs'}", file=sys.stderr)
    started = time.perf_counter()
    done = subprocess.run(command)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"exit code {done.returncode}"
        raise TrainError(f"piper.train ended with {how} (its output is above); "
                         f"rerun to resume from the last checkpoint")
    checkpoint = last_checkpoint(config.out)
    if checkpoint is None:
        raise TrainError(f"piper.train wrote no checkpoint under {config.out / 'lightning_logs'}")
    after = checkpoint_step(checkpoint)
    summary = {"checkpoint": str(checkpoint), "steps_before": before, "steps_after": after,
               "seconds": round(seconds, 2), "steps_per_s": round((after - before) / seconds, 4) if seconds else 0.0,
               "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}}
    (config.out / "train-summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary
