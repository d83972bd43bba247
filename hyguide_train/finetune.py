"""`hyguide-train finetune`: (Q)LoRA supervised fine-tuning of the guide's LLM with trl's SFTTrainer.

- data: the `dataset build` JSONL (chat `messages` + `meta`), filtered by variant (plain / grounded),
  optionally mixed with general instruction data against forgetting;
- loss on every token, or on the answer only (prompt/completion records, trl's completion-only loss);
- 4-bit QLoRA (bitsandbytes nf4) or LoRA on a 16-bit base; refuses 4-bit where bitsandbytes cannot;
- resumes from the last checkpoint in the run directory; TensorBoard logs; under `accelerate launch`
  each process trains on its own GPU (DDP) or FSDP shards the base, with no code change.
"""
from __future__ import annotations

import json
import math
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import TrainError
from .files import read_json_lines
from .train_config import TrainConfig, config_to_dict


# --------------------------------------------------------------------------- data
def read_jsonl(path: str | Path, what: str) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise TrainError(f"{what} not found: {path} (build it with `hyguide-train dataset build --out DIR`)")
    records = []
    for n, record in read_json_lines(path):
        messages = record.get("messages") if isinstance(record, dict) else None
        if not isinstance(messages, list) or not messages or messages[-1].get("role") != "assistant":
            raise TrainError(f"{path}:{n}: a record needs `messages` ending with an assistant turn")
        records.append(record)
    return records


def fold_system(messages: list[dict]) -> list[dict]:
    """Gemma's chat template has no system role: a system message goes in front of the first user turn."""
    if not messages or messages[0].get("role") != "system":
        return messages
    system, rest = messages[0]["content"], [dict(m) for m in messages[1:]]
    if rest and rest[0].get("role") == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
    return rest


def to_example(record: dict, completion_only: bool) -> dict:
    messages = fold_system([{"role": m["role"], "content": m["content"]} for m in record["messages"]])
    if completion_only:
        return {"prompt": messages[:-1], "completion": messages[-1:]}
    return {"messages": messages}


def select_records(records: list[dict], variants: list[str]) -> list[dict]:
    """Records of the wanted variants (records without meta, e.g. general data, are kept)."""
    return [r for r in records if (r.get("meta") or {}).get("variant", variants[0]) in variants]


def training_examples(config: TrainConfig) -> tuple[list[dict], list[dict], dict]:
    """(train, val, counts) as trl examples, mixed and trimmed as the config says."""
    d = config.data
    rng = random.Random(config.training.seed)
    train = select_records(read_jsonl(d.train, "training data"), d.variants)
    val = select_records(read_jsonl(d.val, "validation data"), d.variants)
    if not train or not val:
        raise TrainError(f"no records of variant {', '.join(d.variants)} in {d.train if not train else d.val}")
    rng.shuffle(train)
    if d.max_train_samples:
        train = train[: d.max_train_samples]
    if d.max_val_samples:
        val = random.Random(0).sample(val, min(d.max_val_samples, len(val)))
    counts = {"task": len(train), "general": 0, "val": len(val)}
    if d.general_share:
        general = read_jsonl(d.general, "general instruction data")
        wanted = round(len(train) * d.general_share / (1 - d.general_share))
        mix = [general[i % len(general)] for i in range(wanted)] if wanted > len(general) else rng.sample(general, wanted)
        counts["general"] = len(mix)
        train = train + mix
        rng.shuffle(train)
    return ([to_example(r, d.assistant_only_loss) for r in train],
            [to_example(r, d.assistant_only_loss) for r in val], counts)


# --------------------------------------------------------------------------- model
def resolve_device(config: TrainConfig) -> str:
    import torch
    want = config.training.device
    if want == "cuda" and not torch.cuda.is_available():
        raise TrainError("training.device is cuda but torch sees no CUDA GPU "
                         f"(torch {torch.__version__}; a CPU build?). Set training.device: cpu or auto.")
    return want if want != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")


