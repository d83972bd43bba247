"""`voice train`: piper's VITS training (`python -m piper.train fit`, LightningCLI) on a prepared set.

Runs piper's trainer in a child process (a native crash ends that process, not the caller), with:
- `quality`: x_low / low (16 kHz) or medium (22.05 kHz), piper's published model sizes;
- `from_checkpoint`: fine-tune an existing piper checkpoint of any language (its weights are copied,
  the optimiser and step count start afresh: piper's `warmstart_ckpt`), the usual and far cheaper way;
- resume: a run into an OUT that holds a `last.ckpt` continues from it (unless `fresh`);
- TensorBoard logs under OUT/lightning_logs; Lightning's own `strategy` / `devices` for several GPUs.
Anything after `--` goes to piper's LightningCLI unchanged (`--model.hidden_channels 96`). piper's
trainer starts through `piper_fit`: its own main() without its val_mos checkpoint callback, which with
the MOS predictor off (an offline machine) fails every run at its first validation.

A run ends by itself (piper's own default is `max_epochs -1`: forever):
- `max_epochs` defaults to a rule on the set's size (`default_max_epochs`): enough epochs for about
  100,000 batches, at least 100 and at most 2000 (KSS at batch 32: 263; a few hundred clips: 2000);
- early stopping (Lightning's EarlyStopping) on `val_mel`, the validation mel-spectrogram L1 that
  piper logs each epoch and keeps its best checkpoints by: no new best for `early_stop_patience`
  validations (epochs) ends the run. piper warns that mel L1 levels off while the adversarial losses
  still clean the sound, so the patience is long (50) and the best checkpoints stay for listening.
A validation split that leaves no validation utterance turns early stopping off, with a warning.
"""
from __future__ import annotations

import json
import math
import os
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
    max_steps: int = -1                  # optimiser steps (2 per batch: generator + discriminator); -1 = none
    max_epochs: int | None = None        # None: default_max_epochs (the set's size); -1 = no limit (asked for only)
    early_stop_patience: int = 50        # validations without a new best val_mel before stopping; 0 = off
    early_stop_min_delta: float = 0.0     # a better val_mel by less than this does not count as better
    early_stop_monitor: str = "val_mel"  # a metric piper logs at validation (val_loss: the generator's total)
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
        if not 0 <= self.validation_split < 1:
            raise TrainError(f"validation split must be in [0, 1), not {self.validation_split}")
        if self.max_epochs is not None and (self.max_epochs == 0 or self.max_epochs < -1):
            raise TrainError(f"max epochs must be at least 1, or -1 for no limit, not {self.max_epochs}")
        if self.max_steps == 0 or self.max_steps < -1:
            raise TrainError(f"max steps must be at least 1, or -1 for no limit, not {self.max_steps}")
        if self.early_stop_patience < 0 or self.early_stop_min_delta < 0:
            raise TrainError("early-stop patience and min delta must be 0 or more (patience 0: off)")


# The default epoch budget: a run sees about this many batches, whatever the set's size (a small set
# needs more passes), within these bounds. Early stopping usually ends a run before the budget.
TARGET_BATCHES = 100_000
MIN_EPOCHS, MAX_EPOCHS = 100, 2000
NUM_TEST_EXAMPLES = 5                    # piper's VitsDataModule keeps this many utterances aside for its samples


