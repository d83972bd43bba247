"""`hyguide`: ask the campus guide from the command line (no ROS, no models needed).

    hyguide ask "한양플라자 어디야?"
    hyguide ask --batch questions.jsonl > answers.jsonl
    hyguide chat
    hyguide eval campus=train_data_in_messages.json offcampus=a.json,b.json
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from .guide import CampusGuide, GuideConfig, GuideInputError
from .guide.scoring import Score, extract_facts
from .engines.model_store import DEFAULT_ROOT
from .knowledge import KnowledgeBaseError


def _guide(args: argparse.Namespace) -> CampusGuide:
    return CampusGuide(GuideConfig(knowledge_base=args.kb, language=args.language, style=args.style,
                                   robot_location=args.robot_location))


def _cmd_ask(args: argparse.Namespace) -> int:
    guide = _guide(args)
    if args.batch:
        return _ask_batch(guide, args.batch)
    if not args.question:
        print("hyguide ask: give a question or --batch FILE", file=sys.stderr)
        return 2
    answer = guide.ask(" ".join(args.question))
    print(json.dumps({"id": None, **answer.to_dict()}, ensure_ascii=False) if args.json else answer.text)
    return 0


def _ask_batch(guide: CampusGuide, path: str) -> int:
    """One JSON object per input line; each line is its own conversation. Bad lines are reported,
    not fatal, so a long batch loses nothing."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    failures = 0
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question, item_id = item["question"], item.get("id", number)
                answer = guide.ask(question, conversation_id=f"batch-{number}")
                guide.reset(f"batch-{number}")
                out = {"id": item_id, **answer.to_dict()}
            except (json.JSONDecodeError, KeyError, TypeError, GuideInputError) as exc:
                failures += 1
                out = {"id": None, "line": number, "error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    if failures:
        print(f"hyguide ask --batch: {failures} line(s) could not be answered (see 'error')", file=sys.stderr)
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    guide = _guide(args)
    print("hyguide chat: ask about the Hanyang campus; '/reset' forgets, '/quit' or Ctrl-D leaves.")
    while True:
        try:
            line = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line in ("/quit", "/exit"):
            return 0
        if line == "/reset":
            guide.reset("chat")
            print("(forgotten)")
            continue
        if not line:
            continue
        try:
            print(guide.ask(line, conversation_id="chat").text)
        except GuideInputError as exc:
            print(f"({exc})")


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
                print(f"hyguide eval: {_missing_file(p)}", file=sys.stderr)
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

    from .guide.noise import NOISE_KINDS, add_noise
    kinds = NOISE_KINDS if args.noise == "all" else tuple(args.noise.split(","))
    unknown = [k for k in kinds if k not in NOISE_KINDS]
    if unknown:
        print(f"hyguide eval: unknown noise kind(s) {', '.join(unknown)}; kinds: {', '.join(NOISE_KINDS)}",
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
    parser = argparse.ArgumentParser(prog="hyguide", description="Hanyang campus guide: grounded answers "
                                     "from the campus knowledge base.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    common.add_argument("--language", default="auto", choices=["auto", "ko", "en"],
                        help="reply language (default: the question's)")
    common.add_argument("--style", default="polite", choices=["polite", "casual"], help="Korean speech style")
    common.add_argument("--robot-location", default="", help="KB place id where the robot stands")
    sub = parser.add_subparsers(dest="command", required=True, help="what to do (COMMAND -h for its options)")
    ask = sub.add_parser("ask", parents=[common], help="answer one question, or a JSONL batch")
    ask.add_argument("question", nargs="*", help="the question")
    ask.add_argument("--batch", metavar="FILE", help='JSONL lines {"id": ..., "question": ...}; "-" = stdin')
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    ask.set_defaults(func=_cmd_ask)
    chat = sub.add_parser("chat", parents=[common], help="interactive conversation with memory")
    chat.set_defaults(func=_cmd_chat)
    ev = sub.add_parser("eval", parents=[common], help="score the guide on messages-format QA files")
    ev.add_argument("files", nargs="+", metavar="[NAME=]FILE[,FILE...]",
                    help="QA files (JSON list or JSONL of {'messages': [...]}), grouped under NAME")
    ev.add_argument("--limit", type=int, default=0, help="score only the first N pairs of each group")
    ev.add_argument("--json-out", metavar="PATH", help="also write the figures as JSON")
    ev.add_argument("--show-contradictions", action="store_true", help="print each contradiction to stderr")
    ev.add_argument("--progress", action="store_true", help="print progress to stderr")
    ev.add_argument("--noise", metavar="KIND[,KIND]|all", default="",
                    help="ask each question as a speech recogniser could write it, one kind of noise at a time "
                         "(spacing, vowels, numerals, loanwords, fillers, plain), next to the clean question")
    ev.set_defaults(func=_cmd_eval)
    models = sub.add_parser("models", help="the models the voice graph names: which are on this machine, and "
                            "fetching them on a connected one (then copy the folder to the robot)")
    models.add_argument("action", choices=["list", "fetch"], help="list: what is here; fetch: download what is not")
    models.add_argument("--dir", default=str(DEFAULT_ROOT), help="the models folder (default ~/.cache/hyguide, "
                        "where the default config looks); copy it to the same place on the robot")
    models.add_argument("--asr", action="append", default=[], metavar="SIZE",
                        help="a faster-whisper size (repeatable; default: the config's asr model, small)")
    models.add_argument("--voice", action="append", default=[], metavar="NAME",
                        help="a piper voice name (repeatable; default: the config's voices, en_US-joe-medium)")
    models.set_defaults(func=_cmd_models)
    return parser


def _cmd_models(args: argparse.Namespace) -> int:
    """`hyguide models list|fetch`: one line per model, found or not and where; fetch exits 1 when one
    could not be had (no network, an unknown name), after trying every other."""
    from .engines.asr import AsrConfig
    from .engines.model_store import fetch_voice, fetch_whisper, find_voice, piper_dir, whisper_dir
    from .engines.tts import TtsConfig
    root = Path(args.dir).expanduser()
    sizes = args.asr or [AsrConfig().model]
    voices = args.voice or [v for v in TtsConfig().voices.values() if v]
    wanted = [("whisper", size) for size in sizes] + [("piper voice", voice) for voice in voices]
    failed = 0
    for kind, model in wanted:
        if args.action == "fetch":
            got = (fetch_whisper if kind == "whisper" else fetch_voice)(model, root)
            failed += not got.ok
            print(f"{'ok  ' if got.ok else 'FAIL'} {got.what}: {got.where if got.ok else got.message}")
            continue
        if kind == "whisper":
            found = next(whisper_dir(root).glob(f"models--*faster-whisper-{model}/snapshots/*/model.bin"), None)
            where = whisper_dir(root)
        else:
            found, where = find_voice(model, piper_dir(root)), piper_dir(root)
        print(f"{'here   ' if found else 'missing'} {kind} {model} ({found if kind != 'whisper' and found else where})")
    if args.action == "fetch":
        print(f"copy {root} to ~/.cache/hyguide on the robot (the default config looks there)")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KnowledgeBaseError, ValueError) as exc:
        print(f"hyguide: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
