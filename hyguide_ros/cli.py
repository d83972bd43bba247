"""`hyguide`: ask the campus guide from the command line (no ROS, no models needed).

    hyguide ask "한양플라자 어디야?"
    hyguide ask --batch questions.jsonl > answers.jsonl
    hyguide chat
    hyguide models list

Scoring the guide on QA files is evaluation, not the robot's: python -m hyguide_eval.seed (make eval).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .engines.model_store import DEFAULT_ROOT
from .guide import CampusGuide, GuideConfig, GuideInputError
from .knowledge import LANGUAGES, KnowledgeBaseError


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hyguide", description="Hanyang campus guide: grounded answers "
                                     "from the campus knowledge base.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    common.add_argument("--language", default="auto", choices=["auto", *LANGUAGES],
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
