"""`make bench-reply-length`: how long the robot talks, per reply to the seed's questions.

Every question of ../shared/seed-data's training files (without it: where/route/floor questions
about every KB place, in both languages) is answered by the guide; each reply's sentences are
said by the default voices (espeak-ng for Korean, the installed en_US-joe-medium piper voice for
English) and the tts node's rule decides how much is said (`SpokenLength`: the answer, then the
first step, within 12 s), of each sentence's spoken form (`GuideAnswer.spoken`: lists of places cut
to two). "whole reply" is every written sentence said. Prints p50/p95/max seconds, spoken and whole, per language; the last
line is one JSON object. Each distinct sentence is synthesised once.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from tqdm import tqdm

from hyguide_ros.engines.speech_text import SpeechText
from hyguide_ros.engines.tts import SpokenLength, Synthesizer, TtsConfig
from hyguide_ros.guide import CampusGuide
from hyguide_ros.knowledge import load_knowledge_base

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed-data"
SEED_FILES = ("train_data_in_messages.json", "train_data_1km_messages.json", "train_data_2km_messages.json")
FALLBACK_QUESTIONS = {"ko": ["{name} 어디야?", "{name} 어떻게 가?", "{name} 몇 층이야?"],
                      "en": ["Where is {name}?", "How do I get to {name}?"]}


def questions(guide: CampusGuide) -> tuple[list[str], str]:
    if all((SEED / name).is_file() for name in SEED_FILES):
        found = []
        for name in SEED_FILES:
            for item in json.loads((SEED / name).read_text(encoding="utf-8")):
                users = [m["content"] for m in item["messages"] if m["role"] == "user"]
                if users:
                    found.append(users[-1].split("\n")[-1])
        return found, "the seed's questions"
    made = [q.format(name=p.name_ko if lang == "ko" else p.name_en) for p in guide.kb.places.values()
            for lang, qs in FALLBACK_QUESTIONS.items() for q in qs]
    return made, "questions about every KB place (no ../shared)"


def figures(seconds: list[float]) -> dict:
    a = np.asarray(seconds)
    return {"replies": int(a.size), "p50_s": round(float(np.percentile(a, 50)), 2),
            "p95_s": round(float(np.percentile(a, 95)), 2), "max_s": round(float(a.max()), 2)} if a.size else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="a random sample of N questions, seed 0 (0 = all; "
                        "all the seed's questions take about an hour on 2 cores)")
    parser.add_argument("--max-sentences", type=int, default=SpokenLength.max_sentences,
                        help="sentences said per reply (the tts node's max_spoken_sentences)")
    parser.add_argument("--max-seconds", type=float, default=SpokenLength.max_seconds,
                        help="seconds said per reply (the tts node's max_spoken_s)")
    parser.add_argument("--cache", default="", help="a JSON file of sentence durations, read and extended "
                        "(the same voices; e.g. ~/.cache/hyguide/reply-durations.json)")
    args = parser.parse_args()
    guide = CampusGuide()
    asked, source = questions(guide)
    if args.sample and args.sample < len(asked):
        asked = random.Random(0).sample(asked, args.sample)
        source += f", a random sample of {args.sample}"
    replies = []
    for question in tqdm(asked, desc="answering", file=sys.stderr):
        answer = guide.ask(question, "bench")
        guide.reset("bench")
        replies.append((answer.language, answer.spoken, answer.sentences))
    synth = Synthesizer(TtsConfig(), SpeechText.from_knowledge_base(load_knowledge_base("")))
    print(f"voices: {synth.describe()}", file=sys.stderr)
    distinct = sorted({(lang, s) for lang, spoken, written in replies for s in spoken + written})

    def duration(item: tuple[str, str]) -> float:
        return synth.synthesize(item[1], item[0]).duration_s
    # durations already measured with these voices (--cache): a rule can be tried again in a second
    cache = Path(args.cache).expanduser() if args.cache else None
    known = json.loads(cache.read_text(encoding="utf-8")) if cache and cache.is_file() else {}
    todo = [item for item in distinct if f"{item[0]}\t{item[1]}" not in known]
    with ThreadPoolExecutor(2) as pool:      # espeak-ng runs as a process, piper releases the GIL in onnxruntime
        for item, seconds in zip(todo, tqdm(pool.map(duration, todo), total=len(todo),
                                            desc="synthesising distinct sentences", file=sys.stderr)):
            known[f"{item[0]}\t{item[1]}"] = seconds
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
    durations = {item: known[f"{item[0]}\t{item[1]}"] for item in distinct}
    rule = SpokenLength(args.max_sentences, args.max_seconds)
    spoken: dict[str, list[float]] = {"ko": [], "en": []}
    whole: dict[str, list[float]] = {"ko": [], "en": []}
    for lang, spoken_form, sentences in replies:
        said, seconds = 0, 0.0
        for sentence in spoken_form:
            d = durations[(lang, sentence)]
            if not rule.keeps(said, seconds, d):
                break
            said, seconds = said + 1, seconds + d
        spoken.setdefault(lang, []).append(seconds)
        whole.setdefault(lang, []).append(sum(durations[(lang, s)] for s in sentences))
    result = {"source": source, "questions": len(asked), "distinct_sentences": len(distinct),
              "rule": {"max_sentences": rule.max_sentences, "max_seconds": rule.max_seconds},
              "voices": synth.describe(),
              "spoken": {lang: figures(v) for lang, v in spoken.items() if v},
              "spoken_all": figures([x for v in spoken.values() for x in v]),
              "whole_reply": {lang: figures(v) for lang, v in whole.items() if v}}
    print(f"{'':12}{'replies':>9}{'p50 s':>8}{'p95 s':>8}{'max s':>8}")
    for label, table in (("spoken", result["spoken"]), ("whole reply", result["whole_reply"])):
        for lang, f in table.items():
            print(f"{label + ' ' + lang:12}{f['replies']:>9}{f['p50_s']:>8}{f['p95_s']:>8}{f['max_s']:>8}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