def default_max_epochs(train_utterances: int, batch_size: int) -> int:
    """Epochs for about TARGET_BATCHES batches of this set, clamped to [MIN_EPOCHS, MAX_EPOCHS]."""
    batches = max(1, train_utterances // batch_size if train_utterances > batch_size else 1)   # piper drops the last
    return min(MAX_EPOCHS, max(MIN_EPOCHS, math.ceil(TARGET_BATCHES / batches)))


@dataclass
class RunPlan:
    """What a run will do, decided before piper starts: the split, the epoch limit, early stopping."""
    utterances: int
    validation: int                      # piper's split: int(utterances * validation_split)
    train: int
    max_epochs: int                      # -1: no limit (only when asked for)
    max_epochs_rule: str                 # where max_epochs came from, for the log and the summary
    early_stopping: bool
    warnings: list[str] = field(default_factory=list)


def plan_run(config: VoiceTrainConfig) -> RunPlan:
    """The run's split and limits, as piper's data module will split the set (see NUM_TEST_EXAMPLES)."""
    with open(config.data / "metadata.csv", encoding="utf-8") as f:
        utterances = sum(1 for line in f if line.strip())
    validation = int(utterances * config.validation_split)
    test = min(NUM_TEST_EXAMPLES, max(0, utterances - validation - 1))
    train = utterances - validation - test
    warnings = []
    early = config.early_stop_patience > 0
    if validation == 0:
        why = ("the validation split is 0" if config.validation_split == 0 else
               f"a validation split of {config.validation_split} leaves no validation utterance in "
               f"{utterances} (at least {math.ceil(1 / config.validation_split)} are needed)")
        warnings.append(f"{why}: no validation loss, so early stopping is off and only the epoch limit ends "
                        f"the run; give --validation-split so that it keeps a few utterances (e.g. 0.05)")
        early = False
    if config.max_epochs is None:
        max_epochs = default_max_epochs(train, config.batch_size)
        rule = (f"default: about {TARGET_BATCHES:,} batches of {train} training utterances at batch "
                f"{config.batch_size}, within [{MIN_EPOCHS}, {MAX_EPOCHS}]")
    else:
        max_epochs, rule = config.max_epochs, "--max-epochs"
    if max_epochs == -1 and config.max_steps == -1:
        warnings.append("no epoch or step limit (--max-epochs -1): " + (
            f"only early stopping ({config.early_stop_monitor}, patience {config.early_stop_patience}) ends the run"
            if early else "the run goes on until you stop it (Ctrl-C; a rerun resumes)"))
    return RunPlan(utterances, validation, train, max_epochs, rule, early, warnings)


def last_checkpoint(out: Path) -> Path | None:
    """The newest last.ckpt under OUT/lightning_logs (the resume point)."""
    found = sorted(out.glob("lightning_logs/version_*/checkpoints/last.ckpt"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def checkpoint_step(path: Path | None) -> int:
    """The optimiser step a checkpoint was saved at (0 without one)."""
    if path is None:
        return 0
    import torch
    return int(torch.load(path, map_location="cpu", weights_only=False).get("global_step", 0))


def early_stopping_argument(config: VoiceTrainConfig) -> str:
    """LightningCLI's way to add a callback from the command line: `--trainer.callbacks+=<class and args>`
    (added to piper's own checkpoint callbacks, which LightningCLI keeps). Checked after each validation
    only: at the end of a training epoch, as Lightning would by default, a run stopped by --max-steps
    before its first validation has no val_mel yet and strict EarlyStopping fails it."""
    return "--trainer.callbacks+=" + json.dumps({
        "class_path": "lightning.pytorch.callbacks.EarlyStopping",
        "init_args": {"monitor": config.early_stop_monitor, "mode": "min", "patience": config.early_stop_patience,
                      "min_delta": config.early_stop_min_delta, "check_on_train_epoch_end": False}})


def fit_command(config: VoiceTrainConfig, plan: RunPlan | None = None) -> list[str]:
    """The `python -m piper.train fit` command line for this run (through `piper_fit`, same arguments)."""
    plan = plan or plan_run(config)
    preset = QUALITIES[config.quality]
    command = [sys.executable, "-m", "hyguide_train.voice.piper_fit", "fit",
               "--data.voice_name", config.name, "--data.csv_path", str(config.data / "metadata.csv"),
               "--data.audio_dir", str(config.data / "wavs"), "--data.espeak_voice", config.espeak_voice,
               "--data.cache_dir", str(config.out / "cache"), "--data.config_path", str(config.out / "config.json"),
               "--data.batch_size", str(config.batch_size), "--data.num_workers", str(config.num_workers),
               "--data.validation_split", str(config.validation_split),
               "--model.mos_metric", "none",          # UTMOS is downloaded from a hub: not on an offline machine
               "--trainer.default_root_dir", str(config.out), "--trainer.accelerator", config.accelerator,
               "--trainer.devices", config.devices, "--trainer.strategy", config.strategy,
               "--trainer.precision", config.precision, "--trainer.max_steps", str(config.max_steps),
               "--trainer.max_epochs", str(plan.max_epochs), "--trainer.log_every_n_steps", "10",
               "--seed_everything", str(config.seed)]
    for key, value in preset.items():
        command += [f"--model.{key}", str(value)]
    if plan.early_stopping:
        command.append(early_stopping_argument(config))
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
    plan = plan_run(config)
    for warning in plan.warnings:
        print(f"voice train: warning: {warning}", file=sys.stderr)
    print(f"voice train: {plan.utterances} utterances: {plan.train} to train on, {plan.validation} to validate; "
          + (f"at most {plan.max_epochs} epochs" if plan.max_epochs > 0 else "no epoch limit")
          + f" ({plan.max_epochs_rule})"
          + (f"; early stopping after {config.early_stop_patience} validations without a better "
             f"{config.early_stop_monitor}" if plan.early_stopping else "; no early stopping"), file=sys.stderr)
    command = fit_command(config, plan)
    print("voice train:", " ".join(command[1:]), file=sys.stderr)
    print(f"voice train: TensorBoard: tensorboard --logdir {config.out / 'lightning_logs'}", file=sys.stderr)
    started = time.perf_counter()
    # the child must import hyguide_train too: where this process found it goes last on its path
    package_root = str(Path(__file__).parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), package_root) if p)}
    done = subprocess.run(command, env=env)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        how = f"signal {-done.returncode}" if done.returncode < 0 else f"exit code {done.returncode}"
        raise TrainError(f"piper.train ended with {how} (its output is above); "
                         f"rerun to resume from the last checkpoint")
    checkpoint = last_checkpoint(config.out)
    if checkpoint is None:
        raise TrainError(f"piper.train wrote no checkpoint under {config.out / 'lightning_logs'}")
    ended = how_it_ended(checkpoint)
    after = ended.pop("step")
    summary = {"checkpoint": str(checkpoint), "steps_before": before, "steps_after": after,
               "seconds": round(seconds, 2), "steps_per_s": round((after - before) / seconds, 4) if seconds else 0.0,
               **ended, "max_epochs": plan.max_epochs, "max_epochs_rule": plan.max_epochs_rule,
               "early_stopping": plan.early_stopping,
               "utterances": {"train": plan.train, "validation": plan.validation},
               "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}}
    (config.out / "train-summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def how_it_ended(checkpoint: Path) -> dict:
    """From the last checkpoint: its optimiser step, its epoch (0-based, as Lightning counts) and whether
    early stopping ended the run (its callback state: as many validations without a better value as patience)."""
    import torch
    saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    early = [state for name, state in saved.get("callbacks", {}).items() if name.startswith("EarlyStopping")]
    stopped = bool(early) and early[0].get("wait_count", 0) >= early[0].get("patience", 1) > 0
    return {"step": int(saved.get("global_step", 0)), "epoch": int(saved.get("epoch", 0)), "early_stopped": stopped}
