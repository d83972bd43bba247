"""Score the guide on a blind set (test/data/blind/*.tsv): right place, asked back, abstained, wrong place.

    python -m hyguide_eval.blind dev            # the part one may look at while building
    python -m hyguide_eval.blind holdout        # only at the end (test/data/blind/README.md)
    python -m hyguide_eval.blind dev --show wrong,abstain

A row's `expect` is a place id (the answer must be about it), `GOAL<START` (a route: the goal and the
start must both be the answer's), `NIL` (the KB does not hold it: answering about any place is wrong)
or `ASK:a|b` (asking back, or naming one of them, is right). The last line printed is one JSON object.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from hyguide_ros.guide import CampusGuide, GuideAnswer

SETS = Path(__file__).resolve().parents[1] / "test" / "data" / "blind"
OUTCOMES = ("right", "ask", "abstain", "wrong")


@dataclass
class Row:
    id: str
    language: str
    category: str
    question: str
    expect: str
    context: str
    note: str


def read_set(name: str) -> list[Row]:
    path = SETS / f"{name}.tsv"
    if not path.is_file():
        raise SystemExit(f"blind set not found: {path}")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [Row(**{k: (v or "") for k, v in r.items()}) for r in csv.DictReader(lines, delimiter="\t")]


def outcome(row: Row, answer: GuideAnswer) -> str:
    """right / ask / abstain / wrong for one answer."""
    expect = row.expect
    if answer.asked_back:
        if expect.startswith("ASK:"):
            return "right"
        return "ask"
    if answer.abstained or not answer.place_ids or not answer.grounded:
        return "abstain"
    if expect == "NIL":
        return "wrong"
    if expect.startswith("ASK:"):
        return "right" if answer.place_ids[0] in expect[4:].split("|") else "wrong"
    goal, _, start = expect.partition("<")
    if answer.place_ids[0] != goal:
        return "wrong"
    if start and start not in answer.place_ids[1:]:
        return "wrong"                      # the right goal from the wrong start is a wrong route
    return "right"


def score(rows: list[Row], guide: CampusGuide | None = None) -> tuple[dict, list[tuple[Row, GuideAnswer, str]]]:
    guide = guide or CampusGuide()
    results = []
    for row in rows:
        conversation = f"blind-{row.id}"
        if row.context:
            guide.ask(row.context, conversation)
        answer = guide.ask(row.question, conversation)
        guide.reset(conversation)
        results.append((row, answer, outcome(row, answer)))
    known = [o for r, _, o in results if r.expect != "NIL"]
    counts = Counter(o for _, _, o in results)
    by_category: dict[str, Counter] = defaultdict(Counter)
    for r, _, o in results:
        by_category[r.category][o] += 1
    figures = {"questions": len(results), **{o: counts[o] for o in OUTCOMES},
               "known": len(known), "known_right_share": round(known.count("right") / len(known), 3) if known else 0.0,
               "by_category": {c: dict(v) for c, v in sorted(by_category.items())}}
    return figures, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", nargs="+", help="dev, holdout (test/data/blind/NAME.tsv)")
    parser.add_argument("--show", default="wrong", help="outcomes to list, comma-separated (default wrong; '' = none)")
    args = parser.parse_args(argv)
    show = {s for s in args.show.split(",") if s}
    out = {}
    for name in args.set:
        figures, results = score(read_set(name))
        out[name] = figures
        print(f"{name}: {figures['questions']} questions: " + ", ".join(f"{o} {figures[o]}" for o in OUTCOMES)
              + f"; known places answered right {figures['known_right_share']:.1%}")
        for category, c in figures["by_category"].items():
            print(f"  {category:24} " + " ".join(f"{o} {c.get(o, 0):>2}" for o in OUTCOMES))
        for row, answer, o in results:
            if o in show:
                print(f"  [{o}] {row.id} {row.question!r} ({row.context!r}) expect {row.expect}: "
                      f"{answer.intent} {answer.place_ids} {answer.text[:110]!r}", file=sys.stderr)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
