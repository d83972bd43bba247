"""`hyguide-train evaluate`: the merged model and every GGUF file on the validation split.

Per model: perplexity of the reference answers (answer tokens only), key-fact recall / contradiction /
abstain rates (the definitions of `hyguide eval`, hyguide_ros.guide.scoring), BLEU and chrF against the
references (sacrebleu), and generation speed (decode tokens/s, time to first token). The guide's own
composed answers to the same questions are the baseline row. Writes report/evaluate.json; the
Markdown report with plots is `report.py`'s.
"""
from __future__ import annotations

import functools
import json
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .child import run_in_child
from .errors import TrainError
from .finetune import fold_system, load_tokenizer, read_jsonl, select_records, torch_dtype
from .train_config import TrainConfig


@dataclass
class Generation:
    text: str
    tokens: int
    ttft_s: float        # prompt in -> first new token out
    seconds: float       # whole generation


class HFRunner:
    """transformers on the merged model (GPU when there is one)."""

    name = "hf"

    def __init__(self, model_dir: Path, dtype: str):
        import torch
        from transformers import AutoModelForCausalLM
        on_gpu = torch.cuda.is_available()
        self.model = AutoModelForCausalLM.from_pretrained(
            str(model_dir), dtype=torch_dtype(dtype) if on_gpu else torch.float32,
            device_map={"": 0 if on_gpu else "cpu"}, attn_implementation="eager").eval()

    def logits(self, ids: list[int]) -> np.ndarray:
        from .gguf_export import hf_logits
        return hf_logits(self.model, ids)

    def generate(self, ids: list[int], max_new_tokens: int, stop_ids: list[int], decode) -> Generation:
        import torch
        from transformers.generation.streamers import BaseStreamer

        class Clock(BaseStreamer):    # generate() hands the prompt first, then each new token
            def __init__(self):
                self.times: list[float] = []

            def put(self, value):
                self.times.append(time.perf_counter())

            def end(self):
                pass

        clock, start = Clock(), time.perf_counter()
        with torch.no_grad():
            out = self.model.generate(torch.tensor([ids], device=self.model.device), max_new_tokens=max_new_tokens,
                                      do_sample=False, eos_token_id=stop_ids, pad_token_id=stop_ids[0],
                                      streamer=clock)
        new = [t for t in out[0, len(ids):].tolist() if t not in stop_ids]
        seconds = time.perf_counter() - start
        return Generation(decode(new), len(new), (clock.times[1] if len(clock.times) > 1 else time.perf_counter()) - start,
                          seconds)

    def close(self) -> None:
        del self.model


class LlamaRunner:
    """llama.cpp (llama-cpp-python) on a GGUF file."""

    def __init__(self, path: Path, n_ctx: int, n_gpu_layers: int, threads: int):
        from .gguf_export import open_llama
        self.name = path.name
        self.llm = open_llama(path, n_ctx=n_ctx, threads=threads, n_gpu_layers=n_gpu_layers)

    def logits(self, ids: list[int]) -> np.ndarray:
        from .gguf_export import llama_logits
        return llama_logits(self.llm, ids)

    def generate(self, ids: list[int], max_new_tokens: int, stop_ids: list[int], decode) -> Generation:
        self.llm.reset()
        start, first, new = time.perf_counter(), None, []
        for token in self.llm.generate(ids, top_k=1, top_p=1.0, temp=0.0, repeat_penalty=1.0, reset=True):
            first = first or time.perf_counter()
            if token in stop_ids:
                break
            new.append(token)
            if len(new) >= max_new_tokens:
                break
        end = time.perf_counter()
        return Generation(decode(new), len(new), (first or end) - start, end - start)

    def close(self) -> None:
        self.llm.close()


# --------------------------------------------------------------------------- metrics
def answer_nll(logits: np.ndarray, ids: list[int], answer_start: int) -> tuple[float, int]:
    """Summed negative log-likelihood of ids[answer_start:] under `logits` (row t predicts token t+1)."""
    rows = logits[answer_start - 1: len(ids) - 1].astype(np.float64)
    targets = np.array(ids[answer_start:])
    peak = rows.max(axis=1, keepdims=True)
    log_norm = peak[:, 0] + np.log(np.exp(rows - peak).sum(axis=1))
    return float((log_norm - rows[np.arange(len(targets)), targets]).sum()), len(targets)