def check_4bit_support(device: str) -> None:
    """Run one 4-bit layer on `device`; refuse the run with a clear message when bitsandbytes cannot."""
    try:
        import bitsandbytes as bnb
        import torch
    except Exception as exc:   # ImportError, or a broken CUDA set-up that bitsandbytes raises on import
        raise TrainError(f"4-bit QLoRA needs bitsandbytes, which does not load here ({exc}). Install it "
                         "(pip install bitsandbytes) or train LoRA on a 16-bit base: quantization.mode: none") from None
    try:
        layer = bnb.nn.Linear4bit(64, 64, bias=False, compute_dtype=torch.float32, quant_type="nf4").to(device)
        out = layer(torch.ones(1, 64, device=device))
        if not torch.isfinite(out).all():
            raise RuntimeError("non-finite output")
    except Exception as exc:
        raise TrainError(f"bitsandbytes {getattr(bnb, '__version__', '?')} cannot run 4-bit layers on {device} here "
                         f"({type(exc).__name__}: {exc}). Use a GPU/bitsandbytes build that supports it, "
                         "or set quantization.mode: none (LoRA on a bf16/fp16 base).") from None


def torch_dtype(name: str):
    import torch
    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}[name]


def fsdp_enabled() -> bool:
    return os.environ.get("ACCELERATE_USE_FSDP", "false").lower() in ("1", "true")


def load_base_for_training(config: TrainConfig, device: str):
    """The base model, 4-bit quantized or in 16 bits, placed for this process."""
    from accelerate import PartialState
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    q = config.quantization
    compute = torch_dtype(q.compute_dtype) if device == "cuda" else torch_dtype("float32")   # no fp16 math on CPU
    kwargs: dict = {"dtype": compute, "revision": config.model.revision or None, "attn_implementation": "eager"}
    if q.mode == "4bit":
        check_4bit_support(device)
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type=q.quant_type, bnb_4bit_use_double_quant=q.double_quant,
            bnb_4bit_compute_dtype=compute,
            bnb_4bit_quant_storage=compute if fsdp_enabled() else None)   # FSDP shards 4-bit weights stored as `compute`
    if not fsdp_enabled():   # DDP / single process: one whole copy per process, on its own device
        kwargs["device_map"] = {"": "cpu"} if device == "cpu" else {"": PartialState().local_process_index}
    try:
        return AutoModelForCausalLM.from_pretrained(config.model.base, **kwargs)
    except OSError as exc:
        raise TrainError(f"cannot load the base model {config.model.base!r}: {exc}") from None


def load_tokenizer(source: str | Path, revision: str = ""):
    from transformers import AutoTokenizer
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(source), revision=revision or None)
    except OSError as exc:
        raise TrainError(f"cannot load the tokenizer of {source}: {exc}") from None
    if tokenizer.chat_template is None:
        raise TrainError(f"{source}: the tokenizer has no chat template (tokenizer_config.json / chat_template.jinja)")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def lora_config(config: TrainConfig):
    from peft import LoraConfig
    targets = config.lora.target_modules
    return LoraConfig(r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=config.lora.dropout,
                      target_modules="all-linear" if targets == ["all-linear"] else targets,
                      bias="none", task_type="CAUSAL_LM")


def checkpointing_args(config_class, enabled: bool) -> dict:
    """Activation checkpointing under the name this transformers uses (renamed in 5.2x from gradient_*)."""
    import dataclasses
    prefix = "activation" if "activation_checkpointing" in {f.name for f in dataclasses.fields(config_class)} \
        else "gradient"
    return {f"{prefix}_checkpointing": enabled,
            f"{prefix}_checkpointing_kwargs": {"use_reentrant": False} if enabled else None}


# --------------------------------------------------------------------------- the run
@dataclass
class FinetuneResult:
    adapter_dir: Path
    seconds: float
    steps: int
    resumed_from: str | None
    best_eval_loss: float | None
    train_examples: int
    trainable_params: int
    world_size: int = 1          # processes that trained together (DDP/FSDP under accelerate launch / torchrun)
    main_process: bool = True


def last_checkpoint(directory: Path) -> str | None:
    from transformers.trainer_utils import get_last_checkpoint
    return get_last_checkpoint(str(directory)) if directory.is_dir() else None


