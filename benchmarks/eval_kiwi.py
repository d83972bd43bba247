"""Evaluate Kiwi (kiwipiepy), a Korean morphological analyser, against the guide's particle rules.

The guide strips Korean particles and endings with a longest-first suffix list
(`knowledge.search._KO_PARTICLES`) where it needs bare words: the words left over after the known
names were found, which decide "a named place that is not ours" (abstain) and near spellings (ask
back). This script runs the seed's questions (and the same questions with each kind of recogniser
noise) through the guide twice, with the suffix list and with Kiwi doing that stripping (the KB's
names added to Kiwi's dictionary as proper nouns, so it does not split them), and prints recall,
contradictions, abstentions, wrong places and Kiwi's own time per question (p50/p99).

    pip install kiwipiepy                 # not a dependency of the project: this is the evaluation
    python benchmarks/eval_kiwi.py [--noise]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed-data"
GROUPS = {"campus": ["train_data_in_messages.json"],
          "offcampus": ["train_data_1km_messages.json", "train_data_2km_messages.json"]}


class KiwiParticles:
    """`strip(word)`: the word without its trailing particles/endings, as Kiwi analyses it."""

    def __init__(self, names: list[str]):
        from kiwipiepy import Kiwi
        self.kiwi = Kiwi()
        for name in names:
            if " " not in name and 1 < len(name) <= 20:
                self.kiwi.add_user_word(name, "NNP")
        self.seconds: list[float] = []

    def strip(self, word: str) -> str:
        start = time.perf_counter()
        tokens = self.kiwi.tokenize(word)
        # drop the trailing run of particles (J*), endings (E*), copula (VCP) and suffixes (XS*)
        keep = len(tokens)
        while keep > 1 and tokens[keep - 1].tag.startswith(("J", "E", "VCP", "XS")):
            keep -= 1
        stripped = word[: tokens[keep - 1].end] if keep < len(tokens) else word
        self.seconds.append(time.perf_counter() - start)
        return stripped if len(stripped) >= 2 else word


def run(use_kiwi: bool, noise: bool) -> dict:
    from hyguide_eval import seed
    from hyguide_ros.guide import CampusGuide
    from hyguide_ros.knowledge import search
    guide = CampusGuide()
    kiwi = None
    original = search.PlaceIndex.leftover_words
    if use_kiwi:
        names = [n for p in guide.kb.places.values() for n in (p.name_ko, *p.aliases)]
        kiwi = KiwiParticles(names)

        def leftover_words(self, text, mentions):
            norm = search.normalize(text)
            for m in sorted(mentions, key=lambda x: -x.start):
                norm = norm[:m.start] + " " + norm[m.end:]
            import re
            return [kiwi.strip(raw) if re.search("[가-힣]", raw) else raw
                    for raw in re.findall(r"[0-9a-z가-힣]+", norm)]
        search.PlaceIndex.leftover_words = leftover_words
    try:
        args = argparse.Namespace(show_contradictions=False, progress=False, noise="all" if noise else "",
                                  limit=0, json_out="")
        pairs = {label: [p for f in files for p in seed._load_messages(SEED / f)] for label, files in GROUPS.items()}
        if noise:
            seed._eval_noisy(guide, pairs, args)
            result = {}
        else:
            result = {label: seed._score(guide, group, label, args) for label, group in pairs.items()}
            for r in result.values():
                r["wrong_place_rate"] = round(sum(r.pop("wrong_places")) / max(r["questions"], 1), 4)
    finally:
        search.PlaceIndex.leftover_words = original
    if kiwi and kiwi.seconds:
        ms = sorted(s * 1e3 for s in kiwi.seconds)
        result["kiwi_ms_per_word"] = {"p50": round(statistics.median(ms), 4), "p99": round(ms[int(len(ms) * 0.99)], 4),
                                      "words": len(ms)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--noise", action="store_true", help="also the noisy-question table (slow)")
    args = parser.parse_args()
    if not SEED.is_dir():
        print(f"eval_kiwi: {SEED} is not there", file=sys.stderr)
        return 2
    try:
        import kiwipiepy  # noqa: F401
    except ImportError:
        print("eval_kiwi: pip install kiwipiepy (the evaluation needs it; the project does not)", file=sys.stderr)
        return 2
    for use_kiwi in (False, True):
        print(("kiwi" if use_kiwi else "rules") + ": " + json.dumps(run(use_kiwi, False)), flush=True)
        if args.noise:
            print(f"--- noisy, {'kiwi' if use_kiwi else 'rules'}:", flush=True)
            run(use_kiwi, True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
