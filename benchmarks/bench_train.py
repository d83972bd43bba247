"""`make bench-train`: the whole model toolchain on a tiny random Gemma, on this machine's CPU.

dataset build -> QLoRA finetune (4-bit base, the seed's recipe shrunk to a few dozen steps) -> merge
(float32 base, logits checked) -> GGUF export (logits checked against transformers) -> Q4_K_M, Q4_0,
Q4_K_S, Q8_0 -> evaluate every model -> report. The model is a stand-in (test/tiny_models.py), so the
quality figures are noise; the point is that every stage runs through the real libraries and that
the logit checks hold. The run directory (results/bench-train) keeps the report and plots.
The last line printed is one JSON object.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test"))
from tiny_models import make_tiny_gemma  # noqa: E402

from hyguide_train.dataset import DatasetConfig, build_dataset  # noqa: E402
from hyguide_train.evaluate import evaluate  # noqa: E402
from hyguide_train.finetune import finetune  # noqa: E402
from hyguide_train.gguf_export import export, size_table  # noqa: E402
from hyguide_train.merge import merge  # noqa: E402
from hyguide_train.report import write_report  # noqa: E402
from hyguide_train.train_config import load_config  # noqa: E402

LOGIT_BOUND = 1e-3


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "bench-train", help="run directory (emptied first)")
    ap.add_argument("--steps", type=int, default=30, help="optimizer steps (default 30)")
    ap.add_argument("--questions", type=int, default=20, help="validation questions per model (default 20)")
    args = ap.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    t0 = time.perf_counter()
    base = make_tiny_gemma(args.out / "tiny-gemma")
    data = args.out / "sft"
    build_dataset(DatasetConfig(out_dir=data), progress=False)
    print(f"tiny Gemma + dataset: {time.perf_counter() - t0:.1f} s", flush=True)

    config = load_config(None, [        # the shipped seed recipe, shrunk
        f"model.base={base}", "model.max_seq_length=512",
        f"data.train={data / 'train.jsonl'}", f"data.val={data / 'val.jsonl'}", "data.variants=[grounded]",
        "data.assistant_only_loss=true", f"data.max_train_samples={args.steps * 4}", "data.max_val_samples=16",
        f"training.output_dir={args.out / 'run'}", f"training.max_steps={args.steps}",
        "training.gradient_accumulation_steps=2", f"training.eval_steps={max(args.steps // 5, 1)}",
        f"training.save_steps={max(args.steps // 5, 1)}", "training.logging_steps=1", "training.learning_rate=0.003",
        "training.gradient_checkpointing=false", "merge.dtype=float32", "export.rtol=0",
        f"export.atol={LOGIT_BOUND}", f"evaluate.max_questions={args.questions}", "evaluate.max_new_tokens=32",
        f"evaluate.perplexity_samples={args.questions}"])

    result = finetune(config, progress=False)
    print(f"finetune: {result.steps} steps in {result.seconds:.1f} s, best eval loss {result.best_eval_loss:.3f}",
          flush=True)
    merged = merge(config, progress=False)
    print(f"merge: max |logit diff| {merged['merge_max_logit_diff']:.2e} ({merged['seconds']:.1f} s)", flush=True)
    exported = export(config, progress=False)
    print(f"export: max |logit diff| {exported['gguf_max_logit_diff']:.2e}, top-1 agreement "
          f"{exported['top1_agreement']:.1%}\n{size_table(exported)}", flush=True)
    evaluation = evaluate(config, progress=False)
    report = write_report(config)
    print(f"{'model':<20} {'ppl':>9} {'recall':>7} {'contra':>7} {'abstain':>8} {'BLEU':>6} {'chrF':>6} "
          f"{'tok/s':>8} {'TTFT ms':>8}")
    metrics = {}
    for m in evaluation["models"]:
        metrics[m["model"]] = {k: (round(m[k], 4) if isinstance(m[k], float) else m[k]) for k in (
            "perplexity", "key_fact_recall", "contradiction_rate", "abstain_rate", "bleu", "chrf", "tokens_per_s",
            "ttft_ms_p50")}
        row = metrics[m["model"]]
        print(f"{m['model']:<20} {row['perplexity'] or 0:>9.2f} {row['key_fact_recall']:>7.3f} "
              f"{row['contradiction_rate']:>7.3f} {row['abstain_rate']:>8.3f} {row['bleu']:>6.1f} {row['chrf']:>6.1f} "
              f"{row['tokens_per_s'] or 0:>8.0f} {row['ttft_ms_p50'] or 0:>8.1f}")
    print(f"report: {report}")
    passed = merged["merge_max_logit_diff"] <= LOGIT_BOUND and exported["gguf_max_logit_diff"] <= LOGIT_BOUND
    print(json.dumps({
        "finetune_s": round(result.seconds, 2), "finetune_steps": result.steps,
        "best_eval_loss": round(result.best_eval_loss, 4),
        "merge_max_logit_diff": merged["merge_max_logit_diff"], "gguf_max_logit_diff": exported["gguf_max_logit_diff"],
        "gguf_top1_agreement": exported["top1_agreement"],
        "quant_bytes": {k: v["bytes"] for k, v in exported["files"].items()},
        "metrics": metrics, "total_s": round(time.perf_counter() - t0, 1), "logit_bound": LOGIT_BOUND,
        "passed": passed}, ensure_ascii=False))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