@dataclass
class ModelScore:
    model: str
    kind: str                           # hf | gguf | guide
    bytes: int | None = None
    perplexity: float | None = None
    key_fact_recall: float = 0.0
    contradiction_rate: float = 0.0
    abstain_rate: float = 0.0
    bleu: float = 0.0
    chrf: float = 0.0
    tokens_per_s: float | None = None   # decode speed (tokens after the first / their time)
    ttft_ms_p50: float | None = None
    latency_ms_p50: float | None = None
    questions: int = 0
    samples: list[dict] = field(default_factory=list)    # a few answers, for the report


def score_answers(rows: list[tuple[str, str, str]], answers: list[str]) -> dict:
    """recall / contradiction / abstain / BLEU / chrF of `answers` against (question, reference, language) rows."""
    import sacrebleu

    from hyguide_eval.scoring import Score, says_unknown
    from hyguide_ros.guide.phrase.key_facts import extract_facts

    index = _guide().index
    score = Score()
    for (_, reference, _), answer in zip(rows, answers):
        score.add(extract_facts(reference, index), extract_facts(answer, index), says_unknown(answer))
    refs = [reference for _, reference, _ in rows]
    return {"key_fact_recall": score.recall, "contradiction_rate": score.contradiction_rate,
            "abstain_rate": score.abstain_rate,
            "bleu": sacrebleu.corpus_bleu(answers, [refs], tokenize="intl").score,
            "chrf": sacrebleu.corpus_chrf(answers, [refs]).score, "questions": len(rows)}


@functools.cache
def _guide():
    """One guide for scoring and the baseline (loading the knowledge base is not free)."""
    from hyguide_ros.guide import CampusGuide
    return CampusGuide()


def evaluation_set(config: TrainConfig) -> list[dict]:
    """Validation records of the configured variants, a fixed sample of at most max_questions."""
    records = select_records(read_jsonl(config.data.val, "validation data"), config.data.variants)
    n = config.evaluate.max_questions
    return random.Random(0).sample(records, n) if 0 < n < len(records) else records


def _question(record: dict) -> str:
    from hyguide_ros.guide.phrase.prompt import question_of
    meta = record.get("meta") or {}
    return meta.get("question") or question_of(record["messages"][-2]["content"])


def guide_baseline(records: list[dict]) -> ModelScore:
    """The text guide's composed answers to the same questions (each its own conversation)."""
    from hyguide_ros.guide.phrase.prompt import question_of
    guide = _guide()
    answers, latencies = [], []
    for record in records:
        guide.reset()
        for turn in record["messages"][:-2]:      # a multi-turn record: the earlier questions first ("거기")
            if turn["role"] == "user":
                guide.ask(question_of(turn["content"]))
        start = time.perf_counter()
        answers.append(guide.ask(_question(record)).text)
        latencies.append((time.perf_counter() - start) * 1000)
    rows = [(_question(r), r["messages"][-1]["content"], (r.get("meta") or {}).get("language", "")) for r in records]
    return ModelScore(model="guide (composed)", kind="guide", latency_ms_p50=statistics.median(latencies),
                      samples=_samples(rows, answers), **score_answers(rows, answers))


def _samples(rows, answers, n: int = 3) -> list[dict]:
    return [{"question": q, "reference": ref, "answer": a} for (q, ref, _), a in list(zip(rows, answers))[:n]]