def finetune(config: TrainConfig, progress: bool = True) -> FinetuneResult:
    """Train the adapter; resume from the run's last checkpoint; write adapter/ and finetune.json."""
    import torch
    from accelerate import PartialState
    from datasets import Dataset
    from transformers import EarlyStoppingCallback
    from transformers.integrations import TensorBoardCallback
    from trl import SFTConfig, SFTTrainer

    start = time.perf_counter()
    device = resolve_device(config)
    t = config.training
    train_examples, val_examples, counts = training_examples(config)
    tokenizer = load_tokenizer(config.model.base, config.model.revision)
    model = load_base_for_training(config, device)
    four_bit_layers = sum(type(m).__name__ == "Linear4bit" for m in model.modules())

    on_gpu = device == "cuda"
    compute = config.quantization.compute_dtype
    args = SFTConfig(
        output_dir=str(config.checkpoints_dir),
        num_train_epochs=t.epochs, max_steps=t.max_steps,
        per_device_train_batch_size=t.per_device_batch_size, per_device_eval_batch_size=t.per_device_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        optim=t.optim, learning_rate=t.learning_rate, lr_scheduler_type=t.lr_scheduler,
        warmup_steps=t.warmup_ratio, weight_decay=t.weight_decay,
        eval_strategy="steps", eval_steps=t.eval_steps, save_strategy="steps", save_steps=t.save_steps,
        save_total_limit=t.save_total_limit, load_best_model_at_end=True, metric_for_best_model="eval_loss",
        greater_is_better=False, logging_steps=t.logging_steps, report_to=[],
        fp16=on_gpu and compute == "float16", bf16=on_gpu and compute == "bfloat16", use_cpu=not on_gpu,
        seed=t.seed, max_length=config.model.max_seq_length, packing=False,
        completion_only_loss=config.data.assistant_only_loss, ddp_find_unused_parameters=False,
        disable_tqdm=not progress, dataloader_num_workers=0,
        **checkpointing_args(SFTConfig, t.gradient_checkpointing),
    )
    callbacks = [EarlyStoppingCallback(t.early_stopping_patience)] if t.early_stopping_patience else []
    if PartialState().is_main_process:
        from torch.utils.tensorboard import SummaryWriter
        callbacks.append(TensorBoardCallback(SummaryWriter(log_dir=str(config.run_dir / "tensorboard"))))
    trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(train_examples),
                         eval_dataset=Dataset.from_list(val_examples), processing_class=tokenizer,
                         peft_config=lora_config(config), callbacks=callbacks)
    for param in trainer.model.parameters():    # fp16 mixed precision unscales float32 master weights only
        if param.requires_grad and param.dtype != torch.float32:
            param.data = param.data.float()
    resume = last_checkpoint(config.checkpoints_dir)
    trainer.train(resume_from_checkpoint=resume)
    trainable = sum(p.numel() for p in trainer.model.parameters() if p.requires_grad)

    state = trainer.state
    result = FinetuneResult(adapter_dir=config.adapter_dir, seconds=time.perf_counter() - start,
                            steps=state.global_step, resumed_from=resume, best_eval_loss=state.best_metric,
                            train_examples=len(train_examples), trainable_params=trainable,
                            world_size=PartialState().num_processes, main_process=trainer.is_world_process_zero())
    if trainer.is_world_process_zero():
        trainer.model.save_pretrained(str(config.adapter_dir))     # the best adapter (load_best_model_at_end)
        tokenizer.save_pretrained(str(config.adapter_dir))
        history = [dict(h) for h in state.log_history]
        summary = {"stage": "finetune", "done": True, "seconds": round(result.seconds, 2), "steps": result.steps,
                   "resumed_from": resume, "best_eval_loss": result.best_eval_loss,
                   "best_checkpoint": state.best_model_checkpoint, "examples": counts,
                   "trainable_params": trainable, "device": device, "world_size": result.world_size,
                   "quantization": config.quantization.mode, "base_4bit_layers": four_bit_layers,
                   "gpu": torch.cuda.get_device_name() if on_gpu else None,
                   "peak_gpu_memory_gb": round(torch.cuda.max_memory_allocated() / 2**30, 2) if on_gpu else None,
                   "config": config_to_dict(config), "log_history": history}
        (config.run_dir / "finetune.json").write_text(json.dumps(summary, indent=1, default=_json_default),
                                                       encoding="utf-8")
    return result


def _json_default(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return str(value)
