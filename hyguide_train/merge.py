"""`hyguide-train merge`: the LoRA adapter merged into the full-precision base, checked, saved.

The seed merged into the 4-bit copy of the base and lost quality; here the base is loaded in float32
(never quantized), the adapter applied, and the merged model's logits compared with base+adapter's on
validation prompts before anything is written. The model is then saved in `merge.dtype` as
safetensors shards, with the tokenizer (and sentencepiece's tokenizer.model, which the GGUF export
reads). `merge.json` is written last: its presence means "done".
"""
from __future__ import annotations

import gc
import json
import shutil
import time
from pathlib import Path

import numpy as np

from .errors import TrainError
from .finetune import load_tokenizer, torch_dtype
from .gguf_export import hf_logits, validation_prompts
from .train_config import TrainConfig


def copy_tokenizer_model(base: str, revision: str, dest: Path) -> None:
    """sentencepiece's tokenizer.model from the base (a directory or the Hugging Face cache) into `dest`."""
    if (dest / "tokenizer.model").is_file():
        return
    if Path(base).is_dir():
        source = Path(base) / "tokenizer.model"
        if source.is_file():
            shutil.copy2(source, dest / "tokenizer.model")
        return
    try:
        from huggingface_hub import hf_hub_download
        shutil.copy2(hf_hub_download(base, "tokenizer.model", revision=revision or None), dest / "tokenizer.model")
    except Exception as exc:   # not every model ships one; export says so if it is needed
        print(f"merge: no tokenizer.model for {base} ({exc}); the GGUF export will need it")


def merge(config: TrainConfig, progress: bool = True) -> dict:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    adapter, out = config.adapter_dir, config.merged_dir
    if not (adapter / "adapter_config.json").is_file():
        raise TrainError(f"no adapter in {adapter} (adapter_config.json); run `hyguide-train finetune` first")
    start = time.perf_counter()
    (out / "merge.json").unlink(missing_ok=True)
    tokenizer = load_tokenizer(adapter)
    try:
        base = AutoModelForCausalLM.from_pretrained(config.model.base, revision=config.model.revision or None,
                                                    dtype=torch.float32, device_map={"": "cpu"},
                                                    attn_implementation="eager")
    except OSError as exc:
        raise TrainError(f"cannot load the base model {config.model.base!r}: {exc}") from None
    model = PeftModel.from_pretrained(base, str(adapter)).eval()

    prompts = validation_prompts(config, config.merge.check_prompts)
    ids = [tokenizer(p, add_special_tokens=False)["input_ids"][:512] for p in prompts]
    reference = [hf_logits(model, i) for i in ids]
    with model.disable_adapter():     # how far the adapter moved the base: 0 would mean nothing was learned
        change = max(float(np.abs(hf_logits(model, i) - r).max()) for i, r in zip(ids, reference))
    merged = model.merge_and_unload().eval()
    diff = max(float(np.abs(hf_logits(merged, i) - r).max()) for i, r in zip(ids, reference))
    if diff > config.merge.tolerance:
        raise TrainError(f"the merged model's logits differ from base+adapter's by {diff:.3g} "
                         f"(> merge.tolerance {config.merge.tolerance:g}); nothing was written")

    out.mkdir(parents=True, exist_ok=True)
    merged.to(torch_dtype(config.merge.dtype)).save_pretrained(str(out), max_shard_size=config.merge.max_shard_size)
    tokenizer.save_pretrained(str(out))
    copy_tokenizer_model(config.model.base, config.model.revision, out)
    del model, merged, base                       # one float32 copy in memory at a time
    gc.collect()

    # What saving in merge.dtype costs, for the record: the saved model against base+adapter.
    saved = AutoModelForCausalLM.from_pretrained(str(out), dtype=torch.float32, device_map={"": "cpu"},
                                                 attn_implementation="eager").eval()
    saved_diff = max(float(np.abs(hf_logits(saved, i) - r).max()) for i, r in zip(ids, reference))
    summary = {"stage": "merge", "done": True, "seconds": round(time.perf_counter() - start, 2),
               "merge_max_logit_diff": diff, "saved_max_logit_diff": saved_diff,
               "adapter_max_logit_change": change, "dtype": config.merge.dtype,
               "prompts": len(ids), "tokens_compared": sum(len(i) for i in ids), "base": config.model.base,
               "bytes": sum(p.stat().st_size for p in out.glob("*.safetensors"))}
    (out / "merge.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary
