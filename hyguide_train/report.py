"""The run's Markdown report (report/report.md) with its plots, from the stages' JSON files.

- loss.png: training and evaluation loss over steps (finetune.json's log history);
- metrics.png: key-fact recall, contradiction and abstain rates, chrF, per model (the guide baseline,
  the merged model, each GGUF quantization);
- speed.png: decode tokens/s and time to first token per model, and file sizes.

The report opens with the inputs it looked for, each found or not (with its path), so a near-empty
report says why; with none found it also warns on stderr.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .environment import versions_text
from .train_config import TrainConfig


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


@dataclass
class ReportInput:
    """One stage result the report reads: what it is, where it is looked for, which command writes it."""
    name: str
    path: Path
    written_by: str

    @property
    def found(self) -> bool:
        return self.path.is_file()


def report_inputs(config: TrainConfig) -> list[ReportInput]:
    """The stage results the report is made from, in pipeline order."""
    return [ReportInput("fine-tuning", config.run_dir / "finetune.json", "hyguide-train finetune"),
            ReportInput("merge", config.merged_dir / "merge.json", "hyguide-train merge"),
            ReportInput("GGUF export", config.gguf_dir / "export.json", "hyguide-train export"),
            ReportInput("evaluation", config.report_dir / "evaluate.json", "hyguide-train evaluate")]


def inputs_section(inputs: list[ReportInput]) -> list[str]:
    """Markdown lines: each input, found or not, with its path (a missing one names the command that writes it)."""
    lines = ["## Inputs", "", "| input | file | status |", "|---|---|---|"]
    lines += [f"| {i.name} | `{i.path}` | {'found' if i.found else f'not found (written by `{i.written_by}`)'} |"
              for i in inputs]
    return lines + [""]


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def plot_loss(history: list[dict], path: Path) -> bool:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    train = [(h["step"], h["loss"]) for h in history if "loss" in h and "step" in h]
    evals = [(h["step"], h["eval_loss"]) for h in history if "eval_loss" in h and "step" in h]
    if not train and not evals:
        return False
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for points, label, style in ((train, "train loss", "-"), (evals, "eval loss", "o-")):
        if points:
            ax.plot(*zip(*points), style, label=label)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss")
    ax.set_title("Fine-tuning loss")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def plot_metrics(models: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    names = [m["model"] for m in models]
    panels = [("key_fact_recall", "key-fact recall", 1.0), ("contradiction_rate", "contradiction rate", None),
              ("abstain_rate", "abstain rate", None), ("chrf", "chrF", 100.0)]
    fig, axes = plt.subplots(1, len(panels), figsize=(3.2 * len(panels), 3.6))
    colors = plt.cm.tab10(np.arange(len(names)) % 10)
    for ax, (key, title, top) in zip(axes, panels):
        values = [m.get(key) or 0 for m in models]
        ax.bar(range(len(names)), values, color=colors)
        ax.set_title(title)
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=7)
        ax.set_ylim(0, top or max(0.05, 1.2 * max(values)))   # rates: zero stays at the bottom
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_speed(models: list[dict], path: Path) -> bool:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    timed = [m for m in models if m.get("tokens_per_s")]
    if not timed:
        return False
    names = [m["model"] for m in timed]
    panels = [("tokens_per_s", "decode tokens/s"), ("ttft_ms_p50", "time to first token (ms, p50)"),
              ("bytes", "size (MB)")]
    fig, axes = plt.subplots(1, len(panels), figsize=(3.6 * len(panels), 3.6))
    for ax, (key, title) in zip(axes, panels):
        values = [(m.get(key) or 0) / (1e6 if key == "bytes" else 1) for m in timed]
        ax.bar(range(len(names)), values, color="tab:blue")
        ax.set_title(title)
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=7)
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write_report(config: TrainConfig) -> Path:
    """report/report.md and its PNGs from whatever stages have finished."""
    out = config.report_dir
    out.mkdir(parents=True, exist_ok=True)
    run = config.run_dir
    inputs = report_inputs(config)
    finetune, merge, export, evaluation = (_load(i.path) for i in inputs)
    if not any(i.found for i in inputs):
        # a report of nothing is most often a wrong -c / training.output_dir: say so where it is seen
        print(f"hyguide-train report: warning: none of the stages' results is under {run} "
              f"({', '.join(i.path.name for i in inputs)}); the report only lists them. Run the stages first "
              f"(hyguide-train pipeline), or point -c / --set training.output_dir=... at the run", file=sys.stderr)

    lines = [f"# Fine-tuning report: {run.name}", "", f"Base model: `{config.model.base}`; run directory `{run}`.", ""]
    lines += inputs_section(inputs)
    if finetune:
        c = finetune["config"]
        lines += ["## Fine-tuning", "",
                  f"- {finetune['steps']} optimizer steps in {finetune['seconds']:.1f} s on {finetune['device']}"
                  + (f" ({finetune['gpu']}, peak {finetune['peak_gpu_memory_gb']} GiB)" if finetune.get("gpu") else "")
                  + (f"; resumed from `{Path(finetune['resumed_from']).name}`" if finetune.get("resumed_from") else ""),
                  f"- quantization {c['quantization']['mode']}, LoRA r={c['lora']['r']} alpha={c['lora']['alpha']} "
                  f"on {', '.join(c['lora']['target_modules'])}; {finetune['trainable_params']:,} trainable parameters",
                  f"- data: {', '.join(c['data']['variants'])} variant(s), {finetune['examples']['task']} task + "
                  f"{finetune['examples']['general']} general examples, {finetune['examples']['val']} validation; "
                  f"loss on {'answers only' if c['data']['assistant_only_loss'] else 'all tokens'}",
                  f"- best eval loss {_fmt(finetune.get('best_eval_loss'))}"
                  + (f" at `{Path(finetune['best_checkpoint']).name}`" if finetune.get("best_checkpoint") else ""), ""]
        if plot_loss(finetune.get("log_history", []), out / "loss.png"):
            lines += ["![loss curves](loss.png)", ""]
    if merge:
        lines += ["## Merge", "",
                  f"Adapter merged into the float32 base, saved as {merge['dtype']} ({merge['bytes'] / 1e6:.1f} MB). "
                  f"Max |logit difference|, merged vs base+adapter over {merge['tokens_compared']} tokens: "
                  f"{merge['merge_max_logit_diff']:.2e} (after saving in {merge['dtype']}: "
                  f"{merge['saved_max_logit_diff']:.2e}).", ""]
    if export:
        from .gguf_export import size_table
        lines += ["## GGUF export", "",
                  f"llama.cpp vs transformers on {export['tokens_compared']} tokens: max |logit difference| "
                  f"{export['gguf_max_logit_diff']:.2e} (largest logit {export['max_abs_logit']:.2f}), same top token "
                  f"at {export['top1_agreement']:.1%} of positions, tokenization "
                  f"{'identical' if export['tokenization_matches'] else 'DIFFERENT'}.", "", size_table(export), ""]
    if evaluation:
        models = evaluation["models"]
        lines += ["## Evaluation", "",
                  f"{evaluation['questions']} validation questions ({', '.join(evaluation['variants'])} prompts; "
                  "places the model did not train on). Recall, contradiction and abstain as in `hyguide eval`.", "",
                  "| model | size MB | perplexity | recall | contradiction | abstain | BLEU | chrF | tokens/s | TTFT ms |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for m in models:
            lines.append(f"| {m['model']} | {_fmt(m['bytes'] / 1e6 if m.get('bytes') else None, 1)} | "
                         f"{_fmt(m.get('perplexity'), 2)} | {m['key_fact_recall']:.3f} | {m['contradiction_rate']:.3f} | "
                         f"{m['abstain_rate']:.3f} | {m['bleu']:.1f} | {m['chrf']:.1f} | {_fmt(m.get('tokens_per_s'), 1)} | "
                         f"{_fmt(m.get('ttft_ms_p50'), 1)} |")
        plot_metrics(models, out / "metrics.png")
        lines += ["", "![metrics per model](metrics.png)", ""]
        if plot_speed(models, out / "speed.png"):
            lines += ["![speed and size per model](speed.png)", ""]
        lines += ["### Sample answers", ""]
        for m in models:
            for s in m.get("samples", [])[:2]:
                lines.append(f"- **{m['model']}** — Q: {s['question']} — A: {s['answer'][:200] or '(empty)'}")
        lines.append("")
    lines += ["## Software", "", f"Report written with {versions_text()}.", ""]
    path = out / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