def evaluate_runner(runner, tokenizer, records: list[dict], config: TrainConfig, progress: bool) -> ModelScore:
    from tqdm import tqdm
    e = config.evaluate
    limit = config.model.max_seq_length
    stop_ids = [tokenizer.eos_token_id] + [i for i in [tokenizer.convert_tokens_to_ids("<end_of_turn>")]
                                           if isinstance(i, int) and i != tokenizer.unk_token_id]

    def decode(ids: list[int]) -> str:
        return tokenizer.decode(ids, skip_special_tokens=True).strip()

    nll = count = 0.0
    for record in tqdm(records[: e.perplexity_samples], desc=f"{runner.name}: perplexity", unit="q", disable=not progress):
        messages = fold_system(record["messages"])
        prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
        full = tokenizer.apply_chat_template(messages, tokenize=False)
        ids = tokenizer(full, add_special_tokens=False)["input_ids"]
        start = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
        if len(ids) > limit:        # a long prompt loses its beginning, not the answer that is scored
            start, ids = max(start - (len(ids) - limit), 0), ids[len(ids) - limit:]
        if start < len(ids):
            part, n = answer_nll(runner.logits(ids), ids, start)
            nll, count = nll + part, count + n

    rows, answers, gens = [], [], []
    for record in tqdm(records, desc=f"{runner.name}: answers", unit="q", disable=not progress):
        messages = fold_system(record["messages"])
        prompt = tokenizer.apply_chat_template(messages[:-1], add_generation_prompt=True, tokenize=False)
        ids = tokenizer(prompt, add_special_tokens=False)["input_ids"][-(limit - e.max_new_tokens):]
        gen = runner.generate(ids, e.max_new_tokens, stop_ids, decode)
        gens.append(gen)
        answers.append(gen.text)
        rows.append((_question(record), messages[-1]["content"], (record.get("meta") or {}).get("language", "")))
    decode_rates = [(g.tokens - 1) / (g.seconds - g.ttft_s) for g in gens if g.tokens > 1 and g.seconds > g.ttft_s]
    return ModelScore(model=runner.name, kind="hf" if isinstance(runner, HFRunner) else "gguf",
                      perplexity=float(np.exp(nll / count)) if count else None,
                      tokens_per_s=statistics.median(decode_rates) if decode_rates else None,
                      ttft_ms_p50=statistics.median(g.ttft_s for g in gens) * 1000 if gens else None,
                      latency_ms_p50=statistics.median(g.seconds for g in gens) * 1000 if gens else None,
                      samples=_samples(rows, answers), **score_answers(rows, answers))


def evaluate_gguf(path: Path, records: list[dict], config: TrainConfig, progress: bool) -> ModelScore:
    """One GGUF file's row (run in a child process by `evaluate`)."""
    e = config.evaluate
    runner = LlamaRunner(path, n_ctx=config.model.max_seq_length, n_gpu_layers=e.n_gpu_layers, threads=e.threads)
    try:
        return evaluate_runner(runner, load_tokenizer(config.merged_dir), records, config, progress)
    finally:
        runner.close()


def evaluate(config: TrainConfig, progress: bool = True) -> dict:
    """Score the guide baseline, the merged model and the GGUF files; write report/evaluate.json."""
    e = config.evaluate
    if not (config.merged_dir / "merge.json").is_file():
        raise TrainError(f"{config.merged_dir} has no finished merge; run `hyguide-train merge` first")
    records = evaluation_set(config)
    tokenizer = load_tokenizer(config.merged_dir)
    start = time.perf_counter()
    scores = [guide_baseline(records)]
    if "hf" in e.models:
        runner = HFRunner(config.merged_dir, config.merge.dtype)
        try:
            scores.append(evaluate_runner(runner, tokenizer, records, config, progress))
        finally:
            runner.close()
        scores[-1].bytes = sum(p.stat().st_size for p in config.merged_dir.glob("*.safetensors"))
    if "gguf" in e.models:
        export_file = config.gguf_dir / "export.json"
        if not export_file.is_file():
            raise TrainError(f"{config.gguf_dir} has no finished export; run `hyguide-train export` first")
        for info in json.loads(export_file.read_text(encoding="utf-8"))["files"].values():
            path = config.gguf_dir / info["path"]
            # In a child process: a crash in llama.cpp's native kernels fails this stage with the file's
            # name and the signal instead of ending the caller (a pipeline, a test run).
            scores.append(run_in_child(f"llama.cpp on {path}", evaluate_gguf, path, records, config, progress))
            scores[-1].bytes = path.stat().st_size
    summary = {"stage": "evaluate", "done": True, "seconds": round(time.perf_counter() - start, 2),
               "questions": len(records), "variants": config.data.variants, "models": [asdict(s) for s in scores]}
    config.report_dir.mkdir(parents=True, exist_ok=True)
    (config.report_dir / "evaluate.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False),
                                                      encoding="utf-8")
    return summary
