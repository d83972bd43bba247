"""Score the guide on messages-format QA files (the seed's training QA: `make eval`, `make eval-noisy`).

    python -m hyguide_eval.seed campus=train_data_in_messages.json offcampus=a.json,b.json --json-out score.json
    python -m hyguide_eval.seed --noise all campus=train_data_in_messages.json

Key-fact recall, contradictions, abstentions, wrong places and latency (definitions: hyguide_eval/scoring.py);
with --noise, each kind of recogniser noise (hyguide_eval/noise.py) next to the same questions clean.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from hyguide_ros.guide import CampusGuide, GuideConfig
from hyguide_ros.guide.phrase.key_facts import extract_facts
from hyguide_ros.knowledge import LANGUAGES, KnowledgeBaseError

from .scoring import Score


def _guide(args: argparse.Namespace) -> CampusGuide:
    return CampusGuide(GuideConfig(knowledge_base=args.kb, language=args.language, style=args.style,
                                   robot_location=args.robot_location))


def _load_messages(path: Path) -> list[tuple[str, str]]:
    """(question, reference) pairs: the last user and assistant turns of each item."""
    text = path.read_text(encoding="utf-8")
    items = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
        else json.loads(text)
    pairs = []
    for item in items:
        messages = item.get("messages", [])
        users = [m["content"] for m in messages if m.get("role") == "user"]
        assistants = [m["content"] for m in messages if m.get("role") == "assistant"]
        if users and assistants:
            pairs.append((users[-1].split("\n")[-1], assistants[-1]))
    return pairs


def _score(guide: CampusGuide, pairs: list[tuple[str, str]], label: str, args: argparse.Namespace) -> dict:
    """Key-fact recall, contradictions, abstentions, wrong places and latency of the guide on `pairs`.

    A wrong place: the answer is about a place (not an abstention or a question back) and none of the
    places it is about is a place the reference names."""
    score, latencies, wrong = Score(), [], []
    for number, (question, reference) in enumerate(pairs):
        t0 = time.perf_counter()
        answer = guide.ask(question, conversation_id="eval")
        latencies.append((time.perf_counter() - t0) * 1e3)
        guide.reset("eval")
        ref_facts = extract_facts(reference, guide.index)
        our_facts = extract_facts(answer.text, guide.index)
        if score.add(ref_facts, our_facts, answer.abstained) and args.show_contradictions:
            print(f"  contradiction: {question}\n    ref: {reference}\n    our: {answer.text}", file=sys.stderr)
        ref_places = {f.value for f in ref_facts if f.kind == "place"}
        wrong.append(bool(ref_places and answer.place_ids and not answer.abstained and not answer.asked_back
                          and not ref_places & set(answer.place_ids)))
        if args.progress and number % 1000 == 0:
            print(f"  {label}: {number}/{len(pairs)}", file=sys.stderr)
    latencies.sort()
    return {
        "questions": score.questions, "key_fact_recall": round(score.recall, 4),
        "contradiction_rate": round(score.contradiction_rate, 4), "abstain_rate": round(score.abstain_rate, 4),
        "trip_minutes": score.trip_reference_facts, "trip_minutes_recall": round(score.trip_recall, 4),
        "wrong_places": wrong,
        "latency_p50_ms": round(statistics.median(latencies), 3) if latencies else None,
        "latency_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 3)
        if latencies else None,
    }


def _read_groups(args: argparse.Namespace) -> dict[str, list[tuple[str, str]]] | None:
    groups = {}
    for group in args.files:
        label, _, files = group.rpartition("=")
        paths = [Path(p) for p in files.split(",")]
        pairs = []
        for p in paths:
            if not p.is_file():
                print(f"hyguide_eval.seed: {_missing_file(p)}", file=sys.stderr)
                return None
            pairs += _load_messages(p)
        groups[label or paths[0].stem] = pairs[: args.limit] if args.limit else pairs
    return groups


def _missing_file(path: Path) -> str:
    """Why `path` cannot be read, in one line. A missing folder is most often the seed data of `make eval`
    (../shared/seed-data by default, the Makefile's SEED), so that case says where to point it."""
    if path.parent.is_dir():
        return f"QA file not found: {path}"
    return (f"seed data not found: {path} (its folder {path.parent} does not exist; `make eval` reads the seed "
            f"data from SEED, default ../shared/seed-data: make eval SEED=/path/to/seed-data)")


def _cmd_eval(args: argparse.Namespace) -> int:
    guide = _guide(args)
    groups = _read_groups(args)
    if groups is None:
        return 2
    if args.noise:
        return _eval_noisy(guide, groups, args)
    results = {label: _score(guide, pairs, label, args) for label, pairs in groups.items()}
    print(f"{'group':<12} {'questions':>9} {'recall':>7} {'contra':>7} {'abstain':>8} {'wrong':>6} {'p50 ms':>7} "
          f"{'p99 ms':>7}")
    for label, r in results.items():
        r["wrong_place_rate"] = round(sum(r.pop("wrong_places")) / max(r["questions"], 1), 4)
        print(f"{label:<12} {r['questions']:>9} {r['key_fact_recall']:>7.3f} {r['contradiction_rate']:>7.3f} "
              f"{r['abstain_rate']:>8.3f} {r['wrong_place_rate']:>6.3f} {r['latency_p50_ms']:>7.3f} "
              f"{r['latency_p99_ms']:>7.3f}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def _eval_noisy(guide: CampusGuide, groups: dict[str, list[tuple[str, str]]], args: argparse.Namespace) -> int:
    """Each kind of recogniser noise alone, on the questions it changes, next to the same questions clean.
    `new wrong`: questions answered about a wrong place with noise that were not without it."""
    import random

    from .noise import NOISE_KINDS, add_noise
    kinds = NOISE_KINDS if args.noise == "all" else tuple(args.noise.split(","))
    unknown = [k for k in kinds if k not in NOISE_KINDS]
    if unknown:
        print(f"hyguide_eval.seed: unknown noise kind(s) {', '.join(unknown)}; kinds: {', '.join(NOISE_KINDS)}",
              file=sys.stderr)
        return 2
    results: dict[str, dict] = {}
    print(f"{'group':<14} {'noise':<14} {'questions':>9} {'clean rec':>9} {'recall':>7} {'clean con':>9} {'contra':>7} "
          f"{'abstain':>8} {'new wrong':>9}")
    for label, pairs in groups.items():
        for kind in kinds:
            rng = random.Random(f"{label}/{kind}")
            noisy = [(n, q, ref) for q, ref in pairs if (n := add_noise(kind, q, guide.index, rng))]
            clean = _score(guide, [(q, ref) for _, q, ref in noisy], label, args)
            heard = _score(guide, [(n, ref) for n, _, ref in noisy], label, args)
            new_wrong = sum(h and not c for h, c in zip(heard.pop("wrong_places"), clean.pop("wrong_places")))
            row = {"questions": heard["questions"], "clean_recall": clean["key_fact_recall"],
                   "key_fact_recall": heard["key_fact_recall"], "contradiction_rate": heard["contradiction_rate"],
                   "clean_contradiction_rate": clean["contradiction_rate"],
                   "abstain_rate": heard["abstain_rate"],
                   "new_wrong_place_rate": round(new_wrong / max(heard["questions"], 1), 4),
                   "examples": [n for n, _, _ in noisy[:3]]}
            results.setdefault(label, {})[kind] = row
            print(f"{label:<14} {kind:<14} {row['questions']:>9} {row['clean_recall']:>9.3f} "
                  f"{row['key_fact_recall']:>7.3f} {row['clean_contradiction_rate']:>9.3f} "
                  f"{row['contradiction_rate']:>7.3f} {row['abstain_rate']:>8.3f} "
                  f"{row['new_wrong_place_rate']:>9.4f}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hyguide_eval.seed",
                                     description="score the guide on messages-format QA files")
    parser.add_argument("files", nargs="+", metavar="[NAME=]FILE[,FILE...]",
                        help="QA files (JSON list or JSONL of {'messages': [...]}), grouped under NAME")
    parser.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    parser.add_argument("--language", default="auto", choices=["auto", *LANGUAGES],
                        help="reply language (default: the question's)")
    parser.add_argument("--style", default="polite", choices=["polite", "casual"], help="Korean speech style")
    parser.add_argument("--robot-location", default="", help="KB place id where the robot stands")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pairs of each group")
    parser.add_argument("--json-out", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--show-contradictions", action="store_true", help="print each contradiction to stderr")
    parser.add_argument("--progress", action="store_true", help="print progress to stderr")
    parser.add_argument("--noise", metavar="KIND[,KIND]|all", default="",
                        help="ask each question as a speech recogniser could write it, one kind of noise at a time "
                             "(hyguide_eval/noise.py NOISE_KINDS), next to the clean question")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _cmd_eval(args)
    except (KnowledgeBaseError, ValueError) as exc:
        print(f"hyguide_eval.seed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
