"""Fine-tuning memory and speed at ko-gemma-2b-v1's real shape, on a GPU, without downloading it.

A random-weight Gemma with ko-gemma-2b-v1's dimensions (hidden 2048, 18 layers, 8 heads / 1 KV head
of 256, MLP 16384, 256000-row embedding: 2.5 B parameters) and the tests' small tokenizer is trained
for --steps steps with a shipped config (default: the seed recipe, config/train.yaml), then merged.
The small tokenizer splits Korean into more tokens than Gemma's, so the sequences are longer than the
real run's: the memory figures are an upper bound. Prints one JSON object as its last line.

    python benchmarks/bench_train_gpu.py --config config/train.yaml --steps 20
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test"))
from tiny_models import make_tiny_gemma  # noqa: E402

from hyguide_train.dataset import DatasetConfig, build_dataset  # noqa: E402
from hyguide_train.finetune import finetune  # noqa: E402
from hyguide_train.merge import merge  # noqa: E402
from hyguide_train.train_config import load_config  # noqa: E402

KO_GEMMA_2B = dict(hidden=2048, layers=18, heads=8, kv_heads=1, head_dim=256, ffn=16384, model_vocab=256000)


def main() -> int:
    import torch
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", action="append", default=[], help="config YAML(s) to measure (repeatable; "
                    "default config/train.yaml)")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "bench-train-gpu")
    ap.add_argument("--merge", action="store_true", help="also merge (float32 base on the CPU) and time it")
    args = ap.parse_args()
    if not torch.cuda.is_available():
        print("bench_train_gpu: no CUDA GPU here", file=sys.stderr)
        return 2
    shutil.rmtree(args.out, ignore_errors=True)
    t0 = time.perf_counter()
    base = make_tiny_gemma(args.out / "gemma-2b-shape", dtype="bfloat16", **KO_GEMMA_2B)
    data = args.out / "sft"
    build_dataset(DatasetConfig(out_dir=data), progress=False)
    print(f"model + data: {time.perf_counter() - t0:.0f} s", flush=True)

    results = []
    for config_file in args.config or [str(ROOT / "config" / "train.yaml")]:
        name = Path(config_file).stem
        config = load_config(config_file, [
            f"model.base={base}", f"data.train={data / 'train.jsonl'}", f"data.val={data / 'val.jsonl'}",
            f"training.output_dir={args.out / name}", f"training.max_steps={args.steps}",
            f"training.eval_steps={args.steps}", f"training.save_steps={args.steps}", "training.logging_steps=1",
            "data.max_val_samples=32", "merge.check_prompts=2"])
        torch.cuda.reset_peak_memory_stats()
        result = finetune(config, progress=False)
        summary = json.loads((config.run_dir / "finetune.json").read_text())
        steps = [h for h in summary["log_history"] if "loss" in h and "num_tokens" in h]
        tokens = [b["num_tokens"] - a["num_tokens"] for a, b in zip(steps, steps[1:])]
        train = next(h for h in summary["log_history"] if "train_runtime" in h)
        row = {"config": name, "gpu": summary["gpu"], "quantization": config.quantization.mode,
               "lora_r": config.lora.r, "targets": config.lora.target_modules,
               "trainable_params": summary["trainable_params"], "steps": result.steps,
               "s_per_step": round(train["train_runtime"] / result.steps, 3),
               "tokens_per_step": statistics.median(tokens) if tokens else None,
               "sequences_per_step": config.training.per_device_batch_size * config.training.gradient_accumulation_steps,
               "peak_gpu_memory_gb": summary["peak_gpu_memory_gb"],
               "reserved_gpu_memory_gb": round(torch.cuda.max_memory_reserved() / 2**30, 2)}
        if args.merge:
            merged = merge(config, progress=False)
            row.update(merge_s=merged["seconds"], merge_max_logit_diff=merged["merge_max_logit_diff"],
                       merged_bytes=merged["bytes"])
        print(json.dumps(row), flush=True)
        results.append(row)
        torch.cuda.empty_cache()
    print(json.dumps({"runs": results, "total_s": round(time.perf_counter() - t0, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
