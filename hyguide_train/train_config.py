"""The model toolchain's configuration: one YAML file (config/train.yaml) read into dataclasses.

The dataclass defaults are the seed project's recipe (QLoRA nf4 + double quantization, fp16 compute,
LoRA r=16/alpha=32/dropout 0.05 on q/k/v/o, 3 epochs, batch 2 x accumulation 8, paged_adamw_8bit,
lr 2e-4 cosine, warmup 3 %, weight decay 0.01, eval/save every 100 steps, best by eval loss,
early stopping after 3 evaluations without improvement). A YAML file names only what it changes;
`--set section.key=value` on the command line changes one value more.
"""
from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class ModelSection:
    base: str = "nlpai-lab/ko-gemma-2b-v1"   # Hugging Face id or a local directory
    revision: str = ""                        # "" = the default branch
    max_seq_length: int = 1024                # longer samples are cut (the grounded prompts fit in ~600 tokens)


@dataclass
class QuantizationSection:
    mode: str = "4bit"                        # 4bit (QLoRA) | none (LoRA on a bf16/fp16 base)
    quant_type: str = "nf4"
    double_quant: bool = True
    compute_dtype: str = "float16"            # also the base's dtype when mode is none


@dataclass
class LoraSection:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])
    # ["all-linear"] puts LoRA on every linear layer (attention and MLP) but the output head


@dataclass
class DataSection:
    train: str = "data/sft/train.jsonl"       # `hyguide-train dataset build` output
    val: str = "data/sft/val.jsonl"
    variants: list[str] = field(default_factory=lambda: ["plain"])   # plain and/or grounded (facts in the prompt)
    assistant_only_loss: bool = False         # loss on the answer's tokens only (not the prompt's)
    general: str = ""                         # general instruction data (messages JSONL) against forgetting
    general_share: float = 0.0                # its share of the training mix, e.g. 0.2
    max_train_samples: int = 0                # 0 = all
    max_val_samples: int = 0


@dataclass
class TrainingSection:
    output_dir: str = "runs/ko-gemma-2b-hyguide"   # everything of a run lands under here
    epochs: float = 3.0
    max_steps: int = -1                       # > 0 overrides epochs
    per_device_batch_size: int = 2
    gradient_accumulation_steps: int = 8
    optim: str = "paged_adamw_8bit"
    learning_rate: float = 2e-4
    lr_scheduler: str = "cosine"
    warmup_ratio: float = 0.03
    weight_decay: float = 0.01
    eval_steps: int = 100
    save_steps: int = 100
    save_total_limit: int = 3
    logging_steps: int = 10
    early_stopping_patience: int = 3          # 0 = off
    gradient_checkpointing: bool = True
    seed: int = 42
    device: str = "auto"                      # auto (cuda when there is one) | cuda | cpu


@dataclass
class MergeSection:
    dtype: str = "float16"                    # dtype of the saved merged model (the base is never the 4-bit copy)
    check_prompts: int = 3                    # validation prompts compared, base+adapter vs merged, in float32
    tolerance: float = 1e-3                   # max |logit difference| allowed
    max_shard_size: str = "2GB"


@dataclass
class ExportSection:
    outtype: str = "f32"                      # f32 | f16: the GGUF that is checked and quantized from
    quantizations: list[str] = field(default_factory=lambda: ["Q4_K_M", "Q4_0", "Q4_K_S", "Q8_0"])
    check_prompts: int = 2
    atol: float = 1e-3                        # pass when max|diff| <= atol + rtol * max|logit|
    rtol: float = 2e-3                        # llama.cpp vs torch at 2.5 B params: ~8e-4 x max|logit| (measured)
    threads: int = 0                          # 0 = all cores


@dataclass
class EvaluateSection:
    max_questions: int = 200                  # validation questions generated and scored per model
    max_new_tokens: int = 160
    perplexity_samples: int = 200             # validation conversations for perplexity
    models: list[str] = field(default_factory=lambda: ["hf", "gguf"])   # hf: merged model; gguf: every file made
    n_gpu_layers: int = 0                     # llama.cpp offload while evaluating GGUF files
    threads: int = 0


@dataclass
class TrainConfig:
    model: ModelSection = field(default_factory=ModelSection)
    quantization: QuantizationSection = field(default_factory=QuantizationSection)
    lora: LoraSection = field(default_factory=LoraSection)
    data: DataSection = field(default_factory=DataSection)
    training: TrainingSection = field(default_factory=TrainingSection)
    merge: MergeSection = field(default_factory=MergeSection)
    export: ExportSection = field(default_factory=ExportSection)
    evaluate: EvaluateSection = field(default_factory=EvaluateSection)

    # Where each stage writes, under training.output_dir.
    @property
    def run_dir(self) -> Path:
        return Path(self.training.output_dir)

    @property
    def checkpoints_dir(self) -> Path:
        return self.run_dir / "checkpoints"

    @property
    def adapter_dir(self) -> Path:
        return self.run_dir / "adapter"

    @property
    def merged_dir(self) -> Path:
        return self.run_dir / "merged"

    @property
    def gguf_dir(self) -> Path:
        return self.run_dir / "gguf"

    @property
    def report_dir(self) -> Path:
        return self.run_dir / "report"

    def validate(self) -> None:
        checks = [
            (self.quantization.mode in ("4bit", "none"), f"quantization.mode must be 4bit or none, not {self.quantization.mode!r}"),
            (self.quantization.compute_dtype in DTYPES, f"quantization.compute_dtype must be one of {', '.join(DTYPES)}"),
            (self.merge.dtype in DTYPES, f"merge.dtype must be one of {', '.join(DTYPES)}"),
            (self.export.outtype in ("f32", "f16"), "export.outtype must be f32 or f16"),
            (set(self.data.variants) <= {"plain", "grounded"} and bool(self.data.variants),
             "data.variants must be plain and/or grounded"),
            (0 <= self.data.general_share < 1, "data.general_share must be in [0, 1)"),
            (not self.data.general_share or bool(self.data.general), "data.general_share needs data.general (a file)"),
            (self.training.device in ("auto", "cuda", "cpu"), "training.device must be auto, cuda or cpu"),
            (set(self.evaluate.models) <= {"hf", "gguf"}, "evaluate.models must be among hf, gguf"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"config: {message}")


DTYPES = ("float32", "float16", "bfloat16")


def _build(cls: type, data: dict, where: str):
    """A dataclass from a dict, refusing unknown keys and wrong types by name."""
    if not isinstance(data, dict):
        raise ValueError(f"config: {where or 'the file'} must be a mapping, not {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"config: unknown key {where + '.' if where else ''}{sorted(unknown)[0]} "
                         f"(known: {', '.join(sorted(known))})")
    values = {}
    for name, value in data.items():
        hint, key = hints[name], f"{where}.{name}" if where else name
        if dataclasses.is_dataclass(hint):
            values[name] = _build(hint, value or {}, key)
        else:
            values[name] = _coerce(value, hint, key)
    return cls(**values)


def _coerce(value, hint, key: str):
    origin = typing.get_origin(hint)
    if origin is list:
        items = value if isinstance(value, list) else [value]
        return [str(v) for v in items]
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise ValueError(f"config: {key} must be true or false, not {value!r}")
    if hint in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"config: {key} must be a number, not {value!r}")
        if hint is int and float(value) != int(value):
            raise ValueError(f"config: {key} must be a whole number, not {value!r}")
        return hint(value)
    return "" if value is None else str(value)


def apply_override(data: dict, assignment: str) -> None:
    """`section.key=value` (value read as YAML) written into the raw config dict."""
    path, sep, raw = assignment.partition("=")
    if not sep or "." not in path:
        raise ValueError(f"--set wants section.key=value, not {assignment!r}")
    section, key = path.split(".", 1)
    data.setdefault(section, {})
    if not isinstance(data[section], dict):
        raise ValueError(f"config: {section} must be a mapping")
    data[section][key] = yaml.safe_load(raw)


def shipped_config() -> Path | None:
    """config/train.yaml as installed (colcon share directory) or in the source tree; None for a bare pip install."""
    try:
        from ament_index_python.packages import get_package_share_directory
        path = Path(get_package_share_directory("hyguide_ros")) / "config" / "train.yaml"
    except Exception:
        path = Path(__file__).resolve().parent.parent / "config" / "train.yaml"
    return path if path.is_file() else None


def load_config(path: str | Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    """The config in `path` (YAML; None = the shipped config/train.yaml) over the defaults, with
    `overrides` applied; validated."""
    data: dict = {}
    path = path or shipped_config()
    if path:
        path = Path(path)
        if not path.is_file():
            raise ValueError(f"config file not found: {path}")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"config: {path} is not valid YAML: {exc}") from None
    for assignment in overrides:
        apply_override(data, assignment)
    config = _build(TrainConfig, data, "")
    config.validate()
    return config


def config_to_dict(config: TrainConfig) -> dict:
    return dataclasses.asdict(config)
